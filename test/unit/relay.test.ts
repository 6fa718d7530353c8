/**
 * The outbox relay's rules, on the in-memory adapters: order, chunking, idempotent retries,
 * waiting for revisions, the lease, and rebuilding an engine that lost its store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CHUNK, OutboxRelay, PARALLEL, RELAY_LEASE, waves } from '../../src/domain/relay';
import { tupleKey, type Tuple } from '../../src/domain/tuple';
import { eventually } from '../fixtures/eventually';
import { MemoryEngine, MemoryTupleStore } from '../fixtures/memory';

const t = (user: string, object = 'organization:o'): Tuple => ({ user, relation: 'member', object });
const writes = (n: number, user = (i: number) => `user:${i}`) => Array.from({ length: n }, (_, i) => ({ op: 'write' as const, tuple: t(user(i)) }));

function relayOver(store: MemoryTupleStore, engine: MemoryEngine, opts: { onRetry?: () => void; holder?: string } = {}) {
  const log = { info: () => undefined, warn: () => opts.onRetry?.() };
  return new OutboxRelay(store, store, engine, { holder: opts.holder ?? 'me', leaseMs: 40, idleMs: 5, healthEveryMs: 0, maxBackoffMs: 10, log });
}

let relay: OutboxRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

it('applies a write then its delete in order, so the engine ends without the tuple', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  await store.record({ op: 'write', tuple: t('user:a') });
  const last = await store.record({ op: 'delete', tuple: t('user:a') });
  relay = relayOver(store, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect(engine.tuples.size).toBe(0);
  expect(engine.calls.flat().map((c) => c.op)).toEqual(['write', 'delete']);
});

it('never sends more than 100 changes, or the same tuple twice, in one engine call', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  await store.record(...writes(250));
  await store.record({ op: 'delete', tuple: t('user:0') });
  const last = await store.record({ op: 'write', tuple: t('user:0') });
  relay = relayOver(store, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  for (const call of engine.calls) {
    expect(call.length).toBeLessThanOrEqual(CHUNK);
    expect(new Set(call.map((c) => tupleKey(c.tuple))).size).toBe(call.length);
  }
  expect(engine.tuples.size).toBe(250);
});

it('walks a revision larger than one read (a bulk import) page by page, waits for the pages still to come, and marks it applied only once all of it is visible', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  await store.record(...writes(5));
  const big = await store.record(...writes(2300, (i) => `user:big-${i}`));
  const after = await store.record({ op: 'delete', tuple: t('user:big-0') });
  store.hiddenFrom = 5 + 2100;
  relay = relayOver(store, engine);
  relay.start(false);
  await eventually('the visible part of the big revision is in the engine', () => engine.tuples.size === 5 + 2100, 10_000);
  expect(await relay.waitFor(big, 50)).toBe(false);
  store.hiddenFrom = undefined;
  expect(await relay.waitFor(after, 5000)).toBe(true);
  expect(engine.tuples.size).toBe(5 + 2300 - 1);
  expect((await store.counters()).applied).toBe(after);
  // The walk waited for the rest where it had stopped (as an import publishes page by page), sending nothing twice.
  expect(engine.calls.flat()).toHaveLength(5 + 2300 + 1);
});

it('cuts changes into waves where no tuple repeats, keeping every change and its order', () => {
  const changes = [
    ...writes(230),
    { op: 'delete' as const, tuple: t('user:7') },
    { op: 'write' as const, tuple: t('user:new') },
    { op: 'write' as const, tuple: t('user:7') },
  ];
  const cut = waves(changes);
  expect(cut.flat(2)).toEqual(changes);
  expect(cut.map((wave) => wave.map((chunk) => chunk.length))).toEqual([[100, 100, 30], [2], [1]]);
  for (const wave of cut) {
    const keys = wave.flat().map((c) => tupleKey(c.tuple));
    expect(new Set(keys).size).toBe(keys.length);
  }
});

it('sends the chunks of a wave in parallel and still ends at the state the changes describe', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  engine.delayMs = 20;
  await store.record(...writes(1000));
  await store.record(...Array.from({ length: 500 }, (_, i) => ({ op: 'delete' as const, tuple: t(`user:${2 * i}`) })));
  const last = await store.record(...writes(10, (i) => `user:${4 * i}`));
  relay = relayOver(store, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect(engine.maxInFlight).toBe(PARALLEL);
  const expected = [...Array.from({ length: 500 }, (_, i) => `user:${2 * i + 1}`), ...Array.from({ length: 10 }, (_, i) => `user:${4 * i}`)];
  expect([...engine.tuples.values()].map((x) => x.user).sort()).toEqual(expected.sort());
});

it('has no chunk in flight when a failed round is retried, so no stale chunk lands after a later change', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  engine.delayMs = 20;
  engine.failNext = 1;
  const inFlightAtRetry: number[] = [];
  const last = await store.record(...writes(800));
  relay = relayOver(store, engine, { onRetry: () => inFlightAtRetry.push(engine.inFlight) });
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect(inFlightAtRetry).toEqual([0]);
  expect(engine.tuples.size).toBe(800);
});

it('retries after the engine fails and still applies everything exactly to the end state', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  engine.failNext = 3;
  const last = await store.record({ op: 'write', tuple: t('user:a') }, { op: 'write', tuple: t('user:b') });
  relay = relayOver(store, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect([...engine.tuples.keys()].sort()).toEqual([tupleKey(t('user:a')), tupleKey(t('user:b'))]);
});

it('waits for a revision Neo4j is still applying instead of marking it applied half-read', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  const first = await store.record({ op: 'write', tuple: t('user:a') });
  const second = await store.record(...writes(10, (i) => `user:b${i}`));
  store.hiddenFrom = 1 + 4;
  relay = relayOver(store, engine);
  relay.start(false);
  expect(await relay.waitFor(first, 5000)).toBe(true);
  expect(await relay.waitFor(second, 200)).toBe(false);
  expect(engine.tuples.size).toBe(1);
  store.hiddenFrom = undefined;
  expect(await relay.waitFor(second, 5000)).toBe(true);
  expect(engine.tuples.size).toBe(11);
});

it('tells a waiter false when the revision is not applied within the time given', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  engine.failNext = Number.MAX_SAFE_INTEGER;
  const last = await store.record({ op: 'write', tuple: t('user:a') });
  relay = relayOver(store, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 100)).toBe(false);
  expect(engine.failNext).toBeLessThan(Number.MAX_SAFE_INTEGER); // it was tried, and failed
});

it('applies nothing while another replica holds the lease, and everything once it is let go', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  await store.acquireLease(RELAY_LEASE, 'someone-else', 60_000);
  const last = await store.record({ op: 'write', tuple: t('user:a') });
  relay = relayOver(store, engine);
  relay.start(false);
  const asked = store.leaseCalls;
  await eventually('the relay has asked for the lease three times', () => store.leaseCalls >= asked + 3);
  expect(engine.calls).toHaveLength(0);
  expect({ applied: relay.appliedRevision, committed: relay.committedRevision, holdsLease: relay.holdsLease }).toEqual({ applied: 0, committed: last, holdsLease: false });
  await store.releaseLease(RELAY_LEASE, 'someone-else');
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect(engine.tuples.size).toBe(1);
  expect({ applied: relay.appliedRevision, committed: relay.committedRevision, holdsLease: relay.holdsLease }).toEqual({ applied: last, committed: last, holdsLease: true });
  await relay.stop();
  expect(relay.holdsLease).toBe(false);
});

it('applies a revision in the async context of the first caller that waited for it, so a tracer puts it in that request', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  const request = new AsyncLocalStorage<string>();
  const seenIn: Array<string | undefined> = [];
  const apply = engine.apply.bind(engine);
  engine.apply = async (changes) => {
    seenIn.push(request.getStore());
    return apply(changes);
  };
  await store.acquireLease(RELAY_LEASE, 'someone-else', 60_000);
  relay = relayOver(store, engine);
  relay.start(false);
  const last = await store.record({ op: 'write', tuple: t('user:a') });
  const waits = [request.run('writer', () => relay!.waitFor(last, 5000)), request.run('reader', () => relay!.waitFor(last, 5000))];
  await store.releaseLease(RELAY_LEASE, 'someone-else');
  expect(await Promise.all(waits)).toEqual([true, true]);
  expect(seenIn).toEqual(['writer']);
});

it('reconciles on a replica without the lease once the holder hands the lease over to it', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  const holder = relayOver(store, engine, { holder: 'holder' });
  holder.start(false);
  await holder.waitFor(await store.record({ op: 'write', tuple: t('user:kept') }), 5000);
  expect(store.db.leases.get(RELAY_LEASE)?.holder).toBe('holder');
  relay = relayOver(store, engine, { holder: 'asker' });
  relay.start(false);
  try {
    const report = await relay.reconcile();
    expect(report).toMatchObject({ neo4jTuples: 1, openfgaTuples: 1, missing: 0, extra: 0 });
    expect(store.db.leases.get(RELAY_LEASE)?.holder).toBe('asker');
    const last = await store.record({ op: 'write', tuple: t('user:later') });
    expect(await relay.waitFor(last, 5000)).toBe(true);
  } finally {
    await holder.stop();
  }
});

it('does not take the lease from its holder to reconcile at start, and reconciles once the lease is free', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  await store.record({ op: 'write', tuple: t('user:a') });
  store.db.counters.applied = 1; // applied by the holder, then lost by the engine behind its back
  await store.acquireLease(RELAY_LEASE, 'someone-else', 60_000);
  relay = relayOver(store, engine);
  relay.start(true);
  const asked = store.leaseCalls;
  await eventually('the relay has asked for the lease three times', () => store.leaseCalls >= asked + 3);
  expect(store.db.leases.get(RELAY_LEASE)?.wantedBy).toBeUndefined();
  expect(engine.calls).toHaveLength(0);
  await store.releaseLease(RELAY_LEASE, 'someone-else');
  await eventually('the start-up reconcile has repaired the engine', () => engine.tuples.has(tupleKey(t('user:a'))));
});

it('does not count changes still on their way through the outbox as a difference to repair', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  await store.record({ op: 'write', tuple: t('user:applied') });
  engine.tuples.set(tupleKey(t('user:applied')), t('user:applied'));
  store.db.counters.applied = 1;
  await store.record({ op: 'write', tuple: t('user:on-its-way') });
  const last = await store.record({ op: 'delete', tuple: t('user:applied') });
  relay = relayOver(store, engine);
  const reconciled = relay.reconcile();
  relay.start(false);
  expect(await reconciled).toMatchObject({ neo4jTuples: 1, openfgaTuples: 1, missing: 0, extra: 0, repaired: 0 });
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect([...engine.tuples.keys()]).toEqual([tupleKey(t('user:on-its-way'))]);
});

it('repairs an engine from the live tuples, adding what it lacks and removing what Neo4j does not have', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  store.db.counters.applied = await store.record({ op: 'write', tuple: t('user:kept') }, { op: 'write', tuple: t('user:other', 'organization:p') });
  engine.tuples.set(tupleKey(t('user:stale')), t('user:stale'));
  relay = relayOver(store, engine);
  relay.start(false);
  const report = await relay.reconcile();
  expect(report).toMatchObject({ neo4jTuples: 2, missing: 2, extra: 1, repaired: 3 });
  expect([...engine.tuples.keys()].sort()).toEqual([tupleKey(t('user:kept')), tupleKey(t('user:other', 'organization:p'))].sort());
});

it('rebuilds an engine that lost its store by itself, from the tuples OpenFGA held', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  const last = await store.record({ op: 'write', tuple: t('user:kept') });
  relay = relayOver(store, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  engine.loseStore();
  await eventually('the relay has rebuilt the engine', () => engine.tuples.has(tupleKey(t('user:kept'))));
  expect(await engine.health()).toBe('ok');
});

it('resigns: gives the lease back at once, never takes it again, and still answers its waiters from the next holder', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  relay = relayOver(store, engine, { holder: 'leaving' });
  relay.start(false);
  expect(await relay.waitFor(await store.record({ op: 'write', tuple: t('user:a') }), 5000)).toBe(true);
  expect(store.db.leases.get(RELAY_LEASE)?.holder).toBe('leaving');
  await relay.resign();
  expect(store.db.leases.get(RELAY_LEASE)?.holder).toBeUndefined();
  const asked = store.leaseCallers.length;
  const pending = relay.waitFor(await store.record({ op: 'write', tuple: t('user:b') }), 5000);
  const next = relayOver(store, engine, { holder: 'staying' });
  next.start(false);
  try {
    expect(await pending).toBe(true);
    expect(store.db.leases.get(RELAY_LEASE)?.holder).toBe('staying');
    expect(engine.tuples.has(tupleKey(t('user:b')))).toBe(true);
    // It learned that revision 2 was applied by going round since the resignation: without asking for the lease.
    expect(store.leaseCallers.slice(asked).filter((h) => h === 'leaving')).toEqual([]);
  } finally {
    await next.stop();
  }
});

it('bootstraps, without rebuilding, an engine that lost its store on a replica without the lease, so it follows the holder to the new store', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  store.db.counters.applied = await store.record({ op: 'write', tuple: t('user:held') });
  expect(await store.acquireLease(RELAY_LEASE, 'other', 600_000, false)).toBe(true);
  relay = relayOver(store, engine);
  relay.start(true);
  engine.loseStore();
  await eventually('the replica has bootstrapped its engine', async () => (await engine.health()) === 'ok', 5000);
  // Rebuilding is the holder's: this replica wrote nothing to the engine.
  expect(engine.calls).toEqual([]);
});

it('keeps a kick that comes between its look at the counters and its idle wait, so such a write waits for no poll', async () => {
  const store = new MemoryTupleStore();
  const engine = new MemoryEngine();
  let written: Promise<boolean> | undefined;
  const counters = store.counters.bind(store);
  // A write commits and kicks just after the relay read the counters, before it goes idle.
  store.counters = async () => {
    const seen = await counters();
    written ??= store.record({ op: 'write', tuple: t('user:late') }).then((revision) => relay!.waitFor(revision, 2000));
    return seen;
  };
  relay = new OutboxRelay(store, store, engine, { holder: 'me', leaseMs: 60_000, idleMs: 60_000, healthEveryMs: 60_000, maxBackoffMs: 10 });
  relay.start(false);
  await eventually('the write has been made', () => written !== undefined);
  expect(await written).toBe(true);
});
