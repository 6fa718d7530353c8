/**
 * The relay lease in real Neo4j: while one replica holds it no other can take it, and it
 * passes on when released, expired or asked for, so only one relay applies the outbox at a time
 * and any replica can still reconcile.
 */
import type { Neo4jExecutor } from '../../src/storage/neo4j/executor';
import { Neo4jTupleStore } from '../../src/storage/neo4j/tuple-store';
import { connectTestNeo4j, startTestService, uid } from '../fixtures/harness';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Neo4jExecutor;
let store: Neo4jTupleStore;
beforeAll(async () => {
  db = await connectTestNeo4j();
  store = new Neo4jTupleStore(db);
});
afterAll(() => db.close());

it('lets only one holder have a lease until it is released', async () => {
  const lease = uid('lease');
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-b', 60_000)).toBe(false);
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(true);
  await store.releaseLease(lease, 'replica-a');
  expect(await store.acquireLease(lease, 'replica-b', 60_000)).toBe(true);
});

it('hands an expired lease to the next replica that asks', async () => {
  const lease = uid('lease');
  expect(await store.acquireLease(lease, 'replica-a', 1)).toBe(true);
  await pause(20);
  expect(await store.acquireLease(lease, 'replica-b', 60_000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(false);
});

it('gives exactly one of many simultaneous claimants the lease', async () => {
  const lease = uid('lease');
  const won = await Promise.all(Array.from({ length: 8 }, (_, i) => store.acquireLease(lease, `replica-${i}`, 60_000)));
  expect(won.filter(Boolean)).toHaveLength(1);
});

it('hands the lease to a replica that asked for it at the holder\'s next renewal', async () => {
  const lease = uid('lease');
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-b', 60_000, true)).toBe(false);
  expect(await store.acquireLease(lease, 'replica-c', 60_000)).toBe(false);
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(false);
  expect(await store.acquireLease(lease, 'replica-b', 60_000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(false);
});

it('gives a free or expired lease to the replica that asked for it, not to whoever calls first', async () => {
  const lease = uid('lease');
  expect(await store.acquireLease(lease, 'replica-a', 2000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-b', 60_000, true)).toBe(false);
  await pause(2100);
  expect(await store.acquireLease(lease, 'replica-c', 60_000)).toBe(false);
  expect(await store.acquireLease(lease, 'replica-b', 60_000)).toBe(true);
});

it('forgets a wish that was not renewed in time, or that its replica withdrew', async () => {
  const lease = uid('lease');
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-b', 1, true)).toBe(false);
  await pause(20);
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-b', 60_000, true)).toBe(false);
  await store.releaseLease(lease, 'replica-b');
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(true);
});

it('answers a reconcile on every replica, whichever of them holds the relay lease', async () => {
  const replicas = [await startTestService(), await startTestService()];
  try {
    const replies = await Promise.all(replicas.map((r) => r.post('/v1/admin/reconcile', {})));
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ missing: 0, extra: 0 });
    }
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
});
