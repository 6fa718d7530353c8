/** The operations of apps: writing and reading tuples (write, read scopes) and asking permission questions (check scope). */
import { MAX_CHECKS_PER_BATCH, MAX_TUPLES_PER_WRITE } from '../../../domain/limits';
import { json, operation } from '../../operation';
import * as S from '../schemas';
import * as A from '../schemas-audit';

/** TUPLE_OPERATIONS write the relationships and ask what they grant. */
export const TUPLE_OPERATIONS = [
  operation({
    method: 'post',
    path: '/v1/tuples',
    scope: 'write',
    summary: `Write and delete relationship tuples atomically (at most ${MAX_TUPLES_PER_WRITE} together)`,
    body: S.WriteTuplesBody,
    responses: {
      200: json('written and applied to the check engine', S.WriteTuplesResponse),
      202: json('written; the check engine has not applied it yet (pending: true)', S.WriteTuplesResponse),
    },
  }).handle(async ({ body, actor, requestId }, uc) => {
    const { revision, pending } = await uc.writeTuples.execute({ ...body, actor, requestId });
    return pending ? { status: 202, body: { revision, pending: true } } : { status: 200, body: { revision } };
  }),
  operation({
    method: 'get',
    path: '/v1/tuples',
    scope: 'read',
    summary: 'List live tuples filtered by user, relation or object',
    query: S.ReadTuplesQuery,
    responses: { 200: json('one page of tuples', S.ReadTuplesResponse) },
  }).handle(async ({ query: q }, uc) => {
    const page = await uc.readTuples.execute({ user: q.user, relation: q.relation, object: q.object }, q.limit, q.cursor);
    return { status: 200, body: { tuples: page.items, cursor: page.cursor ?? null } };
  }),
  operation({
    method: 'post',
    path: '/v1/check',
    scope: 'check',
    summary: 'Can user do relation on object?',
    body: S.CheckBody,
    responses: { 200: json('the answer', S.CheckResponse) },
  }).handle(async ({ body }, uc) => ({ status: 200, body: await uc.checkAccess.execute(body) })),
  operation({
    method: 'post',
    path: '/v1/check/batch',
    scope: 'check',
    summary: `Up to ${MAX_CHECKS_PER_BATCH} checks at once, answered in request order`,
    body: A.CheckBatchBody,
    responses: { 200: json('one result per check, in order', A.CheckBatchResponse) },
  }).handle(async ({ body }, uc) => ({ status: 200, body: await uc.checkBatch.execute(body) })),
  operation({
    method: 'post',
    path: '/v1/list-objects',
    scope: 'check',
    summary: 'Every object of a type on which the user holds the relation: complete, sorted, paged',
    body: A.ListObjectsBody,
    responses: { 200: json('one page', A.ListObjectsResponse) },
  }).handle(async ({ body }, uc) => {
    const page = await uc.listObjects.execute({ ...body, cursor: body.cursor ?? undefined });
    return { status: 200, body: { objects: page.items, cursor: page.cursor ?? null } };
  }),
  operation({
    method: 'post',
    path: '/v1/list-users',
    scope: 'check',
    summary: 'Every user holding the relation on the object: complete, sorted, paged',
    body: A.ListUsersBody,
    responses: { 200: json('one page', A.ListUsersResponse) },
  }).handle(async ({ body }, uc) => {
    const page = await uc.listUsers.execute({ ...body, cursor: body.cursor ?? undefined });
    return { status: 200, body: { users: page.items, cursor: page.cursor ?? null } };
  }),
];
