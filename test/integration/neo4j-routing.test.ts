/**
 * Neo4j through a routing URI (neo4j://), as a cluster or Aura is reached: the service works the
 * same, and its transactions carry bookmarks, so reads wait for this process's writes on any
 * member. The test Neo4j is one Community server answering routing requests for itself; a real
 * cluster is on paper only (README, Operating it).
 */
import { Neo4jExecutor } from '../../src/storage/neo4j/executor';
import { Neo4jTupleStore } from '../../src/storage/neo4j/tuple-store';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

const routingUri = process.env.TEST_NEO4J_URI!.replace(/^bolt:/, 'neo4j:');

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ NEO4J_URI: routingUri });
});
afterAll(() => svc?.stop());

it('writes and reads its own writes through a neo4j:// routing URI', async () => {
  const org = `organization:${uid('routed')}`;
  const t = T(`user:${uid('routed')}`, 'member', org);
  expect((await svc.post('/v1/tuples', { writes: [t] })).status).toBe(200);
  expect((await svc.get(`/v1/tuples?object=${org}`)).body.tuples).toMatchObject([t]);
  expect((await svc.post('/v1/access-paths', { ...t, relation: 'can_view' })).body.allowed).toBe(true);
});

it('chains every transaction of the process with bookmarks, so a later read waits for an earlier write', async () => {
  const db = Neo4jExecutor.connect({ uri: routingUri, user: 'neo4j', password: '', timeoutMs: 20_000 });
  try {
    const store = new Neo4jTupleStore(db);
    const before = new Set(await db.bookmarks.getBookmarks());
    await store.writeTuples({ writes: [T(`user:${uid('bm')}`, 'member', `organization:${uid('bm')}`)], deletes: [], actor: 'test', requestId: 'r', at: new Date() });
    const after = [...(await db.bookmarks.getBookmarks())];
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((b) => !before.has(b))).toBe(true);
  } finally {
    await db.close();
  }
});
