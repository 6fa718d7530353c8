/**
 * The list of every HTTP operation the service answers: method, path, scope, request and response
 * schemas. The OpenAPI document is built from it, the scope tests iterate over it, and a test
 * fails when a mounted Express route is missing here (or an entry here has no route).
 *
 * Adding a route: add its zod schemas to schemas.ts, mount it in its routes/ file with
 * requireScope(<scope>), and add one entry to OPERATIONS below with the same method, path and scope.
 */
import { z } from 'zod';
import type { Scope } from './auth';
import { MAX_CHECKS_PER_BATCH, MAX_TUPLES_PER_WRITE } from '../domain/limits';
import * as S from './v1/schemas';
import * as A from './v1/schemas-audit';
import * as P from './v1/schemas-partner';

/** HttpMethod is a method as Express registers it. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** ResponseSpec documents one status: a JSON schema, or another content type with its schema. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** content types other than application/json, e.g. text/csv for statements. */
  alternatives?: Record<string, z.ZodType>;
}

/** Operation is one route of the API. */
export interface Operation {
  method: HttpMethod;
  /** path in Express notation (`/v1/users/:id`). */
  path: string;
  /** scope the token needs (admin always passes); null for the public endpoints. */
  scope: Scope | null;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** success and operation-specific statuses; the common error statuses are added by openapi.ts. */
  responses: Record<number, ResponseSpec>;
}

const json = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });

/** OPERATIONS is the API, in the order the document lists it. */
export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    scope: null,
    summary: 'Liveness: the process answers',
    responses: { 200: json('alive', z.object({ status: z.literal('ok') })) },
  },
  {
    method: 'get',
    path: '/readyz',
    scope: null,
    summary: 'Readiness: Neo4j, OpenFGA and the authorization model are there',
    responses: {
      200: json('ready', S.ReadinessResponse),
      503: json('a dependency is down', S.ReadinessResponse),
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    scope: null,
    summary: 'This document',
    responses: { 200: json('the OpenAPI 3.1 document', z.record(z.string(), z.unknown())) },
  },
  {
    method: 'post',
    path: '/v1/tuples',
    scope: 'write',
    summary: `Write and delete relationship tuples atomically (at most ${MAX_TUPLES_PER_WRITE} together)`,
    body: S.WriteTuplesBody,
    responses: {
      200: json('written and applied to the check engine', S.WriteTuplesResponse),
      202: json('written; the check engine has not applied it yet (pending: true)', S.WriteTuplesResponse),
    },
  },
  {
    method: 'get',
    path: '/v1/tuples',
    scope: 'read',
    summary: 'List live tuples filtered by user, relation or object',
    query: S.ReadTuplesQuery,
    responses: { 200: json('one page of tuples', S.ReadTuplesResponse) },
  },
  {
    method: 'post',
    path: '/v1/check',
    scope: 'check',
    summary: 'Can user do relation on object?',
    body: S.CheckBody,
    responses: { 200: json('the answer', S.CheckResponse) },
  },
  {
    method: 'post',
    path: '/v1/check/batch',
    scope: 'check',
    summary: `Up to ${MAX_CHECKS_PER_BATCH} checks at once, answered in request order`,
    body: A.CheckBatchBody,
    responses: { 200: json('one result per check, in order', A.CheckBatchResponse) },
  },
  {
    method: 'post',
    path: '/v1/list-objects',
    scope: 'check',
    summary: 'Every object of a type on which the user holds the relation: complete, sorted, paged',
    body: A.ListObjectsBody,
    responses: { 200: json('one page', A.ListObjectsResponse) },
  },
  {
    method: 'post',
    path: '/v1/list-users',
    scope: 'check',
    summary: 'Every user holding the relation on the object: complete, sorted, paged',
    body: A.ListUsersBody,
    responses: { 200: json('one page', A.ListUsersResponse) },
  },
  {
    method: 'post',
    path: '/v1/access-paths',
    scope: 'audit',
    summary: 'Every chain of tuples through which the user holds the relation, with provenance; now or as of a time',
    body: A.AccessPathsBody,
    responses: { 200: json('the answer and its paths, shortest first', A.AccessPathsResponse) },
  },
  {
    method: 'post',
    path: '/v1/what-if',
    scope: 'audit',
    summary: 'Who would gain and lose which relation if these tuples were written or deleted; writes nothing',
    body: A.WhatIfBody,
    responses: { 200: json('gains and losses', A.WhatIfResponse) },
  },
  {
    method: 'get',
    path: '/v1/changes',
    scope: 'audit',
    summary: 'The change feed in revision order, optionally for one object or user',
    query: A.ReadChangesQuery,
    responses: { 200: json('one page', A.ReadChangesResponse) },
  },
  {
    method: 'post',
    path: '/v1/admin/reconcile',
    scope: 'admin',
    summary: 'Compare OpenFGA with Neo4j and repair the difference (operators)',
    responses: {
      200: json('what was compared and repaired', S.ReconcileResponse),
    },
  },
];

/** entityOperations are the four calls of each entity collection (users, organizations, resellers). */
function entityOperations(collection: string, type: string, body: z.ZodType): Operation[] {
  const one = `/v1/${collection}/:id`;
  return [
    {
      method: 'put',
      path: one,
      scope: 'write',
      summary: `Create or replace a ${type} (idempotent)`,
      params: P.EntityParams,
      body,
      responses: { 200: json('replaced', P.EntityView), 201: json('created', P.EntityView) },
    },
    { method: 'get', path: one, scope: 'read', summary: `Get a ${type}`, params: P.EntityParams, responses: { 200: json(`the ${type}`, P.EntityView) } },
    {
      method: 'delete',
      path: one,
      scope: 'write',
      summary: `Delete a ${type} and end every tuple it is in`,
      params: P.EntityParams,
      responses: { 200: json('deleted', P.DeletedEntity), 202: json('deleted; the check engine has not applied it yet', P.DeletedEntity) },
    },
    {
      method: 'get',
      path: `/v1/${collection}`,
      scope: 'read',
      summary: `List ${collection}`,
      query: P.ListEntitiesQuery,
      responses: { 200: json('one page', z.object({ [collection]: z.array(P.EntityView), cursor: z.string().nullable() })) },
    },
  ];
}

OPERATIONS.push(
  ...entityOperations('users', 'user', P.PutUserBody),
  ...entityOperations('organizations', 'organization', P.PutOrganizationBody),
  ...entityOperations('resellers', 'reseller', P.PutResellerBody),
  {
    method: 'get',
    path: '/v1/resellers/:id/commission',
    scope: 'read',
    summary: "A reseller's commission statement for a month (JSON, or CSV with Accept: text/csv)",
    params: P.EntityParams,
    query: P.CommissionQuery,
    responses: {
      200: { description: 'the statement', schema: P.StatementView, alternatives: { 'text/csv': z.string() } },
      409: json('the reseller has no commission plan, so there is no currency to count in', S.ErrorResponse),
    },
  },
  {
    method: 'post',
    path: '/v1/invoices',
    scope: 'write',
    summary: 'Record an invoice (idempotent on id)',
    body: P.RecordInvoiceBody,
    responses: {
      200: json('already recorded', P.InvoiceView),
      201: json('recorded', P.InvoiceView),
      409: json('an invoice with this id is recorded with different contents', S.ErrorResponse),
    },
  },
  {
    method: 'get',
    path: '/v1/invoices',
    scope: 'read',
    summary: 'List invoices, by organization or month',
    query: P.ListInvoicesQuery,
    responses: { 200: json('one page', z.object({ invoices: z.array(P.InvoiceView), cursor: z.string().nullable() })) },
  },
);

/** findOperation returns the operation for a method and Express path, if listed. */
export function findOperation(method: string, path: string): Operation | undefined {
  return OPERATIONS.find((op) => op.method === method.toLowerCase() && op.path === path);
}
