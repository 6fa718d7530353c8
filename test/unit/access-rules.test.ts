/**
 * The access rules derived from authz-model.fga: which written relations imply each relation and
 * how they flow through resellers and tiers, evaluated over tuples in memory. (Agreement with
 * OpenFGA on random graphs is test/integration/list-differential.test.ts.)
 */
import { AccessRules, TupleGraph } from '../../src/domain/access-rules';
import { AuthzModel } from '../../src/domain/authz-model';

const T = (user: string, relation: string, object: string) => ({ user, relation, object });
const rules = new AccessRules(AuthzModel.load().json);

describe('AccessRules derived from the model', () => {
  it('says which written relations imply each relation, as the contract table does', () => {
    const direct = (type: string, relation: string) => rules.rule(type, relation).direct.map((d) => d.relation).sort();
    expect(direct('organization', 'can_view')).toEqual(['admin', 'member', 'owner']);
    expect(direct('organization', 'can_manage')).toEqual(['admin', 'owner']);
    expect(direct('organization', 'reseller')).toEqual(['reseller']);
    expect(direct('reseller', 'member')).toEqual(['admin', 'member', 'owner']);
    expect(direct('reseller', 'parent')).toEqual(['parent']);
    expect(rules.rule('organization', 'can_view').steps).toEqual([{ via: 'reseller', fromType: 'reseller', next: 'reseller#member' }]);
    expect(rules.involved('organization', 'can_manage')).toEqual({ first: ['admin', 'owner'], links: ['parent', 'reseller'] });
    expect(rules.involved('organization', 'member')).toEqual({ first: ['admin', 'member', 'owner'], links: [] });
  });

  it('refuses a model with exclusion, which chains of tuples cannot explain', () => {
    const dsl = 'model\n  schema 1.1\ntype user\ntype doc\n  relations\n    define blocked: [user]\n    define viewer: [user] but not blocked\n';
    expect(() => new AccessRules(AuthzModel.fromDsl(dsl).json)).toThrow(/exclusion/);
  });

  describe('over a graph with two reseller tiers in a cycle', () => {
    const graph = new TupleGraph([
      T('user:anna', 'member', 'reseller:top'),
      T('user:bo', 'admin', 'reseller:mid'),
      T('user:cy', 'owner', 'organization:acme'),
      T('reseller:top', 'parent', 'reseller:mid'),
      T('reseller:mid', 'parent', 'reseller:top'),
      T('reseller:mid', 'reseller', 'organization:acme'),
      T('user:dee', 'member', 'organization:other'),
    ]);

    it('lets a top-tier member view the customer of a lower tier, but not manage it', () => {
      expect(rules.objectsOf(graph, 'user:anna', 'can_view', 'organization')).toEqual(['organization:acme']);
      expect(rules.objectsOf(graph, 'user:anna', 'can_manage', 'organization')).toEqual([]);
    });

    it('lists everyone who can view the customer, and only users when asked for users', () => {
      expect(rules.usersOf(graph, 'organization:acme', 'can_view', 'user')).toEqual(['user:anna', 'user:bo', 'user:cy']);
      expect(rules.usersOf(graph, 'organization:acme', 'reseller')).toEqual(['reseller:mid']);
      expect(rules.usersOf(graph, 'organization:other', 'can_manage')).toEqual([]);
    });

    it('accepts a chain through the tiers and refuses a member chain for can_manage', () => {
      const chain = [T('user:anna', 'member', 'reseller:top'), T('reseller:top', 'parent', 'reseller:mid'), T('reseller:mid', 'reseller', 'organization:acme')];
      expect(rules.accepts(chain, 'can_view')).toBe(true);
      expect(rules.accepts(chain, 'can_manage')).toBe(false);
      expect(rules.accepts([T('user:cy', 'owner', 'organization:acme')], 'can_manage')).toBe(true);
    });
  });
});

describe('endTypes', () => {
  const rules = new AccessRules(AuthzModel.load().json);

  it('names the types that can hold a tuple of the relations, and the types it can point at', () => {
    expect(rules.endTypes(['member', 'reseller', 'parent'], 'user')).toEqual(['reseller', 'user']);
    expect(rules.endTypes(['member', 'reseller', 'parent'], 'object')).toEqual(['organization', 'reseller']);
    expect(rules.endTypes(['reseller'], 'user')).toEqual(['reseller']);
    expect(rules.endTypes(['reseller'], 'object')).toEqual(['organization']);
    expect(rules.endTypes([], 'user')).toEqual([]);
  });
});
