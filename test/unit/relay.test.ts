/**
 * The outbox relay's rules, on in-memory ports: order, chunking, idempotent retries, waiting
 * for revisions, and rebuilding an engine that lost its store.
 */
import { CHUNK, OutboxRelay } from '../../src/domain/relay';
import { tupleKey, type Tuple } from '../../src/domain/tuple';
import { MemoryEngine, MemoryOutbox } from '../fixtures/memory-ports';

const t = (user: string, object = 'organization:o'): Tuple => ({ user, relation: 'member', object });

function relayOver(outbox: MemoryOutbox, engine: MemoryEngine, live: () => Tuple[] = () => []) {
  return new OutboxRelay(outbox, { liveTuples: async () => live() }, engine, { holder: 'me', idleMs: 5, healthEveryMs: 0, maxBackoffMs: 10 });
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
