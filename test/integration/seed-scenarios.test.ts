/**
 * The seed scenarios of the partner program, written and checked through the HTTP API against
 * the real Neo4j and OpenFGA.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('seed');
const id = (name: string) => `${name}.${run}`;
const u = (n: string) => `user:${id(n)}`;
const org = (n: string) => `organization:${id(n)}`;
const rs = (n: string) => `reseller:${id(n)}`;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

async function write(writes: ReturnType<typeof T>[], deletes: ReturnType<typeof T>[] = []) {
  const res = await svc.post('/v1/tuples', { writes, deletes });
  expect(res.status).toBe(200);
  expect(res.body.revision).toMatch(/^\d+$/);
  return res.body.revision as string;
}

async function can(user: string, relation: string, object: string): Promise<boolean> {
  const res = await svc.post('/v1/check', { user, relation, object });
  expect(res.status).toBe(200);
  return res.body.allowed;
}

describe('seed scenarios', () => {
  beforeAll(async () => {
    await write([
      T(u('anna'), 'owner', org('annas-firma')),
      T(u('bertil'), 'member', org('projekt-a')),
      T(u('bertil'), 'admin', org('projekt-b')),
      T(u('cecilia'), 'member', org('delad')),
      T(u('david'), 'member', org('delad')),
      T(u('cecilia'), 'member', org('c-egen')),
      T(u('erik'), 'member', rs('webbyran')),
      T(u('frida'), 'admin', rs('webbyran')),
      T(rs('webbyran'), 'reseller', org('kund-1')),
      T(rs('webbyran'), 'reseller', org('kund-2')),
      T(u('gustav'), 'member', org('kund-1')),
      T(rs('webbyran'), 'reseller', org('kund-4')),
      T(rs('konsult'), 'reseller', org('kund-4')),
      T(u('hanna'), 'member', rs('konsult')),
      T(u('ivar'), 'admin', rs('distributor')),
      T(rs('distributor'), 'parent', rs('webbyran')),
    ]);
  });

  it('lets anna, owner of annas-firma, view and manage it', async () => {
    expect(await can(u('anna'), 'can_view', org('annas-firma'))).toBe(true);
    expect(await can(u('anna'), 'can_manage', org('annas-firma'))).toBe(true);
  });

  it('lets bertil manage projekt-b where he is admin but not projekt-a where he is a member', async () => {
    expect(await can(u('bertil'), 'can_manage', org('projekt-a'))).toBe(false);
    expect(await can(u('bertil'), 'can_manage', org('projekt-b'))).toBe(true);
  });

  it('does not let david, who shares delad with cecilia, view cecilia\'s own organization', async () => {
    expect(await can(u('david'), 'can_view', org('delad'))).toBe(true);
    expect(await can(u('david'), 'can_view', org('c-egen'))).toBe(false);
  });

  it('lets the reseller\'s member view and its admin manage its customers', async () => {
    expect(await can(u('erik'), 'can_view', org('kund-1'))).toBe(true);
    expect(await can(u('erik'), 'can_manage', org('kund-1'))).toBe(false);
    expect(await can(u('frida'), 'can_manage', org('kund-2'))).toBe(true);
  });

  it('keeps a customer\'s user out of the reseller and its other customers', async () => {
    expect(await can(u('gustav'), 'can_view', org('kund-1'))).toBe(true);
    expect(await can(u('gustav'), 'can_view', org('kund-2'))).toBe(false);
    expect(await can(u('gustav'), 'can_view', rs('webbyran'))).toBe(false);
  });

  it('reaches an organization with two resellers through either, and nothing else', async () => {
    expect(await can(u('hanna'), 'can_view', org('kund-4'))).toBe(true);
    expect(await can(u('hanna'), 'can_view', org('kund-1'))).toBe(false);
  });

  it('lets the admin of a parent reseller manage the tier below and its customers', async () => {
    expect(await can(u('ivar'), 'can_manage', org('kund-1'))).toBe(true);
    expect(await can(u('ivar'), 'can_manage', rs('webbyran'))).toBe(true);
  });

  it('takes view access away as soon as the delete of the reseller link returns', async () => {
    expect(await can(u('erik'), 'can_view', org('kund-2'))).toBe(true);
    await write([], [T(rs('webbyran'), 'reseller', org('kund-2'))]);
    expect(await can(u('erik'), 'can_view', org('kund-2'))).toBe(false);
    expect(await can(u('erik'), 'can_view', org('kund-1'))).toBe(true);
  });
});
