/** What the model lets be written and asked, and the 400s that name what is allowed. */
import { AuthzModel } from '../../src/domain/authz-model';
import { InvalidInputError } from '../../src/domain/errors';

const model = AuthzModel.load();
const refusal = (fn: () => void): InvalidInputError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

it('accepts the tuples the contract describes', () => {
  expect(() => model.validateWrite({ user: 'user:anna', relation: 'owner', object: 'organization:acme' })).not.toThrow();
  expect(() => model.validateWrite({ user: 'reseller:webbyran', relation: 'reseller', object: 'organization:kund-1' })).not.toThrow();
  expect(() => model.validateWrite({ user: 'reseller:dist', relation: 'parent', object: 'reseller:webbyran' })).not.toThrow();
});

it('refuses an unknown type, naming the known ones', () => {
  const err = refusal(() => model.validateWrite({ user: 'user:a', relation: 'member', object: 'team:x' }));
  expect(err.code).toBe('unknown_type');
  expect(err.message).toContain('organization');
});

it('refuses writing a computed relation, naming the writable ones', () => {
  const err = refusal(() => model.validateWrite({ user: 'user:a', relation: 'can_view', object: 'organization:x' }));
  expect(err.code).toBe('unknown_relation');
  expect(err.message).toMatch(/owner.*admin.*member|reseller/);
});

it('refuses a user type the relation does not take', () => {
  const err = refusal(() => model.validateWrite({ user: 'user:a', relation: 'parent', object: 'reseller:x' }));
  expect(err.code).toBe('user_type_not_allowed');
  expect(err.message).toBe('reseller#parent takes users of type reseller, not user');
});

it('refuses ids outside the contract pattern', () => {
  for (const object of ["organization:a'}) DETACH DELETE n //", 'organization:', 'organization', 'organization:-x', `organization:${'a'.repeat(129)}`]) {
    expect(refusal(() => model.validateWrite({ user: 'user:a', relation: 'member', object })).code).toBe('invalid_object_reference');
  }
});

it('lets any declared relation be asked, but not an undeclared one', () => {
  expect(() => model.validateQuestion({ user: 'user:a', relation: 'can_manage', object: 'organization:x' })).not.toThrow();
  expect(refusal(() => model.validateQuestion({ user: 'user:a', relation: 'can_fly', object: 'organization:x' })).code).toBe('unknown_relation');
});

it('names the part of a question whose type is unknown', () => {
  expect(refusal(() => model.validateQuestion({ user: 'user:a', relation: 'can_view', object: 'account:123' })).message).toMatch(/^object has unknown type "account"; types: /);
  expect(refusal(() => model.validateQuestion({ user: 'robot:a', relation: 'can_view', object: 'organization:x' })).message).toMatch(/^user has unknown type "robot"; types: /);
});
