/**
 * buildApp(deps) -> the Express app: middleware, routes and the one error handler. No listen,
 * no globals, so tests run the real app on port 0.
 */
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { MAX_BODY_BYTES } from './domain/limits';
import { authenticate, type Verifier } from './http/auth';
import { errorHandler, notFound, renderErrorsAs } from './http/errors';
import { observeRequests } from './http/metrics';
import { rateLimit, type RateLimitSettings } from './http/rate-limit';
import { consolePages } from './http/console';
import { closeWhenDraining } from './http/drain';
import { requestTimeout } from './http/request-timeout';
import { securityHeaders } from './http/security-headers';
import { requireJson } from './http/validate';
import { requestContext } from './http/request-context';
import type { Readiness, UseCases } from './http/deps';
import { buildOpenApiDocument } from './http/openapi';
import { exactRoutes, type ExactRoutes } from './http/exact-routes';
import { operationHandlers, publicRoutes, scopedRoutes, streamedRoutes } from './http/router';
import type { Surface } from './http/surface';
import { ALL_OPERATIONS, SURFACES } from './http/surfaces';
import type { ServiceMetrics } from './observability/metrics';
import { tracingEnabled } from './observability/tracing';

export type { Readiness } from './http/deps';

/** AppDeps is everything the HTTP layer needs. */
export interface AppDeps {
  logger: Logger;
  verifier: Verifier;
  useCases: UseCases;
  readiness: () => Promise<Readiness>;
  /** draining says the process is shutting down: every answer then closes its connection. Absent: never. */
  draining?: () => boolean;
  /** per-caller rate limit; absent: off. */
  rateLimit?: RateLimitSettings;
  /** longest one request may take; absent: 30 s. */
  requestTimeoutMs?: number;
  /** metrics counts and serves GET /metrics; absent: off (404). */
  metrics?: ServiceMetrics;
  /** consoleDist is where the console's built files are; absent: console/dist. */
  consoleDist?: string;
  /** authzenBaseUrl is the URL AuthZEN's discovery names the service by; absent: the scheme and host of each request. */
  authzenBaseUrl?: string;
}

/** STREAMED are the operations that read a body of any size as a stream, outside the bounds of one request. */
const STREAMED = ALL_OPERATIONS.filter((op) => op.streamedBody);
const STREAMED_KEYS = new Set(STREAMED.map((op) => `${op.method.toUpperCase()} ${op.path}`));

/** isStreamedRequest tells the server which requests may upload for as long as their body takes (listen's unbounded). */
export function isStreamedRequest(req: { method?: string; url?: string }): boolean {
  return STREAMED_KEYS.has(`${req.method} ${(req.url ?? '').split('?')[0]}`);
}

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const common: RequestHandler[] = [
    ...(deps.metrics || tracingEnabled() ? [observeRequests(deps.metrics, ALL_OPERATIONS)] : []),
    requestContext(app, deps.logger),
    securityHeaders,
    requestTimeout(deps.requestTimeoutMs ?? 30_000, STREAMED),
    ...(deps.draining ? [closeWhenDraining(deps.draining)] : []),
  ];
  const handlerDeps = { ...deps.useCases, readiness: deps.readiness, openApiDocument: buildOpenApiDocument(SURFACES), metrics: deps.metrics, authzenBaseUrl: deps.authzenBaseUrl };
  // One bucket per caller across every surface, so a second door is not a second allowance.
  const limit = rateLimit(deps.rateLimit ?? { perSecond: 0, burst: 1 });
  const authenticated = (surface: Surface): RequestHandler[] => [renderErrorsAs(surface.errorBody), authenticate(deps.verifier), limit];
  // Operations that stream their body read it themselves; every other one gets it parsed as JSON.
  const jsonBody: RequestHandler[] = [requireJson, express.json({ limit: MAX_BODY_BYTES })];

  // The same handlers as below, in the same order, for the operations found by their exact path.
  const exact: ExactRoutes = new Map();
  for (const surface of SURFACES) {
    for (const op of surface.operations) {
      if (op.scope === null || op.path.includes(':')) continue;
      exact.set(`${op.method.toUpperCase()} ${op.path}`, [...common, ...authenticated(surface), ...(op.streamedBody ? [] : jsonBody), ...operationHandlers(surface, op, handlerDeps)]);
    }
  }
  app.use(exactRoutes(exact, errorHandler));

  app.use(common);
  for (const surface of SURFACES) app.use(publicRoutes(surface, handlerDeps));
  app.use('/console', consolePages(deps.consoleDist));
  for (const surface of SURFACES) app.use(surface.base, ...authenticated(surface), streamedRoutes(surface, handlerDeps), ...jsonBody, scopedRoutes(surface, handlerDeps));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
