/**
 * The decision cache on the real stack: once a write or delete is acknowledged, no check answers
 * from before it, on this replica at once and on another replica with consistency.atLeast.
 */
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
let other: TestService;

beforeAll(async () => {
  const patient = { NEO4J_TIMEOUT_MS: '30000', WRITE_ACK_TIMEOUT_MS: '30000', CONSISTENCY_WAIT_MS: '30000', REQUEST_TIMEOUT_MS: '60000', DECISION_CACHE: 'on' };
  svc = await startTestService(patient);
  other = await startTestService(patient);
});
afterAll(async () => {
  await svc?.stop();
  await other?.stop();
});

async function write(op: 'writes' | 'deletes', tuple: ReturnType<typeof T>): Promise<string> {
  const res = await svc.post('/v1/tuples', { [op]: [tuple] });
  expect(res.status).toBe(200);
  return res.body.revision;
}

async function allowed(on: TestService, question: ReturnType<typeof T>, atLeast?: string): Promise<boolean> {
  const res = await on.post('/v1/check', { ...question, ...(atLeast ? { consistency: { atLeast } } : {}) });
  expect(res.status).toBe(200);
  return res.body.allowed;
}

it('answers a repeated check from the cache and answers false as soon as the delete is acknowledged', async () => {
  const reseller = `reseller:${uid('cache-r')}`;
  const org = `organization:${uid('cache-o')}`;
  const user = `user:${uid('cache-u')}`;
  const question = T(user, 'can_view', org);
  await write('writes', T(user, 'member', reseller));
  await write('writes', T(reseller, 'reseller', org));
  expect(await allowed(svc, question)).toBe(true);
  const before = svc.service.decisionCache!.stats().hits;
  expect(await allowed(svc, question)).toBe(true);
  expect(svc.service.decisionCache!.stats().hits).toBe(before + 1);
  await write('deletes', T(reseller, 'reseller', org));
  expect(await allowed(svc, question)).toBe(false);
});

it('agrees with every acknowledged write through a long run of writes and deletes with checks in between', async () => {
  const org = `organization:${uid('flip')}`;
  const user = `user:${uid('flip-u')}`;
  const tuple = T(user, 'member', org);
  const question = T(user, 'can_view', org);
  for (let i = 0; i < 20; i++) {
    const present = i % 2 === 0;
    await write(present ? 'writes' : 'deletes', tuple);
    // Two checks: the first may fill the cache, the second may be answered from it; both must agree.
    expect(await allowed(svc, question)).toBe(present);
    expect(await allowed(svc, question)).toBe(present);
  }
});

it('lets another replica answer from state that includes the write when asked with consistency.atLeast', async () => {
  const org = `organization:${uid('replica')}`;
  const user = `user:${uid('replica-u')}`;
  const tuple = T(user, 'admin', org);
  const question = T(user, 'can_manage', org);
  expect(await allowed(other, question)).toBe(false);
  expect(await allowed(other, question)).toBe(false); // now cached on the other replica
  const written = await write('writes', tuple);
  expect(await allowed(other, question, written)).toBe(true);
  const deleted = await write('deletes', tuple);
  expect(await allowed(other, question, deleted)).toBe(false);
});
