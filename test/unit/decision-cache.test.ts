/**
 * The decision cache against an in-memory engine whose answers can be held back, so the races
 * between a slow check and a write can be played out step by step.
 */
import { CachingEngine } from '../../src/storage/caching-engine';
import { tupleKey, type Tuple } from '../../src/domain/tuple';
import { MemoryEngine } from '../fixtures/memory';

const anna = { user: 'user:anna', relation: 'member', object: 'organization:acme' };
const tick = () => new Promise((r) => setImmediate(r));

function setup(maxEntries = 100) {
  const engine = new MemoryEngine();
  let revision = 0;
  const cache = new CachingEngine(engine, { appliedRevision: () => revision, maxEntries });
  /** write applies like the relay does: through the cache, then moves the applied revision. */
  const write = async (op: 'write' | 'delete', tuple: Tuple) => {
    await cache.apply([{ op, tuple }]);
    revision++;
  };
  return { engine, cache, write, moveRevision: () => revision++ };
}

it('answers a repeated question from memory without asking the engine again', async () => {
  const { engine, cache, write } = setup();
  await write('write', anna);
  expect(await cache.check(anna)).toBe(true);
  expect(await cache.check(anna)).toBe(true);
  expect(engine.checks).toBe(1);
  expect(cache.stats().hits).toBe(1);
});

it('answers false right after a delete is applied, never the cached true', async () => {
  const { cache, write } = setup();
  await write('write', anna);
  expect(await cache.check(anna)).toBe(true);
  await write('delete', anna);
  expect(await cache.check(anna)).toBe(false);
});

it('does not keep an answer computed before a write that was applied while the check was in flight', async () => {
  const { engine, cache, write } = setup();
  await write('write', anna);
  engine.hold();
  const slow = cache.check(anna); // reads "true" now, answers later
  await tick();
  await write('delete', anna);
  engine.release();
  expect(await slow).toBe(true); // the in-flight caller may see the old answer: it asked before the write
  expect(await cache.check(anna)).toBe(false); // but the cache must not have kept it
  expect(cache.stats().dropped).toBe(1);
});

it('does not keep an answer when only the applied revision moved while the check was in flight (a write applied by another replica)', async () => {
  const { engine, cache, moveRevision } = setup();
  engine.tuples.set(tupleKey(anna), anna);
  engine.hold();
  const slow = cache.check(anna);
  await tick();
  engine.tuples.delete(tupleKey(anna)); // another replica's relay changed the engine ...
  moveRevision(); // ... and this replica learned of it
  engine.release();
  expect(await slow).toBe(true);
  expect(await cache.check(anna)).toBe(false);
});

it('keeps nothing that was asked while an apply was still running', async () => {
  const { engine, cache } = setup();
  let finish!: () => void;
  engine.applyGate = new Promise<void>((r) => (finish = r));
  const applying = cache.apply([{ op: 'write', tuple: anna }]);
  expect(await cache.check(anna)).toBe(true); // the engine already holds the tuple half-way through the apply
  expect(cache.stats()).toMatchObject({ size: 0, dropped: 1 });
  finish();
  await applying;
  expect(cache.stats().size).toBe(0);
});

it('bypasses the cache for a fresh check', async () => {
  const { engine, cache, write } = setup();
  await write('write', anna);
  await cache.check(anna);
  await cache.check(anna, { fresh: true });
  expect(engine.checks).toBe(2);
});

it('holds at most maxEntries answers, forgetting the least recently used first', async () => {
  const { engine, cache } = setup(2);
  const q = (i: number) => ({ ...anna, user: `user:u${i}` });
  await cache.check(q(1));
  await cache.check(q(2));
  await cache.check(q(1)); // hit: q(1) is now the most recent
  await cache.check(q(3)); // evicts q(2)
  expect(cache.stats().size).toBe(2);
  const calls = engine.checks;
  await cache.check(q(1));
  expect(engine.checks).toBe(calls);
  await cache.check(q(2));
  expect(engine.checks).toBe(calls + 1);
});

it('agrees with the engine after every write in a long run of interleaved writes, deletes and slow checks', async () => {
  const { engine, cache, write } = setup(8);
  const users = Array.from({ length: 6 }, (_, i) => ({ ...anna, user: `user:r${i}` }));
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const inFlight: Promise<boolean>[] = [];
  for (let step = 0; step < 300; step++) {
    const t = users[rand(users.length)];
    if (rand(3) === 0) engine.hold();
    inFlight.push(cache.check(users[rand(users.length)]));
    await write(engine.tuples.has(tupleKey(t)) ? 'delete' : 'write', t);
    engine.release();
    for (const u of users) expect(await cache.check(u)).toBe(engine.tuples.has(tupleKey(u)));
  }
  await Promise.all(inFlight);
});
