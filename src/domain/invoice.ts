/**
 * Invoices to organizations, the base of resellers' commission: amounts in whole minor units,
 * instants normalised to UTC ISO strings so they compare with the link history as text.
 */
import { InvalidInputError } from './errors';
import { parseCurrency } from './commission';
import { parseInstant } from './instant';
import { ID_PATTERN, parseRef } from './tuple';

/** MAX_AMOUNT bounds one invoice (10^12 minor units, ten billion SEK) so a month's sum stays an exact JSON number. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** Invoice is what a caller records: who was invoiced, how much, in what currency, when. */
export interface Invoice {
  id: string;
  organization: string;
  amount: number;
  currency: string;
  issuedAt: string;
  /** creditFor makes this a credit note of the invoice with that id: amount is taken back from it. */
  creditFor?: string;
}

/** StoredInvoice is an invoice with when and by whom it was recorded. */
export interface StoredInvoice extends Invoice {
  recordedAt: string;
  recordedBy: string;
}

/** parseInvoice validates an invoice beyond its JSON shape and normalises issuedAt. */
export function parseInvoice(input: Invoice): Invoice {
  const org = parseRef(input.organization, 'organization');
  if (org.type !== 'organization') {
    throw new InvalidInputError(`organization must name an organization (organization:<id>); got type ${org.type}`, 'invalid_object_reference');
  }
  if (!ID_PATTERN.test(input.id)) throw new InvalidInputError(`id must match ${ID_PATTERN.source}; got ${JSON.stringify(input.id.slice(0, 80))}`, 'invalid_id');
  if (!Number.isSafeInteger(input.amount) || input.amount < 0 || input.amount > MAX_AMOUNT) {
    throw new InvalidInputError(`amount must be a whole number of minor units (öre, cents) from 0 to ${MAX_AMOUNT}; got ${input.amount}`, 'invalid_amount');
  }
  parseCurrency(input.currency, 'currency');
  const invoice: Invoice = { id: input.id, organization: input.organization, amount: input.amount, currency: input.currency, issuedAt: parseInstant(input.issuedAt, 'issuedAt') };
  if (input.creditFor === undefined) return invoice;
  if (!ID_PATTERN.test(input.creditFor)) throw new InvalidInputError(`creditFor must be an invoice id (${ID_PATTERN.source}); got ${JSON.stringify(input.creditFor.slice(0, 80))}`, 'invalid_id');
  if (input.amount === 0) throw new InvalidInputError('amount of a credit note must be at least 1 minor unit', 'invalid_amount');
  if (input.creditFor === input.id) throw new InvalidInputError('a credit note cannot credit itself; creditFor names the invoice it credits', 'invalid_credit');
  return { ...invoice, creditFor: input.creditFor };
}

/** sameInvoice is true when two invoices say the same thing (what idempotency on id compares). */
export function sameInvoice(a: Invoice, b: Invoice): boolean {
  return a.id === b.id && a.organization === b.organization && a.amount === b.amount && a.currency === b.currency && a.issuedAt === b.issuedAt && a.creditFor === b.creditFor;
}
