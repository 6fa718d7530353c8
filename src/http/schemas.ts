/**
 * Request and response schemas of the HTTP API. They validate input and are the one source of
 * the OpenAPI document.
 */
import { z } from 'zod';
import { ID_PATTERN, NAME_PATTERN } from '../domain/tuple';

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

export const WriteTuplesBody = z.strictObject({
  writes: z.array(Tuple).max(1000).optional().default([]),
  deletes: z.array(Tuple).max(1000).optional().default([]),
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
  limit: z.coerce.number().int().min(1).max(1000).optional().default(100),
  cursor: z.string().max(1000).optional(),
});

export const StoredTuple = Tuple.extend({ writtenAt: z.string(), writtenBy: z.string() });
export const ReadTuplesResponse = z.object({ tuples: z.array(StoredTuple), cursor: z.string().nullable() });

export const ErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const ReadinessResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  neo4j: z.boolean(),
  openfga: z.boolean(),
  model: z.boolean(),
});
