/**
 * The /v1 schemas every resource shares (references, tuples, consistency, paging, errors) and those
 * of tuples and checks, which both validate input and are the one source of the OpenAPI document.
 */
import { z } from 'zod';
import { MAX_TUPLES_PER_WRITE, PAGE_DEFAULT, PAGE_MAX } from '../../domain/limits';
import { ID_PATTERN, NAME_PATTERN } from '../../domain/tuple';

const MAX_REF = 200;

/** REF_PATTERN is `type:id` with the contract's id grammar, so the OpenAPI document states it too. */
const REF_PATTERN = new RegExp(`^${NAME_PATTERN.source.slice(1, -1)}:${ID_PATTERN.source.slice(1, -1)}$`);

/** ObjectRef is `type:id`; the domain then checks the type against the model. */
export const ObjectRef = z
  .string()
  .min(1)
  .max(MAX_REF)
  .regex(REF_PATTERN, `must be type:id, a lower-case type and an id matching ${ID_PATTERN.source}`)
  .describe('an object in type:id notation, e.g. organization:acme');
export const Relation = z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$/, 'a relation name: lower case letters, digits and _');

export const Tuple = z.strictObject({ user: ObjectRef, relation: Relation, object: ObjectRef });

export const Consistency = z.strictObject({
  atLeast: z.string().max(20).optional().describe('answer only from state that includes this revision'),
});

/** pageLimit is a `limit` field (query strings give it as text), so each listing states its own bound and default. */
export const pageLimit = (max = PAGE_MAX, dflt = PAGE_DEFAULT) => z.coerce.number().int().min(1).max(max).optional().default(dflt);

/** Cursor bounds an opaque cursor handed back unchanged, so no valid one is refused. */
export const Cursor = z.string().max(1000);

export const WriteTuplesBody = z.strictObject({
  writes: z.array(Tuple).max(MAX_TUPLES_PER_WRITE).optional().default([]),
  deletes: z.array(Tuple).max(MAX_TUPLES_PER_WRITE).optional().default([]),
});

export const WriteTuplesResponse = z.object({ revision: z.string(), pending: z.boolean().optional() });

export const CheckBody = z.strictObject({
  user: ObjectRef,
  relation: Relation,
  object: ObjectRef,
  consistency: Consistency.optional(),
});

export const CheckResponse = z.object({ allowed: z.boolean() });

export const ReadTuplesQuery = z.strictObject({
  user: ObjectRef.optional(),
  relation: Relation.optional(),
  object: ObjectRef.optional(),
  limit: pageLimit(),
  cursor: Cursor.optional(),
});

export const StoredTuple = Tuple.extend({ writtenAt: z.string(), writtenBy: z.string() });
export const ReadTuplesResponse = z.object({ tuples: z.array(StoredTuple), cursor: z.string().nullable() });

export const ErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const ReadinessResponse = z.object({
  status: z.enum(['ready', 'not_ready', 'draining']),
  neo4j: z.boolean(),
  openfga: z.boolean(),
  model: z.boolean(),
  draining: z.boolean().describe('true once the process is shutting down (SIGTERM): send it nothing new'),
});

/** ReconcileResponse counts what an operator's reconcile compared and repaired. */
export const ReconcileResponse = z.object({
  neo4jTuples: z.number().int(),
  openfgaTuples: z.number().int(),
  missing: z.number().int(),
  extra: z.number().int(),
  repaired: z.number().int(),
});

/** ImportedLine is one line of an import's NDJSON body: a tuple, optionally back-dated (since) and ended (until). */
export const ImportedLine = Tuple.extend({
  since: z.string().optional().describe('ISO instant, not in the future: when the tuple was written (back-dates it); absent: the import\'s moment'),
  until: z.string().optional().describe('ISO instant not before since, not in the future: when the link ended (history only, never live)'),
});

export const ImportTuplesResponse = z.object({
  revision: z.string(),
  written: z.number().int().describe('periods written, ended ones included'),
  skipped: z.number().int().describe('lines whose tuple was live already, or whose period is kept already'),
  pending: z.boolean().optional(),
});

export const ExportTuplesQuery = z.strictObject({
  revision: z.string().regex(/^\d{1,15}$/, 'a revision returned by a write (digits only)').optional().describe('export as of this revision; absent: the latest'),
  history: z.enum(['true', 'false']).optional().default('false').describe('true: every period of every tuple, with until for ended ones'),
});

/** ExportedLine is one line of an export: since it was written, and until for a period that ended. */
export const ExportedLine = Tuple.extend({ since: z.string(), until: z.string().optional() });
