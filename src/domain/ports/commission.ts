/** The CommissionStore port: resellers' plans over time and the months finance has closed, with their frozen statements. */
import type { CommissionPlan, DatedPlan } from '../commission';
import type { WriteMeta } from './shared';

/** ResellerPlan is a plan of the history of every reseller, naming its reseller (`reseller:<id>`). */
export interface ResellerPlan extends DatedPlan {
  reseller: string;
}

/** ClosedMonth is a closed month: when the closing began reading (startedAt), when it was written (at) and by whom. */
export interface ClosedMonth {
  month: string;
  startedAt: string;
  at: string;
  by: string;
}

/** Ledger is every closed month and the ledger's version, which every plan and every closing moves on. */
export interface LedgerState {
  version: number;
  closed: ClosedMonth[];
}

/** FrozenSummary is what later statements need of a closed one: the rate it applied and the ids it settled. */
export interface FrozenSummary {
  reseller: string;
  month: string;
  currency: string;
  basisPoints: number;
  settled: string[];
}

/** FrozenStatement is a closed statement exactly as it was answered (body, JSON text) with the hash of its content. */
export interface FrozenStatement extends FrozenSummary {
  body: string;
  hash: string;
}

/** MonthClosing is everything one closing writes at once. */
export interface MonthClosing extends ClosedMonth {
  /** version is the ledger version the statements were computed at; the closing is refused if it moved. */
  version: number;
  statements: FrozenStatement[];
}

/**
 * CommissionStore keeps plans as history (appended, never overwritten) and closed months with their
 * statements (written once, never changed). Every method throws DependencyUnavailableError when
 * the store does not answer in time.
 */
export interface CommissionStore {
  /**
   * recordPlan appends a plan to the reseller's history (making a bare reseller node when there is
   * none) and moves the ledger version, unless effectiveFrom is a closed month: then it writes
   * nothing and returns undefined. The check and the write are atomic with respect to closeMonth.
   */
  recordPlan(reseller: string, plan: CommissionPlan & { effectiveFrom: string }, meta: WriteMeta): Promise<DatedPlan | undefined>;
  /** plans returns the history of one reseller, or of every reseller when none is given, in (reseller, effectiveFrom, recordedAt) order. */
  plans(reseller?: string): Promise<ResellerPlan[]>;
  /** ledger returns the closed months in month order and the current version. */
  ledger(): Promise<LedgerState>;
  /** summaries returns the reseller's frozen statements of the given months (those closed with one), without bodies. */
  summaries(reseller: string, months: string[]): Promise<FrozenSummary[]>;
  /** frozen returns the frozen statements of a month, of one reseller when given, in reseller order. */
  frozen(month: string, reseller?: string): Promise<FrozenStatement[]>;
  /**
   * closeMonth writes the closed month and its statements atomically, and returns 'closed'; when the
   * ledger version is no longer closing.version (a plan or another closing came in between) or the
   * month is already closed, it writes nothing and returns 'stale'.
   */
  closeMonth(closing: MonthClosing): Promise<'closed' | 'stale'>;
}
