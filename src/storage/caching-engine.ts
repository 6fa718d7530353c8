/**
 * A decision cache in front of the check engine: repeated questions are answered from memory,
 * and no answer is ever older than the latest write this replica has acknowledged.
 *
 * Why it is exact: a tuple write is acknowledged only after the relay has applied it to the
 * engine (through this decorator's apply) and then moved the applied revision. The cache is
 * emptied whenever either of those happens, and an answer is kept only if it was computed while
 * nothing was being applied and neither moved between asking and answering. So every cached
 * answer was computed from engine state that includes every acknowledged write.
 */
import { tupleKey, type Tuple } from '../domain/tuple';
import type { AuthzEngine, CheckOptions, StoreInfo, TupleChange, UsersetTree } from '../domain/ports';

/** DecisionCacheSettings: appliedRevision reads the relay's applied mark; maxEntries bounds memory. */
export interface DecisionCacheSettings {
  appliedRevision: () => number;
  maxEntries: number;
  /** onHit is told every answer the cache gave (the misses are counted by the engine behind it): the metrics hook. */
  onHit?: (allowed: boolean) => void;
}

/** DecisionCacheStats are counters for the benchmark and for operators. */
export interface DecisionCacheStats {
  hits: number;
  misses: number;
  dropped: number;
  clears: number;
  size: number;
}

/** CachingEngine decorates an AuthzEngine's check with an exact, bounded, least-recently-used cache. */
export class CachingEngine implements AuthzEngine {
  private readonly answers = new Map<string, boolean>();
  /** epoch moves at the start and end of every apply and bootstrap, i.e. whenever engine state may change here. */
  private epoch = 0;
  private applying = 0;
  /** validFor is the (epoch, revision) the cached answers belong to; anything else empties the cache. */
  private validEpoch = 0;
  private validRevision = -1;
  private readonly counters = { hits: 0, misses: 0, dropped: 0, clears: 0 };

  constructor(
    private readonly inner: AuthzEngine,
    private readonly s: DecisionCacheSettings,
  ) {}

  /**
   * check answers from the cache unless opts.fresh, and remembers the engine's answer only when it
   * cannot be stale. A question with contextual tuples or a context is its own: never cached.
   */
  async check(tuple: Tuple, opts: CheckOptions = {}): Promise<boolean> {
    if (opts.contextualTuples?.length || opts.context) return this.inner.check(tuple, opts);
    const revision = this.s.appliedRevision();
    const epoch = this.epoch;
    this.expireIfMoved(epoch, revision);
    const key = tupleKey(tuple);
    if (!opts.fresh) {
      const hit = this.answers.get(key);
      if (hit !== undefined) {
        this.counters.hits++;
        this.s.onHit?.(hit);
        // Re-insert so the Map's insertion order approximates recency for eviction.
        this.answers.delete(key);
        this.answers.set(key, hit);
        return hit;
      }
    }
    this.counters.misses++;
    const allowed = await this.inner.check(tuple, opts);
    // The engine may have changed while we asked: keep the answer only if nothing moved meanwhile.
    if (this.applying > 0 || this.epoch !== epoch || this.s.appliedRevision() !== revision) {
      this.counters.dropped++;
      return allowed;
    }
    this.expireIfMoved(epoch, revision);
    this.answers.set(key, allowed);
    if (this.answers.size > this.s.maxEntries) this.answers.delete(this.answers.keys().next().value as string);
    return allowed;
  }

  async apply(changes: TupleChange[]): Promise<void> {
    await this.changing(() => this.inner.apply(changes));
  }

  async bootstrap(): Promise<void> {
    await this.changing(() => this.inner.bootstrap());
  }

  readAll(): AsyncIterable<Tuple[]> {
    return this.inner.readAll();
  }

  expand(relation: string, object: string, opts?: Pick<CheckOptions, 'fresh'>): Promise<UsersetTree> {
    return this.inner.expand(relation, object, opts);
  }

  ids(): { storeId: string; modelId: string } {
    return this.inner.ids();
  }

  store(): Promise<StoreInfo> {
    return this.inner.store();
  }

  health(): Promise<'ok' | 'store_missing'> {
    return this.inner.health();
  }

  /** stats reports hits, misses, answers dropped by a race, clears and the current size. */
  stats(): DecisionCacheStats {
    return { ...this.counters, size: this.answers.size };
  }

  /** changing brackets a state change of the engine: no answer computed across it is kept, before or after. */
  private async changing(fn: () => Promise<void>): Promise<void> {
    this.applying++;
    this.epoch++;
    this.clear();
    try {
      await fn();
    } finally {
      this.applying--;
      this.epoch++;
      this.clear();
    }
  }

  private expireIfMoved(epoch: number, revision: number): void {
    if (epoch === this.validEpoch && revision === this.validRevision) return;
    this.clear();
    this.validEpoch = epoch;
    this.validRevision = revision;
  }

  private clear(): void {
    if (this.answers.size === 0) return;
    this.answers.clear();
    this.counters.clears++;
  }
}
