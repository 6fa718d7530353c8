/** The operation that tells a caller who its token says it is and what it may do, so a client shows only what will work. */
import { z } from 'zod';
import { SCOPES } from '../../auth';
import { json, operation } from '../../operation';

/** CallerView is the token's sub and its scopes as the service reads them (`scope` or `scp`). */
const CallerView = z.object({
  sub: z.string().describe('the actor the change feed records for this token'),
  scopes: z.array(z.string()).describe(`the token's scopes, sorted; the service acts on ${SCOPES.join(', ')}`),
});

/** CALLER_OPERATIONS take any valid token: a client learns its scopes from here rather than by decoding the token itself. */
export const CALLER_OPERATIONS = [
  operation({
    method: 'get',
    path: '/v1/me',
    scope: 'any',
    summary: "The calling token's sub and scopes, as the service reads them",
    responses: { 200: json('who the token is and what it may do', CallerView) },
  }).handle(async ({ actor, scopes }) => ({ status: 200, body: { sub: actor, scopes: [...scopes].sort() } })),
];
