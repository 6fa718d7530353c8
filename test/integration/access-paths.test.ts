/**
 * Access paths over HTTP: every chain of tuples that grants a relation, shortest first, with
 * provenance, now and as of a past moment.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('paths');
const u = (n: string) => `user:${n}.${run}`;
const org = (n: string) => `organization:${n}.${run}`;
const rs = (n: string) => `reseller:${n}.${run}`;
let beforeTiers: string;

const write = async (writes: ReturnType<typeof T>[], deletes: ReturnType<typeof T>[] = [], sub = 'test-admin') => {
  const res = await svc.post('/v1/tuples', { writes, deletes }, svc.token('write', sub));
  expect(res.status).toBe(200);
};

beforeAll(async () => {
  svc = await startTestService();
  await write([T(u('lena'), 'member', org('acme')), T(rs('byra'), 'reseller', org('acme'))], [], 'onboarding');
  await new Promise((r) => setTimeout(r, 20));
  beforeTiers = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  await write([T(u('lena'), 'admin', rs('dist')), T(rs('dist'), 'parent', rs('byra'))], [], 'partner-desk');
});
afterAll(async () => {
  await svc?.stop();
});

describe('POST /v1/access-paths', () => {
  it('lists the direct membership first, then the chain through the reseller tier, with who wrote each tuple', async () => {
    const res = await svc.post('/v1/access-paths', { user: u('lena'), relation: 'can_view', object: org('acme') });
    expect(res.status).toBe(200);
    expect(res.body.allowed).toBe(true);
    expect(res.body.truncated).toBe(false);
    const shapes = res.body.paths.map((p: any) => p.tuples.map((t: any) => `${t.user} ${t.relation} ${t.object} by ${t.writtenBy}`));
    expect(shapes).toEqual([
      [`${u('lena')} member ${org('acme')} by onboarding`],
      [`${u('lena')} admin ${rs('dist')} by partner-desk`, `${rs('dist')} parent ${rs('byra')} by partner-desk`, `${rs('byra')} reseller ${org('acme')} by onboarding`],
    ]);
    expect(res.body.paths[0].tuples[0].writtenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('marks the answer truncated when more paths exist than the limit', async () => {
    const res = await svc.post('/v1/access-paths', { user: u('lena'), relation: 'can_view', object: org('acme'), limit: 1 });
    expect(res.body.paths).toHaveLength(1);
    expect(res.body.truncated).toBe(true);
  });

  it('answers as of a moment before the tier existed from the history', async () => {
    const res = await svc.post('/v1/access-paths', { user: u('lena'), relation: 'can_manage', object: org('acme'), at: beforeTiers });
    expect(res.body).toEqual({ allowed: false, paths: [], truncated: false });
    const now = await svc.post('/v1/access-paths', { user: u('lena'), relation: 'can_manage', object: org('acme') });
    expect(now.body.allowed).toBe(true);
  });

  it('still shows a path as of a time when a since-deleted tuple was live', async () => {
    const ghost = u('ghost');
    await write([T(ghost, 'owner', org('acme'))]);
    await new Promise((r) => setTimeout(r, 20));
    const when = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await write([], [T(ghost, 'owner', org('acme'))]);
    const then = await svc.post('/v1/access-paths', { user: ghost, relation: 'can_manage', object: org('acme'), at: when });
    expect(then.body.allowed).toBe(true);
    const now = await svc.post('/v1/access-paths', { user: ghost, relation: 'can_manage', object: org('acme') });
    expect(now.body).toEqual({ allowed: false, paths: [], truncated: false });
  });

  it('refuses a time that is not ISO 8601', async () => {
    const res = await svc.post('/v1/access-paths', { user: u('lena'), relation: 'can_view', object: org('acme'), at: 'yesterday' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_time');
  });

  it('needs the audit scope', async () => {
    const res = await svc.post('/v1/access-paths', { user: u('lena'), relation: 'can_view', object: org('acme') }, svc.token('check'));
    expect(res.status).toBe(403);
  });
});
