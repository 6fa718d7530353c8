/**
 * buildApp(deps) -> the Express app: middleware, routes and the one error handler. No listen,
 * no globals, so tests run the real app on port 0.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { authenticate, type Verifier } from './http/auth';
import { errorHandler, notFound } from './http/errors';
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
}

/** BODY_LIMIT is the largest request body accepted (a 413 beyond). */
export const BODY_LIMIT = '1mb';

export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestContext(deps.logger));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await deps.readiness();
    const ready = r.neo4j && r.openfga && r.model;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', ...r });
  });
  app.use('/v1', express.json({ limit: BODY_LIMIT }), authenticate(deps.verifier), v1Routes(deps.useCases));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
