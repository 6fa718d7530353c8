/**
 * The table of AuthZEN operations: discovery, evaluation, evaluations and the three searches,
 * each a translation onto the use cases /v1 calls (check, batch, list-users, list-objects) and
 * the list of relations a subject holds.
 */
import type { z } from 'zod';
import { InvalidInputError } from '../../domain/errors';
import { json, operation } from '../operation';
import { authzenErrorBody } from './errors';
import { searched } from './paging';
import * as S from './schemas';
import { cut, decided, entity, merged, question, ref, settled } from './translate';

/** PATHS are the spec's default paths, named once so discovery cannot name another. */
export const PATHS = {
  evaluation: '/access/v1/evaluation',
  evaluations: '/access/v1/evaluations',
  subjects: '/access/v1/search/subject',
  resources: '/access/v1/search/resource',
  actions: '/access/v1/search/action',
} as const;

/** baseUrl is the URL discovery names the service by: AUTHZEN_BASE_URL, or the request's scheme and Host, which must be a bare host. */
function baseUrl(configured: string | undefined, origin: string): string {
  if (configured !== undefined) return configured.replace(/\/+$/, '');
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  if (!url || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new InvalidInputError('the Host header is not a host name, so discovery cannot name this service', 'invalid_host');
  }
  return url.origin;
}

/** search declares one of the three searches: a POST needing the check scope, answered one page at a time. */
function search<B extends z.ZodType, R extends z.ZodType>(path: string, summary: string, body: B, page: R) {
  return operation({ method: 'post', path, scope: 'check', summary, body, responses: { 200: json('one page', page) } });
}

/** AUTHZEN_OPERATIONS need the check scope, as /v1's checks and lists do; discovery needs no token (the contract). */
export const AUTHZEN_OPERATIONS = [
  operation({
    method: 'get',
    path: '/.well-known/authzen-configuration',
    scope: null,
    summary: 'AuthZEN discovery: where each AuthZEN endpoint is (the PDP metadata)',
    responses: { 200: json('absolute URLs, from AUTHZEN_BASE_URL or the scheme and host the request was sent to', S.Configuration) },
  }).handle(async ({ origin }, deps) => {
    const base = baseUrl(deps.authzenBaseUrl, origin);
    return {
      status: 200,
      body: {
        policy_decision_point: base,
        access_evaluation_endpoint: base + PATHS.evaluation,
        access_evaluations_endpoint: base + PATHS.evaluations,
        search_subject_endpoint: base + PATHS.subjects,
        search_resource_endpoint: base + PATHS.resources,
        search_action_endpoint: base + PATHS.actions,
      },
    };
  }),
  operation({
    method: 'post',
    path: PATHS.evaluation,
    scope: 'check',
    summary: 'May the subject do the action (a relation) on the resource? As /v1/check answers',
    body: S.EvaluationBody,
    responses: { 200: json('the decision', S.Decision) },
  }).handle(async ({ body }, uc) => {
    const { allowed } = await uc.checkAccess.execute(question(body.subject, body.action, body.resource));
    return { status: 200, body: { decision: allowed } };
  }),
  operation({
    method: 'post',
    path: PATHS.evaluations,
    scope: 'check',
    summary: 'Many evaluations at once, with defaults and one of three semantics; an evaluation the model refuses is denied with its error in its context',
    body: S.EvaluationsBody,
    responses: { 200: json('a decision per evaluation in order, or one decision for a request without evaluations', S.EvaluationsResponse) },
  }).handle(async ({ body }, uc) => {
    const items = body.evaluations ?? [];
    if (items.length === 0) {
      const single = merged(body, {});
      if (single instanceof InvalidInputError) throw single;
      return { status: 200, body: { decision: (await uc.checkAccess.execute(single)).allowed } };
    }
    const outcomes = await settled(items.map((item) => merged(body, item)), (checks) => uc.checkBatch.settle({ checks }));
    return { status: 200, body: { evaluations: cut(decided(outcomes, authzenErrorBody), body.options?.evaluations_semantic ?? 'execute_all') } };
  }),
  search(PATHS.subjects, 'Every subject of the type that may do the action on the resource: complete, sorted, paged (as /v1/list-users)', S.SearchSubjectBody, S.EntitySearchResponse).handle(async ({ body }, uc) =>
    searched('subject', body.page, { object: ref(body.resource), relation: body.action.name, userType: body.subject.type }, (q) => uc.listUsers.execute(q), entity),
  ),
  search(PATHS.resources, 'Every resource of the type on which the subject may do the action: complete, sorted, paged (as /v1/list-objects)', S.SearchResourceBody, S.EntitySearchResponse).handle(async ({ body }, uc) =>
    searched('resource', body.page, { user: ref(body.subject), relation: body.action.name, type: body.resource.type }, (q) => uc.listObjects.execute(q), entity),
  ),
  search(PATHS.actions, "Every relation of the resource's type the subject holds on it, sorted and paged", S.SearchActionBody, S.ActionSearchResponse).handle(async ({ body }, uc) =>
    searched('action', body.page, { user: ref(body.subject), object: ref(body.resource) }, (q) => uc.listRelations.execute(q), (name) => ({ name })),
  ),
];
