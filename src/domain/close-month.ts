/**
 * CloseMonth: finance closes a month that has ended. Every reseller with a plan in force in it gets
 * its statement frozen as counted at that moment, with a content hash, and answered identically
 * from then on. Closing again answers the first closing. Invoices recorded later for the month are
 * paid as adjustments in the first open month after it.
 */
import { monthRange } from './commission';
import { byReseller, CommissionBook, contentHash } from './commission-book';
import { ConflictError } from './errors';
import type { ClosedMonth, CommissionStore, FrozenStatement, InvoiceStore } from './ports';
import { settledBy } from './statement';

/** CLOSE_ATTEMPTS bounds the retries when plans or other closings keep moving the ledger meanwhile. */
const CLOSE_ATTEMPTS = 5;

/** ClosingAnswer is the month's closing and whether this call made it. */
export interface ClosingAnswer {
  month: string;
  closed: { at: string; by: string };
  statements: number;
  created: boolean;
}

/** CloseMonthCommand freezes a month's statements once. */
export class CloseMonthCommand {
  private readonly book: CommissionBook;

  constructor(
    invoices: Pick<InvoiceStore, 'entriesLinkedTo'>,
    private readonly commissions: Pick<CommissionStore, 'plans' | 'ledger' | 'summaries' | 'frozen' | 'closeMonth'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.book = new CommissionBook(invoices, commissions);
  }

  async execute(month: string, actor: string): Promise<ClosingAnswer> {
    const { to } = monthRange(month);
    if (to > this.now().toISOString()) throw new ConflictError(`${month} has not ended yet (it ends ${to}); only a month that has ended can be closed`, 'month_not_ended');
    for (let attempt = 0; attempt < CLOSE_ATTEMPTS; attempt += 1) {
      const startedAt = this.now().toISOString();
      const ledger = await this.commissions.ledger();
      const done = ledger.closed.find((c) => c.month === month);
      if (done) return this.answer(done, false);
      const statements: FrozenStatement[] = [];
      const at = this.now().toISOString();
      for (const [reseller, plans] of byReseller(await this.commissions.plans())) {
        const s = await this.book.count(reseller, month, plans, ledger);
        if (!s) continue;
        const hash = contentHash(s);
        const rate = { currency: s.currency, basisPoints: Math.round(s.percent * 100) };
        statements.push({ reseller, month, ...rate, settled: settledBy(s), hash, body: JSON.stringify({ ...s, closed: { at, by: actor, hash } }) });
      }
      const closing = { month, startedAt, at, by: actor };
      if ((await this.commissions.closeMonth({ ...closing, version: ledger.version, statements })) === 'closed') return this.answer(closing, true, statements.length);
    }
    throw new ConflictError(`plans or other closings kept changing while ${month} was being closed; try again`, 'close_contended');
  }

  private async answer(c: ClosedMonth, created: boolean, statements?: number): Promise<ClosingAnswer> {
    const count = statements ?? (await this.commissions.frozen(c.month)).length;
    return { month: c.month, closed: { at: c.at, by: c.by }, statements: count, created };
  }
}
