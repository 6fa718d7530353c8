/**
 * A reseller's statement for one month, from its parts: the month's invoices (lines), invoices
 * recorded after their own month was closed (adjustments, at the rate the closed month applied),
 * and credit notes (taken back in the same shares, at the rate applied to the credited invoice).
 * Pure and exact, so the rules can be tested without a database; commission-statement.ts gathers
 * the parts.
 */
import { commissionOf, monthOf, percentOf, shareAmong, tierRate, type CommissionPlan, type Link } from './commission';

/** CandidateInvoice is an invoice or credit note of an organization the reseller shared when the invoice was issued. */
export interface CandidateInvoice {
  invoice: string;
  organization: string;
  amount: number;
  currency: string;
  issuedAt: string;
  /** linked holds every reseller linked to the organization at issuedAt (for a credit: at the credited invoice's issuedAt). */
  linked: Link[];
  /** creditFor and originalIssuedAt are set on a credit note: the invoice it credits and when that was issued. */
  creditFor?: string;
  originalIssuedAt?: string;
}

/** StatementLine is one invoice counted for the reseller: the whole amount and the reseller's share of it. */
export interface StatementLine {
  organization: string;
  invoice: string;
  issuedAt: string;
  amount: number;
  share: number;
  sharedWith: string[];
}

/** ExcludedLine is an invoice that concerns the reseller but is not counted, with the reason. */
export interface ExcludedLine {
  organization: string;
  invoice: string;
  issuedAt: string;
  amount: number;
  currency: string;
  reason: 'currency_mismatch';
}

/** AdjustmentLine is an invoice recorded after its month closed, paid in the first open month at the closed month's rate. */
export interface AdjustmentLine {
  invoice: string;
  originalMonth: string;
  organization: string;
  issuedAt: string;
  share: number;
  percent: number;
  commission: number;
}

/** CreditLine takes back commission: the reseller's share of the credit at the credited invoice's rate, commission ≤ 0. */
export interface CreditLine extends AdjustmentLine {
  creditFor: string;
}

/** ClosedInfo is when and by whom a month was closed, and the hash of the frozen statement's content. */
export interface ClosedInfo {
  at: string;
  by: string;
  hash: string;
}

/** Statement is a reseller's commission for one month; payout is what the month pays, and may be negative. */
export interface Statement {
  reseller: string;
  month: string;
  currency: string;
  plan: { effectiveFrom: string };
  lines: StatementLine[];
  excluded: ExcludedLine[];
  total: number;
  percent: number;
  commission: number;
  adjustments: AdjustmentLine[];
  credits: CreditLine[];
  payout: number;
  closed: ClosedInfo | null;
}

/** Rate is what a month's statement applied: its currency and its tier's basis points. */
export interface Rate {
  currency: string;
  basisPoints: number;
}

/** Ledger is what the statement needs of other months: rates of the months credited invoices were issued in, and what closed statements already paid. */
export interface Ledger {
  /** rates holds the rate of every month an entry needs other than the statement's own: frozen for a closed month, counted for an open one. */
  rates: ReadonlyMap<string, Rate>;
  /** settled holds every invoice and credit id a closed statement of the reseller already shows. */
  settled: ReadonlySet<string>;
}

const NO_LEDGER: Ledger = { rates: new Map(), settled: new Set() };

/** shareOf is the reseller's part of an amount shared by the linked resellers. */
export function shareOf(reseller: string, amount: number, linked: Link[]): bigint {
  return shareAmong(BigInt(amount), linked).get(reseller) ?? 0n;
}

/** monthRate is the rate of a month from its own invoices only: the tier by the month's counted total (adjustments and credits do not move it). */
export function monthRate(reseller: string, month: string, plan: CommissionPlan, entries: CandidateInvoice[]): Rate {
  let total = 0n;
  for (const e of entries) if (!e.creditFor && monthOf(e.issuedAt) === month && e.currency === plan.currency) total += shareOf(reseller, e.amount, e.linked);
  return { currency: plan.currency, basisPoints: tierRate(plan, total) };
}

/**
 * buildStatement counts the month's own invoices in the plan's currency (the tier by their total,
 * rounded half up), adds each unsettled invoice of an earlier closed month as an adjustment and
 * each unsettled credit note as a negative line, each rounded half up on its own. Entries of
 * other months must be of closed months the statement is the first open month after.
 */
export function buildStatement(reseller: string, month: string, plan: CommissionPlan & { effectiveFrom?: string }, entries: CandidateInvoice[], ledger: Ledger = NO_LEDGER): Statement {
  const s: Statement = {
    reseller, month, currency: plan.currency, plan: { effectiveFrom: plan.effectiveFrom ?? month },
    lines: [], excluded: [], total: 0, percent: 0, commission: 0, adjustments: [], credits: [], payout: 0, closed: null,
  };
  const own = monthRate(reseller, month, plan, entries);
  const rateOf = (m: string) => (m === month ? own : ledger.rates.get(m));
  const exclude = (e: CandidateInvoice) => s.excluded.push({ organization: e.organization, invoice: e.invoice, issuedAt: e.issuedAt, amount: e.amount, currency: e.currency, reason: 'currency_mismatch' });
  let total = 0n;
  let extra = 0n;
  for (const e of entries) {
    const issued = monthOf(e.issuedAt);
    if (issued !== month && ledger.settled.has(e.invoice)) continue;
    const share = shareOf(reseller, e.amount, e.linked);
    if (!e.creditFor && issued === month) {
      if (e.currency !== plan.currency) exclude(e);
      else {
        total += share;
        const sharedWith = [...new Set(e.linked.map((l) => l.reseller))].filter((r) => r !== reseller).sort();
        s.lines.push({ organization: e.organization, invoice: e.invoice, issuedAt: e.issuedAt, amount: e.amount, share: Number(share), sharedWith });
      }
      continue;
    }
    const originalMonth = monthOf(e.originalIssuedAt ?? e.issuedAt);
    const rate = rateOf(originalMonth);
    // No rate: the reseller had no plan that month, so the invoice earned (and its credit takes back) nothing.
    // Another currency than the month applied: the invoice was never counted, nothing to add or take back.
    if (!rate || rate.currency !== e.currency) continue;
    if (e.currency !== plan.currency) {
      exclude(e);
      continue;
    }
    const commission = commissionOf(share, rate.basisPoints);
    const line = { invoice: e.invoice, originalMonth, organization: e.organization, issuedAt: e.issuedAt, share: Number(share), percent: percentOf(rate.basisPoints) };
    if (e.creditFor) {
      s.credits.push({ ...line, creditFor: e.creditFor, commission: -Number(commission) });
      extra -= commission;
    } else {
      s.adjustments.push({ ...line, commission: Number(commission) });
      extra += commission;
    }
  }
  const commission = commissionOf(total, own.basisPoints);
  return { ...s, total: Number(total), percent: percentOf(own.basisPoints), commission: Number(commission), payout: Number(commission + extra) };
}

/** settledBy lists the ids a statement shows, which its month's closing settles for the reseller. */
export function settledBy(s: Statement): string[] {
  return [...s.lines, ...s.excluded, ...s.adjustments, ...s.credits].map((l) => l.invoice);
}
