/**
 * CommissionBook gathers what a statement is built from: the plan in force for the month, the
 * closed months before it, the month's invoices and credit notes, the unsettled ones of the closed
 * months right before it, and the rates of the months credited invoices were issued in. The
 * statement, closing and payout use cases all count through it, so they cannot disagree.
 */
import { createHash } from 'node:crypto';
import { addMonths, monthOf, monthRange, planInForce, type DatedPlan } from './commission';
import type { ClosedMonth, CommissionStore, EntryWindow, InvoiceStore, LedgerState } from './ports';
import { buildStatement, monthRate, type Rate, type Statement } from './statement';

/**
 * LATE_MARGIN_MS: an invoice recorded this long before a closing began was visible to it, so the
 * closed statement settled it; only later ones are read again as possible adjustments. It covers
 * a transaction's time limit and clock skew between replicas many times over.
 */
export const LATE_MARGIN_MS = 10 * 60 * 1000;

/** CommissionBook counts statements as of the ledger it is given. */
export class CommissionBook {
  constructor(
    private readonly invoices: Pick<InvoiceStore, 'entriesLinkedTo'>,
    private readonly commissions: Pick<CommissionStore, 'summaries'>,
  ) {}

  /**
   * count builds the reseller's statement for month as if the month were open, or undefined when
   * no plan is in force in it. Closed months before it settle what their statements showed.
   */
  async count(reseller: string, month: string, plans: DatedPlan[], ledger: LedgerState): Promise<Statement | undefined> {
    const plan = planInForce(plans, month);
    if (!plan) return undefined;
    const closed = new Map(ledger.closed.map((c) => [c.month, c]));
    const run = closedRunBefore(month, closed);
    const windows: EntryWindow[] = [monthRange(month), ...run.map((m) => ({ ...monthRange(m), recordedSince: lateSince(closed.get(m) as ClosedMonth) }))];
    const entries = await this.invoices.entriesLinkedTo(reseller, windows);
    const originals = new Set(entries.filter((e) => e.originalIssuedAt).map((e) => monthOf(e.originalIssuedAt as string)));
    originals.delete(month);
    const wanted = [...new Set([...run, ...[...originals].filter((m) => closed.has(m))])];
    const summaries = wanted.length ? await this.commissions.summaries(reseller, wanted) : [];
    const rates = new Map<string, Rate>(summaries.map((s) => [s.month, { currency: s.currency, basisPoints: s.basisPoints }]));
    const settled = new Set(summaries.flatMap((s) => s.settled));
    for (const m of originals) {
      const then = planInForce(plans, m);
      if (closed.has(m) || !then) continue;
      rates.set(m, monthRate(reseller, m, then, await this.invoices.entriesLinkedTo(reseller, [monthRange(m)])));
    }
    return buildStatement(reseller, month, plan, entries, { rates, settled });
  }
}

/** closedRunBefore lists the closed months right before month, latest first: the months whose late entries month pays. */
export function closedRunBefore(month: string, closed: ReadonlyMap<string, unknown>): string[] {
  const run: string[] = [];
  for (let m = addMonths(month, -1); closed.has(m); m = addMonths(m, -1)) run.push(m);
  return run;
}

function lateSince(c: ClosedMonth): string {
  return new Date(Date.parse(c.startedAt) - LATE_MARGIN_MS).toISOString();
}

/** contentHash is the SHA-256 of a statement's JSON as it was counted, before the closing is stamped on it. */
export function contentHash(s: Statement): string {
  return createHash('sha256').update(JSON.stringify({ ...s, closed: null })).digest('hex');
}

/** byReseller groups plan history by reseller, in reseller order. */
export function byReseller<P extends { reseller: string }>(plans: P[]): Map<string, P[]> {
  const groups = new Map<string, P[]>();
  for (const p of [...plans].sort((a, b) => (a.reseller < b.reseller ? -1 : a.reseller > b.reseller ? 1 : 0))) {
    const group = groups.get(p.reseller) ?? [];
    group.push(p);
    groups.set(p.reseller, group);
  }
  return groups;
}
