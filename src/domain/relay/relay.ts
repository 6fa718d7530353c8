/**
 * The outbox relay's loop: the only path by which changes reach OpenFGA. While this replica holds
 * the lease it applies Neo4j's change records in revision order, whole revisions only, with
 * backoff; it rebuilds OpenFGA from Neo4j (reconcile) when asked, at start, or when OpenFGA comes
 * back without its store, inside the same loop so that nothing races.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthzEngine, Outbox, OutboxEntry, ReconcileReport, Reconciler, Revisions, TupleStore } from '../ports';
import { applyInOrder } from './apply';
import { RelayLease } from './lease';
import { diffTuples } from './reconcile';
import { RevisionWaiters } from './waiters';

/** BATCH is how many outbox entries one round reads; larger than the 1000-tuple write limit so a revision is never cut twice. */
const BATCH = 2000;

/** RelayOptions tune the loop; the defaults suit one service on one Neo4j. */
export interface RelayOptions {
  holder: string;
  leaseMs?: number;
  idleMs?: number;
  healthEveryMs?: number;
  maxBackoffMs?: number;
  log?: { info: (o: object, msg: string) => void; warn: (o: object, msg: string) => void };
}

/** ReconcileRequest is one caller waiting for a reconcile; on demand, a replica without the lease asks the holder for it. */
interface ReconcileRequest {
  onDemand: boolean;
  resolve: (r: ReconcileReport) => void;
  reject: (e: unknown) => void;
}

/** OutboxRelay moves Neo4j's outbox into OpenFGA and tells writers and readers when a revision is there. */
export class OutboxRelay implements Revisions, Reconciler {
  private readonly waiters = new RevisionWaiters();
  private readonly lease: RelayLease;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastHealth = 0;
  private reconcileRequests: ReconcileRequest[] = [];
  private readonly idleMs: number;
  private readonly healthEveryMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly outbox: Outbox,
    private readonly tuples: Pick<TupleStore, 'liveTuples'>,
    private readonly engine: AuthzEngine,
    private readonly opts: RelayOptions,
  ) {
    this.lease = new RelayLease(outbox, opts.holder, opts.leaseMs ?? 5000);
    this.idleMs = opts.idleMs ?? 250;
    this.healthEveryMs = opts.healthEveryMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 2000;
  }

  /** appliedRevision is the latest revision known to be in OpenFGA. */
  get appliedRevision(): number {
    return this.waiters.revision;
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
    await this.lease.release().catch(() => undefined);
    this.waiters.giveUp();
    for (const r of this.reconcileRequests.splice(0)) r.reject(new Error('relay stopped'));
  }

  /** kick wakes the loop at once, after a write committed. */
  kick(): void {
    this.wake?.();
  }

  /** waitFor resolves true once revision is applied, or false after timeoutMs. */
  waitFor(revision: number, timeoutMs: number): Promise<boolean> {
    if (revision <= this.waiters.revision) return Promise.resolve(true);
    const reached = this.waiters.wait(revision, timeoutMs);
    this.kick();
    return reached;
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
    if (!(await this.lease.hold(this.reconcileRequests.some((r) => r.onDemand)))) {
      this.waiters.reached((await this.outbox.counters()).applied);
      // Its own OpenFGA being down must not stop it seeing the holder's progress, so a failed probe is only logged.
      await this.probeEngine(false).catch((err: unknown) => this.opts.log?.warn({ err: describe(err) }, 'OpenFGA health probe failed'));
      return false;
    }
    await this.probeEngine(true);
    if (this.reconcileRequests.length) await this.answerReconciles();
    const { latest, applied } = await this.outbox.counters();
    this.waiters.reached(applied);
    if (latest <= applied) return false;
    const changes = await this.outbox.pending(applied, latest, BATCH);
    const upTo = lastWholeRevision(changes, applied, latest);
    if (upTo === applied) {
      // The newest revision is still being applied by Neo4j: look again in a moment.
      await this.idle(5);
      return true;
    }
    await applyInOrder(this.engine, changes.filter((c) => c.revision <= upTo));
    if (!(await this.outbox.markApplied(this.lease.holder, upTo))) {
      this.lease.lost();
      return false;
    }
    this.waiters.reached(upTo);
    return true;
  }

  /**
   * probeEngine asks OpenFGA, at most every healthEveryMs, whether it still has its store. If not, the
   * holder makes it again and rebuilds it from Neo4j; a replica without the lease only bootstraps, which
   * finds the store the holder makes (or makes the one the holder then finds), so every replica moves.
   */
  private async probeEngine(holding: boolean): Promise<void> {
    if (Date.now() - this.lastHealth <= this.healthEveryMs) return;
    this.lastHealth = Date.now();
    if ((await this.engine.health()) !== 'store_missing') return;
    this.opts.log?.warn({ holding }, holding
      ? 'OpenFGA has no store or model (restarted empty?): bootstrapping and reconciling from Neo4j'
      : 'OpenFGA has no store or model (restarted empty?): bootstrapping; the lease holder rebuilds it from Neo4j');
    await this.engine.bootstrap();
    if (holding) this.reconcileWhenHolding();
  }

  /** answerReconciles runs one reconcile for every request queued so far. */
  private async answerReconciles(): Promise<void> {
    const requests = this.reconcileRequests.splice(0);
    try {
      const report = await this.reconcileNow();
      for (const r of requests) r.resolve(report);
    } catch (err) {
      for (const r of requests) r.reject(err);
      throw err;
    }
  }

  private async reconcileNow(): Promise<ReconcileReport> {
    // OpenFGA holds the revisions up to the applied mark, and only this loop moves it: compare there.
    const { applied } = await this.outbox.counters();
    const diff = diffTuples(await this.tuples.liveTuples(applied), await this.engine.readAll());
    await applyInOrder(this.engine, diff.repairs);
    if (diff.repairs.length === 0) this.opts.log?.info(diff.report, 'reconciled OpenFGA with Neo4j');
    // A difference means something wrote around the relay, or lost writes: name a few so it can be traced.
    else this.opts.log?.warn({ ...diff.report, missingSample: diff.missing.slice(0, 5), extraSample: diff.extra.slice(0, 5) }, 'reconciled OpenFGA with Neo4j and repaired a difference');
    return diff.report;
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

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
