/**
 * buildApp(deps) -> the Express app: middleware, routes and the one error handler. No listen,
 * no globals, so tests run the real app on port 0.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { MAX_BODY_BYTES } from './domain/limits';
import { authenticate, type Verifier } from './http/auth';
import { errorHandler, notFound } from './http/errors';
import { buildOpenApiDocument } from './http/openapi';
import { rateLimit, type RateLimitSettings } from './http/rate-limit';
import { requestTimeout } from './http/request-timeout';
import { securityHeaders } from './http/security-headers';
import { requireJson } from './http/validate';
import { requestContext } from './http/request-context';
import { v1Routes, type UseCases } from './http/routes/index';

/** Readiness reports whether each dependency answers. */
export interface Readiness {
  neo4j: boolean;
  openfga: boolean;
  model: boolean;
}

/** AppDeps is everything the HTTP layer needs. */
export interface AppDeps {
  logger: Logger;
  verifier: Verifier;
  useCases: UseCases;
  readiness: () => Promise<Readiness>;
  /** per-caller rate limit; absent: off. */
  rateLimit?: RateLimitSettings;
  /** longest one request may take; absent: 30 s. */
  requestTimeoutMs?: number;
}

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestContext(app, deps.logger));
  app.use(securityHeaders);
  app.use(requestTimeout(deps.requestTimeoutMs ?? 30_000));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await deps.readiness();
    const ready = r.neo4j && r.openfga && r.model;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', ...r });
  });
  const openApi = buildOpenApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/v1', authenticate(deps.verifier), rateLimit(deps.rateLimit ?? { perSecond: 0, burst: 1 }), requireJson, express.json({ limit: MAX_BODY_BYTES }), v1Routes(deps.useCases));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
