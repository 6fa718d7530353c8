/**
 * The Neo4j adapter of InvoiceStore: (:Invoice)-[:BILLED_TO]->(:Entity) once per id (credit notes
 * are invoices with creditFor), and the commission read that joins invoices with the history of
 * reseller links.
 */
import type { Invoice, StoredInvoice } from '../../domain/invoice';
import { parseRef } from '../../domain/tuple';
import type { EntryWindow, InvoiceFilter, InvoiceStore, Page, WriteMeta } from '../../domain/ports';
import type { CandidateInvoice } from '../../domain/statement';
import type { Neo4jExecutor, Row, Run } from './executor';
import { decodeCursor, pageOfRows } from './paging';

function invoiceOf(row: Row): StoredInvoice {
  const p = row.invoice as Record<string, unknown>;
  return {
    id: String(p.id),
    organization: String(p.organization),
    amount: Number(p.amount),
    currency: String(p.currency),
    issuedAt: String(p.issuedAt),
    ...(p.creditFor === null || p.creditFor === undefined ? {} : { creditFor: String(p.creditFor) }),
    recordedAt: String(p.recordedAt),
    recordedBy: String(p.recordedBy),
  };
}

/** Neo4jInvoiceStore keeps invoices in Neo4j next to the link history they are counted by. */
export class Neo4jInvoiceStore implements InvoiceStore {
  constructor(private readonly db: Neo4jExecutor) {}

  async recordInvoice(invoice: Invoice, meta: WriteMeta): Promise<{ invoice: StoredInvoice; created: boolean }> {
    return this.db.write((run) => this.record(run, invoice, meta));
  }

  async recordCredit(credit: Invoice & { creditFor: string }, meta: WriteMeta): Promise<{ invoice: StoredInvoice; created: boolean } | { left: number }> {
    return this.db.write(async (run) => {
      const [taken] = await run('get-invoice', { id: credit.id });
      if (taken) return { invoice: invoiceOf(taken), created: false };
      const [row] = await run('lock-credited-invoice', { creditFor: credit.creditFor, id: credit.id, at: meta.at.toISOString() });
      const left = Number(row.amount) - Number(row.credited);
      if (credit.amount > left) return { left };
      return this.record(run, credit, meta);
    });
  }

  private async record(run: Run, invoice: Invoice, meta: WriteMeta): Promise<{ invoice: StoredInvoice; created: boolean }> {
    const [row] = await run('record-invoice', {
      ...invoice,
      creditFor: invoice.creditFor ?? null,
      organizationId: parseRef(invoice.organization, 'organization').id,
      at: meta.at.toISOString(),
      actor: meta.actor,
      requestId: meta.requestId,
    });
    return { invoice: invoiceOf(row), created: Boolean(row.created) };
  }

  async getInvoice(id: string): Promise<StoredInvoice | undefined> {
    const [row] = await this.db.read('get-invoice', { id });
    return row && invoiceOf(row);
  }

  async listInvoices(filter: InvoiceFilter, limit: number, cursor?: string): Promise<Page<StoredInvoice>> {
    const rows = await this.db.read('list-invoices', {
      organization: filter.organization ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      after: decodeCursor(cursor),
      limit: limit + 1,
    });
    return pageOfRows(rows, limit, invoiceOf, (r) => String(r.sortKey));
  }

  async entriesLinkedTo(reseller: string, windows: EntryWindow[]): Promise<CandidateInvoice[]> {
    const rows = await this.db.read('commission-entries', { reseller, windows: windows.map((w) => ({ from: w.from, to: w.to, recordedSince: w.recordedSince ?? null })) });
    return rows.map((r) => ({
      invoice: String(r.invoice),
      organization: String(r.organization),
      amount: Number(r.amount),
      currency: String(r.currency),
      issuedAt: String(r.issuedAt),
      linked: (r.linked as Array<{ reseller: string; since: string }>).map((l) => ({ reseller: String(l.reseller), since: String(l.since) })),
      ...(r.creditFor === null ? {} : { creditFor: String(r.creditFor), originalIssuedAt: String(r.originalIssuedAt) }),
    }));
  }
}
