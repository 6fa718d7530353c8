/** Coalesces concurrent checks into few calls to OpenFGA, and sheds those that waited too long for one. */
import { DependencyUnavailableError } from '../../domain/errors';
import type { Tuple } from '../../domain/tuple';
import { currentContext, runIn, sharedContext, tracingEnabled, type TraceContext } from '../../observability/tracing';

/** BATCH_CHECK_MAX is the most checks in one BatchCheck: OpenFGA's default max-checks-per-batch-check. */
export const BATCH_CHECK_MAX = 50;
/**
 * CHECK_CALLS is the most check calls in flight to OpenFGA; more waiting checks share the next
 * calls, so under load checks go as BatchChecks instead of one call each. Measured through the
 * service on size M (SQLite), bounds side by side in one run: at concurrency 64, 8 calls answered
 * 295-350 checks/s against 252-257 with 64; at an open 250 checks/s, near OpenFGA's capacity
 * here, 64 calls let a queue build in some rounds (p50 0.4-2.2 s) where 8 kept p50 under 100 ms.
 * 2 calls did as well or better at concurrency 64 but collapsed in one open-loop round, and a
 * bound that low lets two slow checks hold up every other.
 */
export const CHECK_CALLS = 8;

/**
 * SendChecks asks OpenFGA one call's checks, at most BATCH_CHECK_MAX, fresh ones with higher
 * consistency. It answers each check's outcome in order, an Error for a check OpenFGA refused
 * alone, and rejects when the whole call failed.
 */
export type SendChecks = (tuples: Tuple[], fresh: boolean) => Promise<Array<boolean | Error>>;

/** CheckBatcherSettings bound the batcher: timeoutMs is also how long a check may wait for a call slot. */
export interface CheckBatcherSettings {
  timeoutMs: number;
  /** checkCalls bounds the check calls in flight; default CHECK_CALLS. */
  checkCalls?: number;
  /** onCheck is told every answer OpenFGA gave a check: the metrics hook (each is a decision-cache miss). */
  onCheck?: (allowed: boolean) => void;
}

/** PendingCheck is a check waiting for its turn's batch, since the performance.now() it arrived. */
interface PendingCheck {
  tuple: Tuple;
  since: number;
  /** trace is the asking request's place in its trace, while tracing is on. */
  trace: TraceContext | undefined;
  resolve: (allowed: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * CheckBatcher is why checks are cheap under load: checks wait in a queue, and at most CHECK_CALLS
 * calls to OpenFGA are in flight, each carrying up to BATCH_CHECK_MAX waiting checks (one alone
 * goes as a plain Check). Under concurrent load that saves a round trip per check here and request
 * handling in OpenFGA (bench/README.md). It knows nothing of HTTP: send carries a batch.
 */
export class CheckBatcher {
  private readonly queue: PendingCheck[] = [];
  private readonly freshQueue: PendingCheck[] = [];
  private pumpScheduled = false;
  private callsInFlight = 0;

  constructor(private readonly send: SendChecks, private readonly s: CheckBatcherSettings) {}

  /** check queues one check for the calls of this event-loop turn; fresh ones go before the others. */
  check(tuple: Tuple, fresh = false): Promise<boolean> {
    return new Promise((resolve, reject) => {
      (fresh ? this.freshQueue : this.queue).push({ tuple, since: performance.now(), trace: currentContext(), resolve, reject });
      if (this.pumpScheduled) return;
      this.pumpScheduled = true;
      // Wait for the rest of this turn's requests, so they can share a call.
      setImmediate(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    });
  }

  /**
   * pump sends waiting checks while a call slot is free, fresh ones first. A check that has waited
   * longer than timeoutMs for a slot is answered 503 openfga_overloaded and not sent: when checks
   * arrive faster than OpenFGA answers, the queue holds at most that much work instead of growing
   * until every answer comes too late to be of use.
   */
  private pump(): void {
    const stale = performance.now() - this.s.timeoutMs;
    for (const queue of [this.freshQueue, this.queue]) {
      let n = 0;
      while (n < queue.length && queue[n].since < stale) n++;
      for (const a of queue.splice(0, n)) a.reject(overloaded());
    }
    while (this.callsInFlight < (this.s.checkCalls ?? CHECK_CALLS)) {
      const fresh = this.freshQueue.length > 0;
      const asks = (fresh ? this.freshQueue : this.queue).splice(0, BATCH_CHECK_MAX);
      if (asks.length === 0) return;
      this.callsInFlight++;
      // The call is made on behalf of its first check's request, and its span lands in that trace (linked from the others').
      const trace = tracingEnabled() ? sharedContext(asks.map((a) => a.trace)) : undefined;
      void runIn(trace, () => this.settle(asks, fresh)).finally(() => {
        this.callsInFlight--;
        this.pump();
      });
    }
  }

  /** settle sends one call's checks and settles each of them; it never rejects, so no check hangs. */
  private async settle(asks: PendingCheck[], fresh: boolean): Promise<void> {
    try {
      const outcomes = await this.send(asks.map((a) => a.tuple), fresh);
      asks.forEach((a, i) => {
        const outcome = outcomes[i];
        if (typeof outcome === 'boolean') {
          this.s.onCheck?.(outcome);
          a.resolve(outcome);
        } else a.reject(outcome ?? new Error('OpenFGA answered fewer checks than it was asked'));
      });
    } catch (err) {
      for (const a of asks) a.reject(err);
    }
  }
}

const overloaded = () =>
  new DependencyUnavailableError('openfga', 'OpenFGA answers more slowly than checks arrive: this check waited longer than OPENFGA_TIMEOUT_MS for its turn; try again', 1, 'openfga_overloaded');
