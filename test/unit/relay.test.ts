/**
 * The outbox relay's rules, on in-memory ports: order, chunking, idempotent retries, waiting
 * for revisions, and rebuilding an engine that lost its store.
 */
import { CHUNK, OutboxRelay, PARALLEL, waves } from '../../src/domain/relay';
import { tupleKey, type Tuple } from '../../src/domain/tuple';
import { MemoryEngine, MemoryOutbox } from '../fixtures/memory-ports';

const t = (user: string, object = 'organization:o'): Tuple => ({ user, relation: 'member', object });

function relayOver(outbox: MemoryOutbox, engine: MemoryEngine, live = (revision: number) => outbox.liveAt(revision), onRetry?: () => void, holder = 'me') {
  const log = { info: () => undefined, warn: () => onRetry?.() };
  return new OutboxRelay(outbox, { liveTuples: async (revision) => live(revision) }, engine, { holder, leaseMs: 40, idleMs: 5, healthEveryMs: 0, maxBackoffMs: 10, log });
}

let relay: OutboxRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

it('applies a write then its delete in order, so the engine ends without the tuple', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  outbox.record({ op: 'write', tuple: t('user:a') });
  const last = outbox.record({ op: 'delete', tuple: t('user:a') });
  relay = relayOver(outbox, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect(engine.tuples.size).toBe(0);
  expect(engine.calls.flat().map((c) => c.op)).toEqual(['write', 'delete']);
});

it('never sends more than 100 changes, or the same tuple twice, in one engine call', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  outbox.record(...Array.from({ length: 250 }, (_, i) => ({ op: 'write' as const, tuple: t(`user:${i}`) })));
  outbox.record({ op: 'delete', tuple: t('user:0') });
  const last = outbox.record({ op: 'write', tuple: t('user:0') });
  relay = relayOver(outbox, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  for (const call of engine.calls) {
    expect(call.length).toBeLessThanOrEqual(CHUNK);
    expect(new Set(call.map((c) => tupleKey(c.tuple))).size).toBe(call.length);
  }
  expect(engine.tuples.size).toBe(250);
});

it('cuts changes into waves where no tuple repeats, keeping every change and its order', () => {
  const changes = [
    ...Array.from({ length: 230 }, (_, i) => ({ op: 'write' as const, tuple: t(`user:${i}`) })),
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
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  engine.delayMs = 20;
  outbox.record(...Array.from({ length: 1000 }, (_, i) => ({ op: 'write' as const, tuple: t(`user:${i}`) })));
  outbox.record(...Array.from({ length: 500 }, (_, i) => ({ op: 'delete' as const, tuple: t(`user:${2 * i}`) })));
  const last = outbox.record(...Array.from({ length: 10 }, (_, i) => ({ op: 'write' as const, tuple: t(`user:${4 * i}`) })));
  relay = relayOver(outbox, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect(engine.maxInFlight).toBe(PARALLEL);
  const expected = [...Array.from({ length: 500 }, (_, i) => `user:${2 * i + 1}`), ...Array.from({ length: 10 }, (_, i) => `user:${4 * i}`)];
  expect([...engine.tuples.values()].map((x) => x.user).sort()).toEqual(expected.sort());
});

it('has no chunk in flight when a failed round is retried, so no stale chunk lands after a later change', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  engine.delayMs = 20;
  engine.failNext = 1;
  const inFlightAtRetry: number[] = [];
  const last = outbox.record(...Array.from({ length: 800 }, (_, i) => ({ op: 'write' as const, tuple: t(`user:${i}`) })));
  relay = relayOver(outbox, engine, undefined, () => inFlightAtRetry.push(engine.inFlight));
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect(inFlightAtRetry).toEqual([0]);
  expect(engine.tuples.size).toBe(800);
});

it('retries after the engine fails and still applies everything exactly to the end state', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  engine.failNext = 3;
  const last = outbox.record({ op: 'write', tuple: t('user:a') }, { op: 'write', tuple: t('user:b') });
  relay = relayOver(outbox, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect([...engine.tuples.keys()].sort()).toEqual([tupleKey(t('user:a')), tupleKey(t('user:b'))]);
});

it('waits for a revision Neo4j is still applying instead of marking it applied half-read', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  const first = outbox.record({ op: 'write', tuple: t('user:a') });
  const whole = outbox.changes.length;
  const second = outbox.record(...Array.from({ length: 10 }, (_, i) => ({ op: 'write' as const, tuple: t(`user:b${i}`) })));
  const hidden = outbox.changes.splice(whole + 4);
  relay = relayOver(outbox, engine);
  relay.start(false);
  expect(await relay.waitFor(first, 5000)).toBe(true);
  expect(await relay.waitFor(second, 200)).toBe(false);
  expect(engine.tuples.size).toBe(1);
  outbox.changes.push(...hidden);
  expect(await relay.waitFor(second, 5000)).toBe(true);
  expect(engine.tuples.size).toBe(11);
});

it('tells a waiter false when the revision is not applied within the time given', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  engine.failNext = Number.MAX_SAFE_INTEGER;
  const last = outbox.record({ op: 'write', tuple: t('user:a') });
  relay = relayOver(outbox, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 100)).toBe(false);
});

it('does not apply anything while another replica holds the lease', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  outbox.holder = 'someone-else';
  const last = outbox.record({ op: 'write', tuple: t('user:a') });
  relay = relayOver(outbox, engine);
  relay.start(false);
  expect(await relay.waitFor(last, 200)).toBe(false);
  expect(engine.calls).toHaveLength(0);
});

it('reconciles on a replica without the lease once the holder hands the lease over to it', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  const live = () => [t('user:kept')];
  const holder = relayOver(outbox, engine, live, undefined, 'holder');
  holder.start(false);
  await holder.waitFor(outbox.record({ op: 'write', tuple: t('user:kept') }), 5000);
  expect(outbox.holder).toBe('holder');
  relay = relayOver(outbox, engine, live, undefined, 'asker');
  relay.start(false);
  try {
    const report = await relay.reconcile();
    expect(report).toMatchObject({ neo4jTuples: 1, openfgaTuples: 1, missing: 0, extra: 0 });
    expect(outbox.holder).toBe('asker');
    const last = outbox.record({ op: 'write', tuple: t('user:later') });
    expect(await relay.waitFor(last, 5000)).toBe(true);
  } finally {
    await holder.stop();
  }
});

it('does not take the lease from its holder to reconcile at start', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  outbox.holder = 'someone-else';
  relay = relayOver(outbox, engine, () => [t('user:a')]);
  relay.start(true);
  await new Promise((r) => setTimeout(r, 100));
  expect(outbox.wantedBy).toBeNull();
  expect(engine.calls).toHaveLength(0);
});

it('does not count changes still on their way through the outbox as a difference to repair', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  outbox.record({ op: 'write', tuple: t('user:applied') });
  engine.tuples.set(tupleKey(t('user:applied')), t('user:applied'));
  outbox.applied = 1;
  outbox.record({ op: 'write', tuple: t('user:on-its-way') });
  const last = outbox.record({ op: 'delete', tuple: t('user:applied') });
  relay = relayOver(outbox, engine);
  const reconciled = relay.reconcile();
  relay.start(false);
  expect(await reconciled).toMatchObject({ neo4jTuples: 1, openfgaTuples: 1, missing: 0, extra: 0, repaired: 0 });
  expect(await relay.waitFor(last, 5000)).toBe(true);
  expect([...engine.tuples.keys()]).toEqual([tupleKey(t('user:on-its-way'))]);
});

it('rebuilds an engine that lost its store from the live tuples, removing what Neo4j does not have', async () => {
  const outbox = new MemoryOutbox();
  const engine = new MemoryEngine();
  engine.tuples.set(tupleKey(t('user:stale')), t('user:stale'));
  engine.storeMissing = true;
  relay = relayOver(outbox, engine, () => [t('user:kept'), t('user:other', 'organization:p')]);
  relay.start(false);
  const report = await relay.reconcile();
  expect(report).toMatchObject({ neo4jTuples: 2, missing: 2, extra: 1, repaired: 3 });
  expect([...engine.tuples.keys()].sort()).toEqual([tupleKey(t('user:kept')), tupleKey(t('user:other', 'organization:p'))].sort());
});
