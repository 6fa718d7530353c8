/**
 * Request and response schemas of the partner-program resources: entities (users, organizations,
 * resellers), invoices and commission statements. They check shape; the domain checks meaning
 * (id grammar, tier order, currency codes) with messages naming what is allowed.
 */
import { z } from 'zod';
import { MAX_SEARCH_TEXT } from '../../domain/limits';
import { Cursor, ObjectRef, pageLimit } from './schemas';

const Name = z.string().min(1).max(200).describe('a display name, at most 200 characters');
// z.email() does not bound the local part; RFC 5321 (and the document's `format: email`) allow 64 characters.
const Email = z
  .email()
  .max(254)
  .refine((v) => v.indexOf('@') <= 64, 'the part before @ may be at most 64 characters')
  .describe('an e-mail address');
/** Month is a UTC month; the domain checks the form and says what is allowed. */
export const Month = z
  .string()
  .regex(/^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM, 1970 or later')
  .describe('a UTC month, YYYY-MM');

/** CommissionPlan: from is a monthly counted total in minor units, percent 0..100 with at most two decimals, in force from effectiveFrom. */
export const CommissionPlan = z.strictObject({
  currency: z.string().max(10).describe('ISO 4217 code, e.g. SEK'),
  tiers: z.array(z.strictObject({ from: z.number().int().min(0), percent: z.number().min(0).max(100) })).min(1).max(20),
  effectiveFrom: Month.optional().describe('the first UTC month (YYYY-MM) the plan is in force; default the current month. A closed month is refused (409).'),
});

export const PutUserBody = z.strictObject({ name: Name.optional(), email: Email.optional() });
export const PutOrganizationBody = z.strictObject({ name: Name.optional() });
export const PutResellerBody = z.strictObject({ name: Name.optional(), commission: CommissionPlan.optional() });

export const EntityParams = z.strictObject({ id: z.string().min(1).max(200) });
export const ListEntitiesQuery = z.strictObject({ limit: pageLimit(), cursor: Cursor.optional() });

export const RecordInvoiceBody = z.strictObject({
  id: z.string().min(1).max(200),
  organization: ObjectRef,
  amount: z.number().int().describe('whole minor units (öre, cents), 0 or more'),
  currency: z.string().max(10).describe('ISO 4217 code'),
  issuedAt: z.string().max(64).describe('ISO 8601 date-time with a zone'),
  creditFor: z.string().min(1).max(200).optional().describe('makes this a credit note of the invoice with this id: same organization and currency, at most what is left of it'),
});

export const ListInvoicesQuery = z.strictObject({ organization: ObjectRef.optional(), month: Month.optional(), limit: pageLimit(), cursor: Cursor.optional() });

export const CommissionQuery = z.strictObject({ month: Month });

/** SearchQuery: q is matched against ids and names, ignoring case; type narrows to users, organizations or resellers (repeat it for several). */
export const SearchQuery = z.strictObject({
  q: z.string().min(1).max(MAX_SEARCH_TEXT).regex(/\S/, 'must hold something besides spaces').describe('part of an id or a name, matched ignoring case'),
  type: z
    .union([z.enum(['user', 'organization', 'reseller']), z.array(z.enum(['user', 'organization', 'reseller'])).max(3)])
    .optional()
    .describe('only entities of this type (repeat for several); absent: all three'),
  limit: pageLimit(),
  cursor: Cursor.optional(),
});

const EntityType = z.enum(['user', 'organization', 'reseller']);
/** CommissionPlanView is a plan as the API shows it. */
export const CommissionPlanView = z.object({ currency: z.string(), tiers: z.array(z.object({ from: z.number().int(), percent: z.number() })), effectiveFrom: z.string() });

/** EntityView is an entity as every entity call answers it. */
export const EntityView = z.object({
  type: EntityType,
  id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  commission: CommissionPlanView.optional(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});

/** DeletedEntity is the answer to a DELETE: the revision that ended the entity's tuples, as a tuple write answers. */
export const DeletedEntity = z.object({
  type: EntityType,
  id: z.string(),
  deleted: z.literal(true),
  revision: z.string(),
  tuplesDeleted: z.number().int(),
  pending: z.literal(true).optional(),
});

/** InvoiceView is an invoice with who recorded it and when. */
export const InvoiceView = z.object({
  id: z.string(),
  organization: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  issuedAt: z.string(),
  creditFor: z.string().optional(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
