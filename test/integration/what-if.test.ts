/**
 * What-if over HTTP: gains and losses of a hypothetical change, and proof that nothing is written.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
const run = uid('whatif');
const u = (n: string) => `user:${n}.${run}`;
const org = (n: string) => `organization:${n}.${run}`;
const rs = (n: string) => `reseller:${n}.${run}`;

beforeAll(async () => {
  svc = await startTestService();
  const res = await svc.post('/v1/tuples', {
    writes: [T(u('erik'), 'member', rs('byra')), T(u('frida'), 'admin', rs('byra')), T(rs('byra'), 'reseller', org('kund')), T(u('gun'), 'member', org('kund'))],
  });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await svc?.stop();
});

describe('POST /v1/what-if', () => {
  it('shows that unlinking the reseller takes the customer away from its members, and writes nothing', async () => {
    const tuplesBefore = await svc.get(`/v1/tuples?object=${encodeURIComponent(org('kund'))}`);
    const res = await svc.post('/v1/what-if', { deletes: [T(rs('byra'), 'reseller', org('kund'))] });
    expect(res.status).toBe(200);
    expect(res.body.gains).toEqual([]);
    expect(res.body.losses).toEqual([
      T(u('frida'), 'can_manage', org('kund')),
      T(u('erik'), 'can_view', org('kund')),
      T(u('frida'), 'can_view', org('kund')),
      T(rs('byra'), 'reseller', org('kund')),
    ]);
    expect(res.body).toMatchObject({ totals: { gains: 0, losses: 4 }, truncated: false });
    const cut = await svc.post('/v1/what-if', { deletes: [T(rs('byra'), 'reseller', org('kund'))], limit: 1 });
    expect(cut.body).toMatchObject({ losses: [T(u('frida'), 'can_manage', org('kund'))], totals: { gains: 0, losses: 4 }, truncated: true });
    const tuplesAfter = await svc.get(`/v1/tuples?object=${encodeURIComponent(org('kund'))}`);
    expect(tuplesAfter.body).toEqual(tuplesBefore.body);
    const check = await svc.post('/v1/check', { user: u('erik'), relation: 'can_view', object: org('kund') });
    expect(check.body.allowed).toBe(true);
  });

  it('shows a new reseller member gaining the reseller and its customer', async () => {
    const res = await svc.post('/v1/what-if', { writes: [T(u('hugo'), 'member', rs('byra'))] });
    expect(res.body.losses).toEqual([]);
    expect(res.body.gains).toEqual([
      T(u('hugo'), 'can_view', org('kund')),
      T(u('hugo'), 'can_view', rs('byra')),
      T(u('hugo'), 'member', rs('byra')),
    ]);
    const check = await svc.post('/v1/check', { user: u('hugo'), relation: 'can_view', object: org('kund') });
    expect(check.body.allowed).toBe(false);
  });

  it('shows a parent tier\'s admins gaining the child\'s customers when the tier is linked', async () => {
    const res = await svc.post('/v1/what-if', { writes: [T(u('ivar'), 'admin', rs('dist')), T(rs('dist'), 'parent', rs('byra'))] });
    expect(res.body.gains).toEqual(expect.arrayContaining([T(u('ivar'), 'can_manage', org('kund')), T(u('ivar'), 'admin', rs('byra'))]));
  });

  it('refuses a tuple the model forbids exactly as a write would', async () => {
    const bad = { writes: [T(u('erik'), 'reseller', org('kund'))] };
    const asked = await svc.post('/v1/what-if', bad);
    const written = await svc.post('/v1/tuples', bad);
    expect(asked.status).toBe(400);
    expect(asked.body).toEqual(written.body);
  });
});
