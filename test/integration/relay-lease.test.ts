/**
 * The relay lease in real Neo4j: while one replica holds it no other can take it, and it
 * passes on when released or expired, so only one relay applies the outbox at a time.
 */
import { Neo4jExecutor } from '../../src/storage/neo4j/executor';
import { Neo4jTupleStore } from '../../src/storage/neo4j/tuple-store';
import { uid } from '../fixtures/harness';

let db: Neo4jExecutor;
let store: Neo4jTupleStore;
beforeAll(() => {
  db = Neo4jExecutor.connect({ uri: process.env.TEST_NEO4J_URI!, user: 'neo4j', password: '', timeoutMs: 10_000 });
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
  await new Promise((r) => setTimeout(r, 20));
  expect(await store.acquireLease(lease, 'replica-b', 60_000)).toBe(true);
  expect(await store.acquireLease(lease, 'replica-a', 60_000)).toBe(false);
});

it('gives exactly one of many simultaneous claimants the lease', async () => {
  const lease = uid('lease');
  const won = await Promise.all(Array.from({ length: 8 }, (_, i) => store.acquireLease(lease, `replica-${i}`, 60_000)));
  expect(won.filter(Boolean)).toHaveLength(1);
});
