/**
 * CommissionStatement: a reseller's commission for one UTC month, from the invoices of the
 * organizations it was linked to when each was issued (read from the link history).
 */
import { buildStatement, monthRange, type Statement } from './commission';
import { entityKey, unknownEntity } from './entity';
import { ConflictError } from './errors';
import type { EntityStore, InvoiceStore } from './ports';

/** CommissionStatementQuery computes a statement; a deleted reseller keeps its past statements. */
export class CommissionStatementQuery {
  constructor(
    private readonly entities: Pick<EntityStore, 'getEntity'>,
    private readonly invoices: Pick<InvoiceStore, 'invoicesLinkedTo'>,
  ) {}

  async execute(id: string, month: string): Promise<Statement> {
    const key = entityKey('reseller', id);
    const { from, to } = monthRange(month);
    const reseller = await this.entities.getEntity('reseller', id);
    if (!reseller) throw unknownEntity('reseller', id);
    if (!reseller.commission) {
      throw new ConflictError(`${key} has no commission plan, so no currency or rate to count in; PUT /v1/resellers/${id} with commission: {currency, tiers}`, 'no_commission_plan');
    }
    return buildStatement(key, month, reseller.commission, await this.invoices.invoicesLinkedTo(key, from, to));
  }
}
