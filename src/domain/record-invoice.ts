/**
 * RecordInvoice: records an invoice to an organization once per id. Sending the same invoice again
 * answers what is stored; a different invoice under a taken id is a conflict. An organization that
 * is not known yet gets a bare node, as a tuple naming it would.
 */
import { ConflictError } from './errors';
import { parseInvoice, sameInvoice, type Invoice, type StoredInvoice } from './invoice';
import type { InvoiceStore } from './ports';

/** RecordInvoiceCommand stores an invoice idempotently. */
export class RecordInvoiceCommand {
  constructor(private readonly store: Pick<InvoiceStore, 'recordInvoice'>) {}

  async execute(input: Invoice & { actor: string; requestId: string }): Promise<{ invoice: StoredInvoice; created: boolean }> {
    const invoice = parseInvoice(input);
    const stored = await this.store.recordInvoice(invoice, { actor: input.actor, requestId: input.requestId, at: new Date() });
    if (!stored.created && !sameInvoice(stored.invoice, invoice)) {
      throw new ConflictError(`invoice ${invoice.id} is already recorded with different contents; invoices are immutable, use a new id`, 'invoice_conflict');
    }
    return stored;
  }
}
