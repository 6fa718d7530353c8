/**
 * The outbox relay's loop: the only path by which changes reach OpenFGA. While this replica holds
 * the lease it applies Neo4j's change records in revision order, whole revisions only, with
 * backoff; it rebuilds OpenFGA from Neo4j (reconcile) when asked, at start, or when OpenFGA comes
 * back without its store, inside the same loop so that nothing races.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthzEngine, Outbox, OutboxCounters, ReconcileReport, Reconciler, Revisions, TupleStore } from '../ports';
import { applyInOrder, applyRevisionInPages } from './apply';
import { lastWholeRevision } from './whole-revisions';
import { RelayLease } from './lease';
import { describe, repairEngine, type ReconcileRequest, type RepairLog } from './reconcile';
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
  log?: RepairLog;
}

/** OutboxRelay moves Neo4j's outbox into OpenFGA and tells writers and readers when a revision is there. */
export class OutboxRelay implements Revisions, Reconciler {
  private readonly waiters = new RevisionWaiters();
  private readonly lease: RelayLease;
  private running = false;
  /** resigned: this replica no longer takes the lease, and only follows the applied mark another replica moves. */
  private resigned = false;
  private loop?: Promise<void>;
  /** current is the round in progress, which resign lets finish before it gives the lease back. */
  private current?: Promise<boolean>;
  private wake?: () => void;
  /** kicked says a write committed since this round began, so the loop must not go idle. */
  private kicked = false;
  private committed = 0;
  private lastHealth = 0;
  private reconcileRequests: ReconcileRequest[] = [];
  private readonly timing: Required<Pick<RelayOptions, 'idleMs' | 'healthEveryMs' | 'maxBackoffMs'>>;

  constructor(
    private readonly outbox: Outbox,
    private readonly tuples: Pick<TupleStore, 'liveTuples'>,
    private readonly engine: AuthzEngine,
    private readonly opts: RelayOptions,
  ) {
    this.lease = new RelayLease(outbox, opts.holder, opts.leaseMs ?? 5000);
    this.timing = { idleMs: opts.idleMs ?? 250, healthEveryMs: opts.healthEveryMs ?? 1000, maxBackoffMs: opts.maxBackoffMs ?? 2000 };
  }

  /** appliedRevision is the latest revision known to be in OpenFGA. */
  get appliedRevision(): number {
    return this.waiters.revision;
  }

  /** committedRevision is the latest revision committed to the store, as of the loop's last look (every idle interval at most). */
  get committedRevision(): number {
    return Math.max(this.committed, this.waiters.revision);
  }

  /** holdsLease tells whether this replica is the one applying the outbox now. */
  get holdsLease(): boolean {
    return this.running && this.lease.held;
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

  /**
   * resign gives the lease back and never takes it again, while the loop goes on following the
   * applied mark: on shutdown another replica takes over the outbox at once, and the writes still
   * waiting here are answered when that replica applies them.
   */
  async resign(): Promise<void> {
    this.resigned = true;
    // A round that took or renewed the lease before the flag was set must not hold it after the release.
    await this.current?.catch(() => undefined);
    await this.lease.release();
  }

  /** kick wakes the loop at once, after a write committed. */
  kick(): void {
    this.kicked = true;
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
        this.current = this.round();
        const busy = await this.current;
        backoff = 0;
        if (!busy) await this.idle(this.timing.idleMs);
      } catch (err) {
        backoff = Math.min(this.timing.maxBackoffMs, Math.max(50, backoff * 2));
        this.opts.log?.warn({ err: describe(err), retryInMs: backoff }, 'relay round failed; retrying');
        await this.idle(backoff);
      }
    }
  }

  /** round does one step of work; true when there may be more to do at once. */
  private async round(): Promise<boolean> {
    this.kicked = false;
    const holding = !this.resigned && (await this.lease.hold(this.reconcileRequests.some((r) => r.onDemand)));
    // Looked at before OpenFGA is probed, so the revisions this replica reports move even while OpenFGA hangs.
    let { latest, applied, importAbandoned } = await this.look();
    if (!holding) {
      // Its own OpenFGA being down must not stop it seeing the holder's progress, so a failed probe is only logged.
      await this.probeEngine(false).catch((err: unknown) => this.opts.log?.warn({ err: describe(err) }, 'OpenFGA health probe failed'));
      return false;
    }
    await this.probeEngine(true);
    if (importAbandoned && (await this.outbox.finishAbandonedImport(this.lease.holder))) {
      this.opts.log?.warn({ latest }, 'took over a bulk import whose importer stopped: finished it if it had been decided, else discarded it');
      return true;
    }
    if (this.reconcileRequests.length) {
      await this.answerReconciles();
      ({ latest, applied } = await this.look());
    }
    if (latest <= applied) return false;
    const changes = await this.outbox.pending(applied, latest, BATCH);
    const upTo = lastWholeRevision(changes, applied, latest);
    if (upTo === applied) {
      const next = changes[0];
      if (next?.revision === applied + 1 && next.revisionSize > BATCH) return this.settle(applied, next.revision, () =>
          applyRevisionInPages(this.outbox, this.engine, next, BATCH, async () => !this.resigned && (await this.lease.hold(false))));
      // The newest revision is still being applied by Neo4j: look again in a moment.
      await this.idle(5);
      return true;
    }
    return this.settle(applied, upTo, async () => {
      await applyInOrder(this.engine, changes.filter((c) => c.revision <= upTo));
      return true;
    });
  }

  /** settle runs apply for the revisions in (applied, upTo] on behalf of their first waiter (in its trace), then moves the applied mark; apply answers false while not all are visible. */
  private async settle(applied: number, upTo: number, apply: () => Promise<boolean>): Promise<boolean> {
    let whole = false;
    const work = async () => ((whole = await apply()) ? this.outbox.markApplied(this.lease.holder, upTo) : true);
    const asker = this.waiters.firstAsker(applied, upTo);
    if (!(await (asker ? asker(work) : work()))) {
      this.lease.lost();
      return false;
    }
    if (whole) this.waiters.reached(upTo);
    else await this.idle(5);
    return true;
  }

  /** look reads the store's revision counters and moves what this replica knows of them. */
  private async look(): Promise<OutboxCounters> {
    const counters = await this.outbox.counters();
    this.committed = counters.latest;
    this.waiters.reached(counters.applied);
    return counters;
  }

  /**
   * probeEngine asks OpenFGA, at most every healthEveryMs, whether it still has its store. If not, the
   * holder makes it again and rebuilds it from Neo4j; a replica without the lease only bootstraps, which
   * finds the store the holder makes (or makes the one the holder then finds), so every replica moves.
   */
  private async probeEngine(holding: boolean): Promise<void> {
    if (Date.now() - this.lastHealth <= this.timing.healthEveryMs) return;
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
      const report = await repairEngine(this.outbox, this.tuples, this.engine, this.opts.log);
      for (const r of requests) r.resolve(report);
    } catch (err) {
      for (const r of requests) r.reject(err);
      throw err;
    }
  }

  private async idle(ms: number): Promise<void> {
    // A kick during the round came after its look at the counters: go round again at once.
    if (this.kicked) return;
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    const ac = new AbortController();
    await Promise.race([woken, sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined)]);
    ac.abort();
    this.wake = undefined;
  }
}
