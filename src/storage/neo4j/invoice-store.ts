/**
 * The Neo4j adapter of InvoiceStore: (:Invoice)-[:BILLED_TO]->(:Entity) once per id, and the
 * commission read that joins invoices with the history of reseller links.
 */
import type { CandidateInvoice } from '../../domain/commission';
import type { Invoice, StoredInvoice } from '../../domain/invoice';
import { parseRef } from '../../domain/tuple';
import type { InvoiceFilter, InvoiceStore, Page, WriteMeta } from '../../domain/ports';
import type { Neo4jExecutor, Row } from './executor';
import { decodeCursor, pageOfRows } from './paging';

function invoiceOf(row: Row): StoredInvoice {
  const p = row.invoice as Record<string, unknown>;
  return {
    id: String(p.id),
    organization: String(p.organization),
    amount: Number(p.amount),
    currency: String(p.currency),
    issuedAt: String(p.issuedAt),
    recordedAt: String(p.recordedAt),
    recordedBy: String(p.recordedBy),
  };
}

/** Neo4jInvoiceStore keeps invoices in Neo4j next to the link history they are counted by. */
export class Neo4jInvoiceStore implements InvoiceStore {
  constructor(private readonly db: Neo4jExecutor) {}

  async recordInvoice(invoice: Invoice, meta: WriteMeta): Promise<{ invoice: StoredInvoice; created: boolean }> {
    const [row] = await this.db.write((run) =>
      run('record-invoice', {
        ...invoice,
        organizationId: parseRef(invoice.organization, 'organization').id,
        at: meta.at.toISOString(),
        actor: meta.actor,
        requestId: meta.requestId,
      }),
    );
    return { invoice: invoiceOf(row), created: Boolean(row.created) };
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

  async invoicesLinkedTo(reseller: string, from: string, to: string): Promise<CandidateInvoice[]> {
    const rows = await this.db.read('commission-invoices', { reseller, from, to });
    return rows.map((r) => ({
      invoice: String(r.invoice),
      organization: String(r.organization),
      amount: Number(r.amount),
      currency: String(r.currency),
      issuedAt: String(r.issuedAt),
      linked: (r.linked as Array<{ reseller: string; since: string }>).map((l) => ({ reseller: String(l.reseller), since: String(l.since) })),
    }));
  }
}
