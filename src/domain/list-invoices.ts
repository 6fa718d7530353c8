/** ListInvoices: pages through invoices, optionally of one organization and one UTC month, by issue time. */
import { monthRange } from './commission';
import { InvalidInputError } from './errors';
import type { StoredInvoice } from './invoice';
import { parseRef } from './tuple';
import type { InvoiceStore, Page } from './ports';

/** ListInvoicesQuery lists invoices. */
export class ListInvoicesQuery {
  constructor(private readonly store: Pick<InvoiceStore, 'listInvoices'>) {}

  async execute(filter: { organization?: string; month?: string }, limit: number, cursor?: string): Promise<Page<StoredInvoice>> {
    if (filter.organization !== undefined && parseRef(filter.organization, 'organization').type !== 'organization') {
      throw new InvalidInputError('organization must name an organization (organization:<id>)', 'invalid_object_reference');
    }
    const range = filter.month !== undefined ? monthRange(filter.month) : {};
    return this.store.listInvoices({ organization: filter.organization, ...range }, limit, cursor);
  }
}
