/**
 * The OpenFGA surface's questions: check and batch-check (answered by OpenFGA, with contextual
 * tuples and context passed on), list-objects and list-users (complete, from Neo4j, as /v1 lists),
 * and expand: each a translation onto the use cases /v1 calls.
 */
import { InvalidInputError } from '../../domain/errors';
import { OPENFGA_MAX_CHECKS_PER_BATCH } from '../../domain/limits';
import { json, operation } from '../operation';
import { openfgaCode } from './errors';
import * as S from './schemas';
import { consistency, everything, inStore, key, LIST_PAGE } from './translate';

/** question declares a POST under a store needing the check scope, as /v1's checks and lists do. */
function question<B extends typeof S.CheckBody | typeof S.BatchCheckBody | typeof S.ListObjectsBody | typeof S.ListUsersBody | typeof S.ExpandBody, R extends Record<number, { description: string; schema: import('zod').ZodType }>>(
  name: string,
  summary: string,
  body: B,
  responses: R,
) {
  return operation({ method: 'post', path: `/stores/:store_id/${name}`, scope: 'check', summary, params: S.StoreParams, body, responses });
}

/** QUERY_OPERATIONS ask what the relationships grant. */
export const QUERY_OPERATIONS = [
  question('check', 'OpenFGA Check: may the user do the relation on the object? As /v1/check answers, with contextual tuples and context passed to OpenFGA', S.CheckBody, {
    200: json('the answer', S.CheckResponse),
  }).handle(async ({ params, body }, uc) => {
    inStore(uc, params.store_id, body.authorization_model_id);
    const { allowed } = await uc.checkAccess.execute({ ...key(body.tuple_key), contextualTuples: body.contextual_tuples?.tuple_keys, context: body.context, consistency: consistency(body.consistency) });
    return { status: 200, body: { allowed, resolution: '' } };
  }),
  question('batch-check', `OpenFGA BatchCheck: up to ${OPENFGA_MAX_CHECKS_PER_BATCH} checks, answered by correlation_id; a check the model refuses has its error in its place`, S.BatchCheckBody, {
    200: json('a result per correlation_id', S.BatchCheckResponse),
  }).handle(async ({ params, body }, uc) => {
    inStore(uc, params.store_id, body.authorization_model_id);
    const ids = new Set<string>();
    for (const c of body.checks) {
      if (ids.has(c.correlation_id)) throw new InvalidInputError(`received duplicate correlation id: ${c.correlation_id}`, 'validation_error');
      ids.add(c.correlation_id);
    }
    const checks = body.checks.map((c) => ({ ...key(c.tuple_key), contextualTuples: c.contextual_tuples?.tuple_keys, context: c.context }));
    const outcomes = await uc.checkBatch.settle({ checks, consistency: consistency(body.consistency) });
    const result = Object.fromEntries(
      body.checks.map((c, i) => {
        const o = outcomes[i];
        return [c.correlation_id, 'allowed' in o ? { allowed: o.allowed } : { error: { input_error: openfgaCode(o.error.status, o.error.code), message: o.error.message } }];
      }),
    );
    return { status: 200, body: { result } };
  }),
  question('list-objects', 'OpenFGA ListObjects: every object of the type on which the user holds the relation, complete and sorted (no cut at 1000), as /v1/list-objects', S.ListObjectsBody, {
    200: json('every object', S.ListObjectsResponse),
  }).handle(async ({ params, body }, uc) => {
    inStore(uc, params.store_id, body.authorization_model_id);
    const asked = { user: body.user, relation: body.relation, type: body.type, limit: LIST_PAGE, consistency: consistency(body.consistency) };
    return { status: 200, body: { objects: await everything((cursor) => uc.listObjects.execute({ ...asked, cursor })) } };
  }),
  question('list-users', 'OpenFGA ListUsers: every user of the filter\'s type holding the relation on the object, complete and sorted, as /v1/list-users', S.ListUsersBody, {
    200: json('every user', S.ListUsersResponse),
  }).handle(async ({ params, body }, uc) => {
    inStore(uc, params.store_id, body.authorization_model_id);
    const [filter] = body.user_filters;
    const asked = { object: `${body.object.type}:${body.object.id}`, relation: body.relation, userType: filter.type, limit: LIST_PAGE, consistency: consistency(body.consistency) };
    const users = await everything((cursor) => uc.listUsers.execute({ ...asked, cursor }));
    return { status: 200, body: { users: users.map((u) => ({ object: { type: u.slice(0, u.indexOf(':')), id: u.slice(u.indexOf(':') + 1) } })) } };
  }),
  question('expand', 'OpenFGA Expand: the relation on the object one level deep (users written, and the usersets the rest comes from), from OpenFGA', S.ExpandBody, {
    200: json('the userset tree', S.ExpandResponse),
  }).handle(async ({ params, body }, uc) => {
    inStore(uc, params.store_id, body.authorization_model_id);
    const tree = await uc.expandRelation.execute({ relation: body.tuple_key.relation, object: body.tuple_key.object, consistency: consistency(body.consistency) });
    return { status: 200, body: { tree } };
  }),
];
