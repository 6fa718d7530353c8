/**
 * buildApp(deps) -> the Express app: middleware, routes and the one error handler. No listen,
 * no globals, so tests run the real app on port 0.
 */
import express, { type Express } from 'express';
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
import { publicRoutes, scopedRoutes, streamedRoutes } from './http/router';
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

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.metrics || tracingEnabled()) app.use(observeRequests(deps.metrics, ALL_OPERATIONS));
  app.use(requestContext(app, deps.logger));
  app.use(securityHeaders);
  app.use(requestTimeout(deps.requestTimeoutMs ?? 30_000, ALL_OPERATIONS.filter((op) => op.streamedBody)));
  if (deps.draining) app.use(closeWhenDraining(deps.draining));
  const handlerDeps = { ...deps.useCases, readiness: deps.readiness, openApiDocument: buildOpenApiDocument(SURFACES), metrics: deps.metrics, authzenBaseUrl: deps.authzenBaseUrl };
  for (const surface of SURFACES) app.use(publicRoutes(surface, handlerDeps));
  app.use('/console', consolePages(deps.consoleDist));
  // One bucket per caller across every surface, so a second door is not a second allowance.
  const limit = rateLimit(deps.rateLimit ?? { perSecond: 0, burst: 1 });
  for (const surface of SURFACES) {
    app.use(surface.base, renderErrorsAs(surface.errorBody), authenticate(deps.verifier), limit, streamedRoutes(surface, handlerDeps), requireJson, express.json({ limit: MAX_BODY_BYTES }), scopedRoutes(surface, handlerDeps));
  }
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
