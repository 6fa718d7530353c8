/** The operations anyone may call without a token: liveness, readiness, the metrics and the API's own document. */
import { z } from 'zod';
import { NotFoundError } from '../../../domain/errors';
import { json, operation } from '../../operation';
import { ErrorResponse, ReadinessResponse } from '../schemas';

/** PROMETHEUS_TEXT is the media type of Prometheus's text exposition format. */
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4';

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
    path: '/metrics',
    scope: null,
    summary: 'Prometheus metrics: requests, checks, writes, the relay, OpenFGA and Neo4j latency, the Node process',
    responses: {
      200: { description: 'the metrics in the Prometheus text format; the README (Operating it, Metrics) says what each family tells', alternatives: { [PROMETHEUS_TEXT]: z.string() } },
      404: json('the service runs with METRICS=off', ErrorResponse),
    },
  }).handle(async (_input, deps) => {
    if (!deps.metrics) throw new NotFoundError('metrics are off on this service (METRICS=off)', 'metrics_off');
    return { status: 200, type: PROMETHEUS_TEXT, body: await deps.metrics.render() };
  }),
  operation({
    method: 'get',
    path: '/openapi.json',
    scope: null,
    summary: 'This document',
    responses: { 200: json('the OpenAPI 3.1 document', z.record(z.string(), z.unknown())) },
  }).handle(async (_input, deps) => ({ status: 200, body: deps.openApiDocument })),
];
