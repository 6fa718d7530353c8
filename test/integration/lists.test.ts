/**
 * Batch checks and complete list queries over HTTP against the real Neo4j and OpenFGA.
 */
import { startTestService, T, uid, type Reply, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('lists');
const u = (n: string) => `user:${n}.${run}`;
const org = (n: string) => `organization:${n}.${run}`;
const rs = (n: string) => `reseller:${n}.${run}`;
let revision: string;

beforeAll(async () => {
  svc = await startTestService();
  const customers = Array.from({ length: 7 }, (_, i) => T(rs('byra'), 'reseller', org(`kund-${i}`)));
  const res = await svc.post('/v1/tuples', {
    writes: [...customers, T(u('erik'), 'member', rs('byra')), T(u('anna'), 'owner', org('kund-0')), T(u('bo'), 'admin', rs('dist')), T(rs('dist'), 'parent', rs('byra'))],
  });
  expect(res.status).toBe(200);
  revision = res.body.revision;
});
afterAll(async () => {
  await svc?.stop();
});

describe('POST /v1/check/batch', () => {
  it('answers every check in request order', async () => {
    const res = await svc.post('/v1/check/batch', {
      checks: [
        { user: u('erik'), relation: 'can_view', object: org('kund-3') },
        { user: u('erik'), relation: 'can_manage', object: org('kund-3') },
        { user: u('bo'), relation: 'can_manage', object: org('kund-6') },
        { user: u('anna'), relation: 'can_view', object: org('kund-1') },
      ],
      consistency: { atLeast: revision },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ results: [{ allowed: true }, { allowed: false }, { allowed: true }, { allowed: false }] });
  });

  it('refuses more than 100 checks, naming the limit', async () => {
    const check = { user: u('erik'), relation: 'can_view', object: org('kund-1') };
    const res = await svc.post('/v1/check/batch', { checks: Array.from({ length: 101 }, () => check) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/at most 100 checks; got 101/);
  });

  it('refuses the whole batch when one check names an unknown relation, saying which', async () => {
    const res = await svc.post('/v1/check/batch', {
      checks: [{ user: u('erik'), relation: 'can_view', object: org('kund-1') }, { user: u('erik'), relation: 'can_fly', object: org('kund-1') }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^checks\[1\]: relation "can_fly"/);
  });

  it('needs the check scope', async () => {
    const res = await svc.post('/v1/check/batch', { checks: [] }, svc.token('read'));
    expect(res.status).toBe(403);
  });
});

describe('POST /v1/list-objects', () => {
  it('pages through every customer a reseller member can view, sorted, with no repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Reply = await svc.post('/v1/list-objects', { user: u('erik'), relation: 'can_view', type: 'organization', limit: 3, cursor });
      expect(res.status).toBe(200);
      expect(res.body.objects.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.objects);
      cursor = res.body.cursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => org(`kund-${i}`)).sort());
  });

  it('follows reseller tiers: the parent reseller\'s admin manages the child\'s customers', async () => {
    const res = await svc.post('/v1/list-objects', { user: u('bo'), relation: 'can_manage', type: 'organization', limit: 1000, consistency: { atLeast: revision } });
    expect(res.body.objects).toHaveLength(7);
    expect(res.body.cursor).toBeNull();
  });

  it('refuses an unknown type and a malformed revision with 400s saying what is allowed', async () => {
    const bad = await svc.post('/v1/list-objects', { user: u('erik'), relation: 'can_view', type: 'planet' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/types: user, reseller, organization/);
    const rev = await svc.post('/v1/list-objects', { user: u('erik'), relation: 'can_view', type: 'organization', consistency: { atLeast: 'soon' } });
    expect(rev.status).toBe(400);
    expect(rev.body.error.code).toBe('invalid_revision');
  });
});

describe('POST /v1/list-users', () => {
  it('lists everyone who can view a customer: its owner, the reseller member and the parent tier admin', async () => {
    const res = await svc.post('/v1/list-users', { object: org('kund-0'), relation: 'can_view', userType: 'user' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ users: [u('anna'), u('bo'), u('erik')].sort(), cursor: null });
  });

  it('lists the resellers of an organization when asked for the reseller relation', async () => {
    const res = await svc.post('/v1/list-users', { object: org('kund-2'), relation: 'reseller' });
    expect(res.body.users).toEqual([rs('byra')]);
  });
});
