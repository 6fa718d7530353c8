/**
 * RecordInvoice: records an invoice or a credit note once per id. Sending the same one again answers
 * what is stored; a different one under a taken id is a conflict. An organization that is not known
 * yet gets a bare node, as a tuple naming it would. A credit note (creditFor) must name a recorded
 * invoice of the same organization and currency, issued no later than it, and may take back at most
 * what earlier credits left of it.
 */
import { ConflictError, InvalidInputError } from './errors';
import { parseInvoice, sameInvoice, type Invoice, type StoredInvoice } from './invoice';
import type { InvoiceStore, WriteMeta } from './ports';

type Stored = { invoice: StoredInvoice; created: boolean };

/** RecordInvoiceCommand stores an invoice or a credit note idempotently. */
export class RecordInvoiceCommand {
  constructor(private readonly store: Pick<InvoiceStore, 'recordInvoice' | 'recordCredit' | 'getInvoice'>) {}

  async execute(input: Invoice & { actor: string; requestId: string }): Promise<Stored> {
    const invoice = parseInvoice(input);
    const meta = { actor: input.actor, requestId: input.requestId, at: new Date() };
    const stored = invoice.creditFor === undefined ? await this.store.recordInvoice(invoice, meta) : await this.credit({ ...invoice, creditFor: invoice.creditFor }, meta);
    if (!stored.created && !sameInvoice(stored.invoice, invoice)) {
      throw new ConflictError(`invoice ${invoice.id} is already recorded with different contents; invoices are immutable, use a new id`, 'invoice_conflict');
    }
    return stored;
  }

  private async credit(credit: Invoice & { creditFor: string }, meta: WriteMeta): Promise<Stored> {
    const original = await this.store.getInvoice(credit.creditFor);
    if (!original) throw new ConflictError(`creditFor names invoice ${credit.creditFor}, which is not recorded; record the invoice before crediting it`, 'unknown_invoice');
    if (original.creditFor !== undefined) throw new InvalidInputError(`creditFor names ${original.id}, which is itself a credit note; credit the invoice ${original.creditFor} instead`, 'invalid_credit');
    if (original.organization !== credit.organization || original.currency !== credit.currency) {
      throw new InvalidInputError(`a credit note must be to the organization and in the currency of the invoice it credits: ${original.organization}, ${original.currency}`, 'invalid_credit');
    }
    if (credit.issuedAt < original.issuedAt) throw new InvalidInputError(`a credit note cannot be issued before the invoice it credits (${original.issuedAt})`, 'invalid_credit');
    const stored = await this.store.recordCredit(credit, meta);
    if ('left' in stored) {
      throw new ConflictError(`invoice ${original.id} has ${stored.left} ${original.currency} minor units left to credit (of ${original.amount}); this credit of ${credit.amount} is more`, 'credit_exceeds_invoice');
    }
    return stored;
  }
}
