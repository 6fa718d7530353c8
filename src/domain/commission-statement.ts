/**
 * CommissionStatement: a reseller's commission for one UTC month. A closed month answers the
 * statement frozen when it was closed, byte for byte; an open one is counted now from the plan in
 * force for the month and the invoices of the organizations the reseller was linked to when each
 * was issued (read from the link history), with adjustments and credit notes.
 */
import { monthRange } from './commission';
import { CommissionBook } from './commission-book';
import { entityKey, unknownEntity } from './entity';
import { ConflictError } from './errors';
import type { CommissionStore, EntityStore, InvoiceStore } from './ports';
import type { Statement } from './statement';

/** noPlan is the 409 for a month with no plan in force. */
export function noPlan(key: string, month: string): ConflictError {
  const id = key.slice(key.indexOf(':') + 1);
  return new ConflictError(`${key} has no commission plan in force in ${month}, so no currency or rate to count in; PUT /v1/resellers/${id} with commission: {currency, tiers, effectiveFrom}`, 'no_commission_plan');
}

/** CommissionStatementQuery answers a statement; a deleted reseller keeps its past statements. */
export class CommissionStatementQuery {
  private readonly book: CommissionBook;

  constructor(
    private readonly entities: Pick<EntityStore, 'getEntity'>,
    invoices: Pick<InvoiceStore, 'entriesLinkedTo'>,
    private readonly commissions: Pick<CommissionStore, 'plans' | 'ledger' | 'summaries' | 'frozen'>,
  ) {
    this.book = new CommissionBook(invoices, commissions);
  }

  async execute(id: string, month: string): Promise<Statement> {
    const key = entityKey('reseller', id);
    monthRange(month);
    if (!(await this.entities.getEntity('reseller', id))) throw unknownEntity('reseller', id);
    const ledger = await this.commissions.ledger();
    if (ledger.closed.some((c) => c.month === month)) {
      const [frozen] = await this.commissions.frozen(month, key);
      if (!frozen) throw noPlan(key, month);
      // Parsed from the JSON text it was frozen as, it serialises back to the same bytes.
      return JSON.parse(frozen.body) as Statement;
    }
    const statement = await this.book.count(key, month, await this.commissions.plans(key), ledger);
    if (!statement) throw noPlan(key, month);
    return statement;
  }
}
