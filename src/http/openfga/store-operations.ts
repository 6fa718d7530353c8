/**
 * The OpenFGA surface's store, model and tuple operations: the one store and its one model (read
 * only: authz-model.fga is the model), read and write of tuples through Neo4j as /v1/tuples, and
 * the change feed: each a translation onto the use cases /v1 calls.
 */
import { DomainError } from '../../domain/errors';
import type { StoreInfo } from '../../domain/ports';
import { json, operation } from '../operation';
import * as S from './schemas';
import { cursorOf, inStore, key, readFilter, readToken, writeOf } from './translate';
import { OPENFGA_PAGE_DEFAULT } from '../../domain/limits';

const store = (s: StoreInfo) => ({ id: s.id, name: s.name, created_at: s.createdAt, updated_at: s.updatedAt });

/** READ_ONLY refuses writing stores and models: the service keeps one store, and authz-model.fga is its model. */
const refused = (what: string) => new DomainError(403, 'forbidden', `${what} is refused here: this service keeps one store, and its model is authz-model.fga, written to OpenFGA when the service starts`);

/** refusal declares a write of stores or models: a token with the write scope is told it is refused, as is every other (for lack of the scope). */
function refusal(method: 'post' | 'delete', path: string, what: string) {
  return operation({ method, path, scope: 'write', summary: `Refused: ${what}`, ...(path.includes(':store_id') ? { params: S.StoreParams } : {}), responses: { 403: json(`always: ${what} is read only here`, S.ErrorResponse) } }).handle(async () => {
    throw refused(what);
  });
}

/** STORE_OPERATIONS read the store, its model, its tuples and its changes, and write tuples. */
export const STORE_OPERATIONS = [
  operation({ method: 'get', path: '/stores', scope: 'read', summary: 'OpenFGA ListStores: the one store this service answers for', query: S.ListStoresQuery, responses: { 200: json('the store', S.ListStoresResponse) } }).handle(
    async ({ query }, uc) => {
      const s = await uc.describeStore.store();
      const shown = query.continuation_token || (query.name !== undefined && query.name !== s.name) ? [] : [store(s)];
      return { status: 200, body: { stores: shown, continuation_token: '' } };
    },
  ),
  refusal('post', '/stores', 'creating a store'),
  operation({ method: 'get', path: '/stores/:store_id', scope: 'read', summary: 'OpenFGA GetStore', params: S.StoreParams, responses: { 200: json('the store', S.StoreResponse) } }).handle(async ({ params }, uc) => {
    inStore(uc, params.store_id);
    return { status: 200, body: store(await uc.describeStore.store()) };
  }),
  refusal('delete', '/stores/:store_id', 'deleting the store'),
  operation({
    method: 'get',
    path: '/stores/:store_id/authorization-models',
    scope: 'read',
    summary: 'OpenFGA ReadAuthorizationModels: the model in use, authz-model.fga',
    params: S.StoreParams,
    query: S.ModelsQuery,
    responses: { 200: json('the model', S.ModelsResponse) },
  }).handle(async ({ params, query }, uc) => {
    inStore(uc, params.store_id);
    return { status: 200, body: { authorization_models: query.continuation_token ? [] : [uc.describeStore.currentModel()], continuation_token: '' } };
  }),
  refusal('post', '/stores/:store_id/authorization-models', 'writing an authorization model'),
  operation({
    method: 'get',
    path: '/stores/:store_id/authorization-models/:id',
    scope: 'read',
    summary: 'OpenFGA ReadAuthorizationModel: the model in use by its id',
    params: S.ModelParams,
    responses: { 200: json('the model', S.ModelResponse) },
  }).handle(async ({ params }, uc) => {
    inStore(uc, params.store_id, params.id);
    return { status: 200, body: { authorization_model: uc.describeStore.currentModel() } };
  }),
  operation({
    method: 'post',
    path: '/stores/:store_id/read',
    scope: 'read',
    summary: 'OpenFGA Read: live tuples by user, relation, object or object type, from Neo4j, paged',
    params: S.StoreParams,
    body: S.ReadBody,
    responses: { 200: json('one page', S.ReadResponse) },
  }).handle(async ({ params, body }, uc) => {
    inStore(uc, params.store_id);
    const page = await uc.readTuples.execute(readFilter(body.tuple_key), body.page_size ?? OPENFGA_PAGE_DEFAULT, cursorOf(body.continuation_token));
    return { status: 200, body: { tuples: page.items.map((t) => ({ key: key(t), timestamp: t.writtenAt })), continuation_token: readToken(page.cursor) } };
  }),
  operation({
    method: 'post',
    path: '/stores/:store_id/write',
    scope: 'write',
    summary: 'OpenFGA Write: tuples written and deleted atomically through Neo4j, acknowledged as POST /v1/tuples',
    params: S.StoreParams,
    body: S.WriteBody,
    responses: { 200: json('written; Partnergraph-Revision names its revision, and Partnergraph-Pending: true says OpenFGA has not applied it yet', S.WriteResponse) },
  }).handle(async ({ params, body, actor, requestId }, uc) => {
    inStore(uc, params.store_id, body.authorization_model_id);
    const { revision, pending } = await uc.writeTuples.execute({ ...writeOf(body), actor, requestId });
    return { status: 200, body: {}, headers: { 'Partnergraph-Revision': revision, ...(pending ? { 'Partnergraph-Pending': 'true' } : {}) } };
  }),
  operation({
    method: 'get',
    path: '/stores/:store_id/changes',
    scope: 'audit',
    summary: 'OpenFGA ReadChanges: the change feed in order, by object type and from a start time, paged',
    params: S.StoreParams,
    query: S.ChangesQuery,
    responses: { 200: json('one page', S.ChangesResponse) },
  }).handle(async ({ params, query }, uc) => {
    inStore(uc, params.store_id);
    const page = await uc.readChanges.execute({ objectType: query.type, since: query.start_time, limit: query.page_size ?? OPENFGA_PAGE_DEFAULT, cursor: query.continuation_token || undefined });
    return {
      status: 200,
      body: {
        changes: page.changes.map((c) => ({ tuple_key: key(c.tuple), operation: c.op === 'write' ? 'TUPLE_OPERATION_WRITE' : 'TUPLE_OPERATION_DELETE', timestamp: c.at })),
        continuation_token: page.last ?? query.continuation_token ?? '',
      },
    };
  }),
];
