/**
 * Request schemas of the partner-program resources: entities (users, organizations, resellers),
 * invoices and commission statements. They check shape; the domain checks meaning (id grammar,
 * tier order, currency codes) with messages naming what is allowed.
 */
import { z } from 'zod';
import { ObjectRef } from './schemas';

const Name = z.string().min(1).max(200).describe('a display name, at most 200 characters');
// z.email() does not bound the local part; RFC 5321 (and the document's `format: email`) allow 64 characters.
const Email = z
  .email()
  .max(254)
  .refine((v) => v.indexOf('@') <= 64, 'the part before @ may be at most 64 characters')
  .describe('an e-mail address');
const Limit = z.coerce.number().int().min(1).max(1000).optional().default(100);
const Cursor = z.string().max(1000).optional();
const Month = z.string().max(20).describe('a UTC month, YYYY-MM');

/** CommissionPlan: from is a monthly counted total in minor units, percent 0..100 with at most two decimals. */
export const CommissionPlan = z.strictObject({
  currency: z.string().max(10).describe('ISO 4217 code, e.g. SEK'),
  tiers: z.array(z.strictObject({ from: z.number().int().min(0), percent: z.number().min(0).max(100) })).min(1).max(20),
});

export const PutUserBody = z.strictObject({ name: Name.optional(), email: Email.optional() });
export const PutOrganizationBody = z.strictObject({ name: Name.optional() });
export const PutResellerBody = z.strictObject({ name: Name.optional(), commission: CommissionPlan.optional() });

export const EntityParams = z.strictObject({ id: z.string().min(1).max(200) });
export const ListEntitiesQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const RecordInvoiceBody = z.strictObject({
  id: z.string().min(1).max(200),
  organization: ObjectRef,
  amount: z.number().int().describe('whole minor units (öre, cents), 0 or more'),
  currency: z.string().max(10).describe('ISO 4217 code'),
  issuedAt: z.string().max(64).describe('ISO 8601 date-time with a zone'),
});

export const ListInvoicesQuery = z.strictObject({ organization: ObjectRef.optional(), month: Month.optional(), limit: Limit, cursor: Cursor });

export const CommissionQuery = z.strictObject({ month: Month });
