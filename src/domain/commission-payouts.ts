/**
 * CommissionPayouts: what to pay every reseller for a month, in one list for finance: each reseller
 * with a plan in force in the month, its own commission, adjustments, credits and the total, which
 * may be negative. A closed month answers from its frozen statements.
 */
import { monthRange } from './commission';
import { byReseller, CommissionBook } from './commission-book';
import type { CommissionStore, InvoiceStore } from './ports';
import type { Statement } from './statement';

/** PayoutLine is one reseller's total for the month. */
export interface PayoutLine {
  reseller: string;
  currency: string;
  commission: number;
  adjustments: number;
  credits: number;
  payout: number;
}

/** Payouts is the month's report. */
export interface Payouts {
  month: string;
  closed: { at: string; by: string } | null;
  payouts: PayoutLine[];
}

const sum = (lines: Array<{ commission: number }>) => lines.reduce((a, l) => a + l.commission, 0);

/** payoutOf sums a statement into its payout line. */
export function payoutOf(s: Statement): PayoutLine {
  return { reseller: s.reseller, currency: s.currency, commission: s.commission, adjustments: sum(s.adjustments), credits: sum(s.credits), payout: s.payout };
}

/** CommissionPayoutsQuery lists every reseller's payout for a month. */
export class CommissionPayoutsQuery {
  private readonly book: CommissionBook;

  constructor(
    invoices: Pick<InvoiceStore, 'entriesLinkedTo'>,
    private readonly commissions: Pick<CommissionStore, 'plans' | 'ledger' | 'summaries' | 'frozen'>,
  ) {
    this.book = new CommissionBook(invoices, commissions);
  }

  async execute(month: string): Promise<Payouts> {
    monthRange(month);
    const ledger = await this.commissions.ledger();
    const closed = ledger.closed.find((c) => c.month === month);
    if (closed) {
      const frozen = await this.commissions.frozen(month);
      return { month, closed: { at: closed.at, by: closed.by }, payouts: frozen.map((f) => payoutOf(JSON.parse(f.body) as Statement)) };
    }
    const payouts: PayoutLine[] = [];
    for (const [reseller, plans] of byReseller(await this.commissions.plans())) {
      const s = await this.book.count(reseller, month, plans, ledger);
      if (s) payouts.push(payoutOf(s));
    }
    return { month, closed: null, payouts };
  }
}
