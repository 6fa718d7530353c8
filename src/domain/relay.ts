/**
 * The outbox relay: the only path by which changes reach OpenFGA. It applies Neo4j's change
 * records in revision order, in chunks of at most 100 tuples, idempotently, with backoff; one
 * replica at a time holds its lease. It also rebuilds OpenFGA from Neo4j (reconcile) when asked,
 * at start, or when OpenFGA comes back without its store, inside the same loop so nothing races.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { tupleKey } from './tuple';
import type { AuthzEngine, Outbox, OutboxEntry, ReconcileReport, TupleChange, TupleStore } from './ports';

/** CHUNK is the most tuples sent to OpenFGA in one write (its default max-tuples-per-write). */
export const CHUNK = 100;
/** PARALLEL is how many chunks of one wave are in flight to the engine at once. */
export const PARALLEL = 4;
/** BATCH is how many outbox entries one round reads; larger than the 1000-tuple write limit so a revision is never cut twice. */
const BATCH = 2000;
const LEASE = 'relay';

/** RelayOptions tune the loop; the defaults suit one service on one Neo4j. */
export interface RelayOptions {
  holder: string;
  leaseMs?: number;
  idleMs?: number;
  healthEveryMs?: number;
  maxBackoffMs?: number;
  log?: { info: (o: object, msg: string) => void; warn: (o: object, msg: string) => void };
}

interface Waiter {
  revision: number;
  resolve: (reached: boolean) => void;
}

/** ReconcileRequest is one caller waiting for a reconcile; on demand, a replica without the lease asks the holder for it. */
interface ReconcileRequest {
  onDemand: boolean;
  resolve: (r: ReconcileReport) => void;
  reject: (e: unknown) => void;
}

/** OutboxRelay moves Neo4j's outbox into OpenFGA and tells writers and readers when a revision is there. */
export class OutboxRelay {
  private applied = 0;
  private waiters: Waiter[] = [];
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private leaseUntil = 0;
  private lastHealth = 0;
  private reconcileRequests: ReconcileRequest[] = [];
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private readonly healthEveryMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly outbox: Outbox,
    private readonly tuples: Pick<TupleStore, 'liveTuples'>,
    private readonly engine: AuthzEngine,
    private readonly opts: RelayOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? 5000;
    this.idleMs = opts.idleMs ?? 250;
    this.healthEveryMs = opts.healthEveryMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 2000;
  }

  /** appliedRevision is the latest revision known to be in OpenFGA. */
  get appliedRevision(): number {
    return this.applied;
  }

  /**
   * start runs the loop in the background. With reconcileFirst it rebuilds OpenFGA from Neo4j before
   * anything else once it holds the lease; a replica that starts while another holds it leaves that
   * replica be, since the holder keeps OpenFGA in step.
   */
  start(reconcileFirst = true): void {
    if (this.running) return;
    this.running = true;
    if (reconcileFirst) this.reconcileWhenHolding();
    this.loop = this.run();
  }

  /** stop ends the loop, gives the lease back and fails no one: pending waiters resolve false. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    await this.outbox.releaseLease(LEASE, this.opts.holder).catch(() => undefined);
    for (const w of this.waiters.splice(0)) w.resolve(false);
    for (const r of this.reconcileRequests.splice(0)) r.reject(new Error('relay stopped'));
  }

  /** kick wakes the loop at once, after a write committed. */
  kick(): void {
    this.wake?.();
  }

  /** waitFor resolves true once revision is applied, or false after timeoutMs. */
  waitFor(revision: number, timeoutMs: number): Promise<boolean> {
    if (revision <= this.applied) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { revision, resolve: () => undefined };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      waiter.resolve = (reached) => {
        clearTimeout(timer);
        resolve(reached);
      };
      this.waiters.push(waiter);
      this.kick();
    });
  }

  /**
   * reconcile compares the tuples live in Neo4j at the applied mark with OpenFGA and repairs
   * OpenFGA (Neo4j wins), inside the loop. A replica without the lease asks for it and the holder
   * hands it over at its next renewal, within about half the lease time, so only ever one replica
   * writes to OpenFGA.
   */
  reconcile(): Promise<ReconcileReport> {
    return new Promise((resolve, reject) => {
      this.reconcileRequests.push({ onDemand: true, resolve, reject });
      this.kick();
    });
  }

  /** reconcileWhenHolding queues a reconcile no caller waits for, done once this replica holds the lease. */
  private reconcileWhenHolding(): void {
    this.reconcileRequests.push({ onDemand: false, resolve: () => undefined, reject: () => undefined });
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        const busy = await this.round();
        backoff = 0;
        if (!busy) await this.idle(this.idleMs);
      } catch (err) {
        backoff = Math.min(this.maxBackoffMs, Math.max(50, backoff * 2));
        this.opts.log?.warn({ err: describe(err), retryInMs: backoff }, 'relay round failed; retrying');
        await this.idle(backoff);
      }
    }
  }

  /** round does one step of work; true when there may be more to do at once. */
  private async round(): Promise<boolean> {
    if (!(await this.holdLease())) {
      this.setApplied((await this.outbox.counters()).applied);
      return false;
    }
    if (Date.now() - this.lastHealth > this.healthEveryMs) {
      this.lastHealth = Date.now();
      if ((await this.engine.health()) === 'store_missing') {
        this.opts.log?.warn({}, 'OpenFGA has no store or model (restarted empty?): bootstrapping and reconciling from Neo4j');
        await this.engine.bootstrap();
        this.reconcileWhenHolding();
      }
    }
    if (this.reconcileRequests.length) {
      const requests = this.reconcileRequests.splice(0);
      try {
        const report = await this.reconcileNow();
        for (const r of requests) r.resolve(report);
      } catch (err) {
        for (const r of requests) r.reject(err);
        throw err;
      }
    }
    const { latest, applied } = await this.outbox.counters();
    this.setApplied(applied);
    if (latest <= applied) return false;
    const changes = await this.outbox.pending(applied, latest, BATCH);
    const upTo = lastWholeRevision(changes, applied, latest);
    if (upTo === applied) {
      // The newest revision is still being applied by Neo4j: look again in a moment.
      await this.idle(5);
      return true;
    }
    await this.applyInChunks(changes.filter((c) => c.revision <= upTo));
    if (!(await this.outbox.markApplied(this.opts.holder, upTo))) {
      this.leaseUntil = 0;
      return false;
    }
    this.setApplied(upTo);
    return true;
  }

  private async holdLease(): Promise<boolean> {
    const now = Date.now();
    if (now < this.leaseUntil - this.leaseMs / 2) return true;
    const want = this.reconcileRequests.some((r) => r.onDemand);
    if (await this.outbox.acquireLease(LEASE, this.opts.holder, this.leaseMs, want)) {
      this.leaseUntil = now + this.leaseMs;
      return true;
    }
    this.leaseUntil = 0;
    return false;
  }

  private async reconcileNow(): Promise<ReconcileReport> {
    // OpenFGA holds the revisions up to the applied mark, and only this loop moves it: compare there.
    const { applied } = await this.outbox.counters();
    const neo = await this.tuples.liveTuples(applied);
    const fga = await this.engine.readAll();
    const neoKeys = new Set(neo.map(tupleKey));
    const fgaKeys = new Set(fga.map(tupleKey));
    const missing = neo.filter((t) => !fgaKeys.has(tupleKey(t)));
    const extra = fga.filter((t) => !neoKeys.has(tupleKey(t)));
    const repairs: TupleChange[] = [
      ...missing.map((tuple): TupleChange => ({ op: 'write', tuple })),
      ...extra.map((tuple): TupleChange => ({ op: 'delete', tuple })),
    ];
    await this.applyInChunks(repairs);
    const report = { neo4jTuples: neo.length, openfgaTuples: fga.length, missing: missing.length, extra: extra.length, repaired: repairs.length };
    if (repairs.length === 0) this.opts.log?.info(report, 'reconciled OpenFGA with Neo4j');
    // A difference means something wrote around the relay, or lost writes: name a few so it can be traced.
    else this.opts.log?.warn({ ...report, missingSample: missing.slice(0, 5), extraSample: extra.slice(0, 5) }, 'reconciled OpenFGA with Neo4j and repaired a difference');
    return report;
  }

  /**
   * applyInChunks sends changes in order, at most CHUNK at a time, never the same tuple twice in one
   * call. Changes are cut into waves in which no tuple repeats; the chunks of one wave are sent
   * PARALLEL at a time, since their order cannot change the outcome, and a tuple seen again starts
   * the next wave, so a write and its later delete still reach the engine in that order.
   */
  private async applyInChunks(changes: TupleChange[]): Promise<void> {
    for (const wave of waves(changes)) {
      let next = 0;
      let failed = false;
      const sender = async () => {
        while (!failed && next < wave.length) {
          await this.engine.apply(wave[next++]).catch((err: unknown) => {
            failed = true;
            throw err;
          });
        }
      };
      // Settle every sender before failing: a chunk still in flight when the round is retried could
      // land after a later wave's change to the same tuple and undo it.
      const settled = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL, wave.length) }, sender));
      const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    }
  }

  private setApplied(revision: number): void {
    if (revision <= this.applied) return;
    this.applied = revision;
    const [done, waiting] = partition(this.waiters, (w) => w.revision <= revision);
    this.waiters = waiting;
    for (const w of done) w.resolve(true);
  }

  private async idle(ms: number): Promise<void> {
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    const ac = new AbortController();
    await Promise.race([woken, sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined)]);
    ac.abort();
    this.wake = undefined;
  }
}

/**
 * lastWholeRevision is the end of the run of whole revisions after applied: revisions are dense
 * (each holds at least one change), so revision r is whole when exactly revisionSize changes of it
 * are visible. A revision cut by the batch limit or still being applied by Neo4j ends the run.
 */
export function lastWholeRevision(changes: OutboxEntry[], applied: number, latest: number): number {
  const seen = new Map<number, { count: number; size: number }>();
  for (const c of changes) {
    const entry = seen.get(c.revision) ?? { count: 0, size: c.revisionSize };
    entry.count += 1;
    seen.set(c.revision, entry);
  }
  let upTo = applied;
  for (let r = applied + 1; r <= latest; r++) {
    const entry = seen.get(r);
    // size -1: recorded before revisions carried their size; taken as whole.
    if (!entry || (entry.size >= 0 && entry.count !== entry.size)) break;
    upTo = r;
  }
  return upTo;
}

/** waves cuts changes, in order, into waves of chunks of at most CHUNK in which no tuple repeats. */
export function waves(changes: TupleChange[]): TupleChange[][][] {
  const out: TupleChange[][][] = [];
  let wave: TupleChange[][] = [];
  let keys = new Set<string>();
  for (const c of changes) {
    const key = tupleKey(c.tuple);
    if (keys.has(key)) {
      out.push(wave);
      wave = [];
      keys = new Set();
    }
    const chunk = wave[wave.length - 1];
    if (!chunk || chunk.length === CHUNK) wave.push([c]);
    else chunk.push(c);
    keys.add(key);
  }
  if (wave.length) out.push(wave);
  return out;
}

function partition<T>(items: T[], pred: (t: T) => boolean): [T[], T[]] {
  return [items.filter(pred), items.filter((t) => !pred(t))];
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

