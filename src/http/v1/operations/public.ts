/** The operations anyone may call without a token: liveness, readiness and the API's own document. */
import { z } from 'zod';
import { json, operation } from '../operation';
import { ReadinessResponse } from '../schemas';

/** PUBLIC_OPERATIONS are mounted before authentication, so probes and client generators need no token. */
export const PUBLIC_OPERATIONS = [
  operation({
    method: 'get',
    path: '/healthz',
    scope: null,
    summary: 'Liveness: the process answers',
    responses: { 200: json('alive', z.object({ status: z.literal('ok') })) },
  }).handle(async () => ({ status: 200, body: { status: 'ok' } })),
  operation({
    method: 'get',
    path: '/readyz',
    scope: null,
    summary: 'Readiness: Neo4j, OpenFGA and the authorization model are there, and the process is not shutting down',
    responses: {
      200: json('ready', ReadinessResponse),
      503: json('a dependency is down, or the process is draining before it exits', ReadinessResponse),
    },
  }).handle(async (_input, deps) => {
    const r = await deps.readiness();
    if (r.draining) return { status: 503, body: { status: 'draining', ...r } };
    const ready = r.neo4j && r.openfga && r.model;
    return ready ? { status: 200, body: { status: 'ready', ...r } } : { status: 503, body: { status: 'not_ready', ...r } };
  }),
  operation({
    method: 'get',
    path: '/openapi.json',
    scope: null,
    summary: 'This document',
    responses: { 200: json('the OpenAPI 3.1 document', z.record(z.string(), z.unknown())) },
  }).handle(async (_input, deps) => ({ status: 200, body: deps.openApiDocument })),
];
