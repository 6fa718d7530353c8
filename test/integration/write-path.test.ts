/**
 * The one write path, through the HTTP API on the real stores: validation before anything is
 * written, idempotent writes and deletes, history kept in Neo4j, ordered revisions,
 * read-your-writes with consistency.atLeast, and on-demand reconciliation.
 */
import { tupleKey } from '../../src/domain/tuple';
import type { Neo4jExecutor } from '../../src/storage/neo4j/executor';
import { Neo4jTupleStore } from '../../src/storage/neo4j/tuple-store';
import { all } from '../contract/harness';
import { connectTestNeo4j, startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
let impatient: TestService;
let db: Neo4jExecutor;

beforeAll(async () => {
  // Generous store time-outs: these tests are about meaning, and CI machines are shared; faults.test.ts tests the bounds.
  svc = await startTestService({ NEO4J_TIMEOUT_MS: '30000', WRITE_ACK_TIMEOUT_MS: '30000', REQUEST_TIMEOUT_MS: '60000' });
  impatient = await startTestService({ CONSISTENCY_WAIT_MS: '300' });
  db = await connectTestNeo4j();
});
afterAll(async () => {
  await svc?.stop();
  await impatient?.stop();
  await db?.close();
});

const listed = async (object: string) => (await svc.get(`/v1/tuples?object=${encodeURIComponent(object)}`)).body.tuples as Array<{ user: string; writtenAt: string; writtenBy: string }>;

it('treats a duplicate write and a missing delete as no-ops that keep the original provenance', async () => {
  const org = `organization:${uid('dup')}`;
  const first = await svc.post('/v1/tuples', { writes: [T('user:ulla', 'member', org)] }, svc.token('write', 'first-writer'));
  expect(first.status).toBe(200);
  const again = await svc.post('/v1/tuples', { writes: [T('user:ulla', 'member', org), T('user:ulla', 'member', org)] }, svc.token('write', 'second-writer'));
  expect(again.status).toBe(200);
  expect(Number(again.body.revision)).toBeGreaterThanOrEqual(Number(first.body.revision));
  const missing = await svc.post('/v1/tuples', { deletes: [T('user:nobody', 'member', org)] });
  expect(missing.status).toBe(200);
  const tuples = await listed(org);
  expect(tuples).toHaveLength(1);
  expect(tuples[0].writtenBy).toBe('first-writer');
});

it('writes nothing when any tuple of the request is invalid', async () => {
  const org = `organization:${uid('atomic')}`;
  const res = await svc.post('/v1/tuples', { writes: [T('user:valid', 'member', org), T('user:bad', 'reseller', org)] });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('user_type_not_allowed');
  expect(res.body.error.message).toContain('writes[1]');
  expect(await listed(org)).toEqual([]);
});

it('refuses more than 1000 tuples in one request, naming the limit', async () => {
  const writes = Array.from({ length: 1001 }, (_, i) => T(`user:many-${i}`, 'member', 'organization:too-many'));
  const res = await svc.post('/v1/tuples', { writes });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toContain('1000');
});

it('refuses a request that writes and deletes the same tuple', async () => {
  const t = T('user:both', 'member', `organization:${uid('both')}`);
  const res = await svc.post('/v1/tuples', { writes: [t], deletes: [t] });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('conflicting_tuple');
});

it('writes 1000 tuples atomically and acknowledges them only once checks see every one', async () => {
  const org = `organization:${uid('bulk')}`;
  const writes = Array.from({ length: 1000 }, (_, i) => T(`user:${uid(`bulk${i}`)}`, 'member', org));
  const res = await svc.post('/v1/tuples', { writes });
  expect(res.status).toBe(200);
  const sample = [writes[0], writes[499], writes[999]];
  for (const t of sample) {
    expect((await svc.post('/v1/check', { user: t.user, relation: 'can_view', object: org })).body.allowed).toBe(true);
  }
  const page = await svc.get(`/v1/tuples?object=${org}&limit=1000`);
  expect(page.body.tuples).toHaveLength(1000);
});

it('orders writes by revision and ends deleted tuples in Neo4j instead of erasing them', async () => {
  const org = `organization:${uid('history')}`;
  const t = T('user:vera', 'admin', org);
  const w = await svc.post('/v1/tuples', { writes: [t] }, svc.token('write', 'granter'));
  const d = await svc.post('/v1/tuples', { deletes: [t] }, svc.token('write', 'revoker'));
  const w2 = await svc.post('/v1/tuples', { writes: [t] }, svc.token('write', 'regranter'));
  expect(Number(w.body.revision)).toBeLessThan(Number(d.body.revision));
  expect(Number(d.body.revision)).toBeLessThan(Number(w2.body.revision));
  const history = await db.read('tuple-history', t);
  expect(history.map((h) => [h.writtenBy, h.endedBy])).toEqual([['granter', 'revoker'], ['regranter', null]]);
  expect(String(history[0].endedAt) >= String(history[0].writtenAt)).toBe(true);
  const listedNow = await listed(org);
  expect(listedNow.map((x) => x.writtenBy)).toEqual(['regranter']);
  // Reconcile reads the tuples live at a revision from that history.
  const store = new Neo4jTupleStore(db);
  const liveAt = async (revision: string) => (await all(store.liveTuples(Number(revision)))).map(tupleKey).includes(tupleKey(t));
  expect([await liveAt(w.body.revision), await liveAt(d.body.revision), await liveAt(w2.body.revision)]).toEqual([true, false, true]);
  expect(await liveAt(String(Number(w.body.revision) - 1))).toBe(false);
});

it('answers a check only from state that includes the revision asked for', async () => {
  const org = `organization:${uid('ryw')}`;
  const w = await svc.post('/v1/tuples', { writes: [T('user:wilma', 'member', org)] });
  const res = await svc.post('/v1/check', { user: 'user:wilma', relation: 'can_view', object: org, consistency: { atLeast: w.body.revision } });
  expect(res.body.allowed).toBe(true);
});

it('answers 503 with Retry-After when the revision asked for has not been reached in time', async () => {
  const res = await impatient.post('/v1/check', { user: 'user:x', relation: 'can_view', object: 'organization:y', consistency: { atLeast: '999999999999' } });
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('revision_not_reached');
  expect(res.headers.get('retry-after')).toBe('1');
});

it('refuses a revision that is not one the service could have issued', async () => {
  const res = await svc.post('/v1/check', { user: 'user:x', relation: 'can_view', object: 'organization:y', consistency: { atLeast: 'latest' } });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_revision');
});

it('reconciles on demand for admins, finding nothing to repair after acknowledged writes', async () => {
  await svc.post('/v1/tuples', { writes: [T('user:rita', 'member', `organization:${uid('rec')}`)] });
  const denied = await svc.post('/v1/admin/reconcile', {}, svc.token('write'));
  expect(denied.status).toBe(403);
  const res = await svc.post('/v1/admin/reconcile', {});
  expect(res.status).toBe(200);
  expect(res.body.neo4jTuples).toBeGreaterThan(0);
  expect(res.body.missing).toBe(0);
  expect(res.body.extra).toBe(0);
});
