/**
 * Request and response schemas of the answers for apps (batch checks, list queries) and for
 * auditors (access paths, what-if, the change feed).
 */
import { z } from 'zod';
import { MAX_CHECKS_PER_BATCH, MAX_PATHS, PATHS_DEFAULT, WHAT_IF_LIMIT, WHAT_IF_MAX } from '../../domain/limits';
import { CheckBody, Consistency, Cursor, ObjectRef, Relation, StoredTuple, Tuple, WriteTuplesBody, pageLimit } from './schemas';

const cursor = Cursor.optional().describe('the cursor of the previous page, unchanged');

export const CheckBatchBody = z.strictObject({
  checks: z
    .array(CheckBody)
    // Worded as check-batch.ts words it, which this refusal now reaches first.
    .max(MAX_CHECKS_PER_BATCH, { error: (issue) => `a batch takes at most ${MAX_CHECKS_PER_BATCH} checks; got ${Array.isArray(issue.input) ? issue.input.length : '?'}` })
    .describe(`at most ${MAX_CHECKS_PER_BATCH} checks; answered in this order`),
  consistency: Consistency.optional(),
});
export const CheckBatchResponse = z.object({ results: z.array(z.object({ allowed: z.boolean() })) });

export const ListObjectsBody = z.strictObject({
  user: ObjectRef,
  relation: Relation,
  type: z.string().min(1).max(64).describe('the object type to list, e.g. organization'),
  limit: pageLimit(),
  cursor: cursor.nullable(),
  consistency: Consistency.optional(),
});
export const ListObjectsResponse = z.object({ objects: z.array(z.string()), cursor: z.string().nullable() });

export const ListUsersBody = z.strictObject({
  object: ObjectRef,
  relation: Relation,
  userType: z.string().min(1).max(64).optional().describe('only users of this type, e.g. user'),
  limit: pageLimit(),
  cursor: cursor.nullable(),
  consistency: Consistency.optional(),
});
export const ListUsersResponse = z.object({ users: z.array(z.string()), cursor: z.string().nullable() });

export const AccessPathsBody = z.strictObject({
  user: ObjectRef,
  relation: Relation,
  object: ObjectRef,
  limit: pageLimit(MAX_PATHS, PATHS_DEFAULT),
  at: z.string().max(40).optional().describe('ISO 8601 time: answer as of that moment, from the history'),
});
export const AccessPathsResponse = z.object({
  allowed: z.boolean(),
  paths: z.array(z.object({ tuples: z.array(StoredTuple) })),
  truncated: z.boolean(),
});

export const WhatIfBody = WriteTuplesBody.extend({
  limit: pageLimit(WHAT_IF_MAX, WHAT_IF_LIMIT).describe('the most gains, and the most losses, to list'),
});
export const WhatIfResponse = z.object({
  gains: z.array(Tuple),
  losses: z.array(Tuple),
  totals: z.object({ gains: z.number().int(), losses: z.number().int() }),
  truncated: z.boolean(),
});

export const ReadChangesQuery = z.strictObject({
  after: z.string().max(20).optional().describe('a revision: start with the changes after it'),
  limit: pageLimit(),
  // Feed cursors are short; a tight bound keeps any valid URL far below Node's header size limit.
  cursor: z.string().max(100).optional().describe('the cursor of the previous page, unchanged'),
  object: ObjectRef.optional(),
  user: ObjectRef.optional(),
});
export const ReadChangesResponse = z.object({
  changes: z.array(z.object({ op: z.enum(['write', 'delete']), tuple: Tuple, revision: z.string(), at: z.string(), actor: z.string() })),
  cursor: z.string().nullable(),
});
