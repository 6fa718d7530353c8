/**
 * The one place where errors become HTTP responses: the status, the headers that go with it and a
 * body in the shape of the surface the request came through (the contract's `{error: {code,
 * message}}` unless a surface said otherwise). Unknown errors are a plain 500: the detail goes to
 * the log only.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { MAX_BODY_MIB } from '../domain/limits';
import { DependencyUnavailableError, DomainError, ForbiddenError, InvalidInputError, NotFoundError, PayloadTooLargeError, RateLimitedError, RequestTimeoutError, UnauthenticatedError } from '../domain/errors';

/** fromBodyParser turns express.json's errors into domain errors. */
function fromBodyParser(err: { type?: string; status?: number }): DomainError | undefined {
  if (err.type === 'entity.too.large') return new PayloadTooLargeError(`the request body is over the ${MAX_BODY_MIB} MiB limit`);
  if (err.type === 'entity.parse.failed') return new InvalidInputError('the request body is not valid JSON', 'invalid_json');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') return new InvalidInputError('the request body must be UTF-8 JSON', 'unsupported_encoding');
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) return new InvalidInputError('the request body could not be read', 'invalid_body');
  return undefined;
}

/** ErrorBody words an error (its status, stable code and message) as a surface's JSON body. */
export type ErrorBody = (status: number, code: string, message: string) => unknown;

/** contractErrorBody is the contract's shape, `{error: {code, message}}`: /v1's, and every request's outside another surface. */
export const contractErrorBody: ErrorBody = (_status, code, message) => ({ error: { code, message } });

/** renderErrorsAs makes every later error of the request render in body's shape; a surface's mount and its routes set it. */
export function renderErrorsAs(body: ErrorBody): RequestHandler {
  return (_req, res, next) => {
    res.locals.errorBody = body;
    next();
  };
}

/** errorHandler renders every error; it must be the last middleware. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  renderError(err, req, res);
};

/** renderError answers err in the shape of the request's surface; an answer already started (timed out) is left alone. */
export function renderError(err: unknown, req: Request, res: Response): void {
  if (res.headersSent) {
    req.log?.warn({ err }, 'error after the answer was sent');
    return;
  }
  const body = (res.locals.errorBody as ErrorBody | undefined) ?? contractErrorBody;
  const known = err instanceof DomainError ? err : fromBodyParser(err as { type?: string; status?: number });
  if (!known) {
    req.log?.error({ err }, 'unhandled error');
    res.status(500).json(body(500, 'internal', 'internal error; the request id in the x-request-id header finds it in the log'));
    return;
  }
  // auth_keys_unavailable is logged once per outage, with its reason, where the keys are fetched: a line per request would drown it.
  if (known.status >= 500 && known.code !== 'auth_keys_unavailable') req.log?.warn({ code: known.code }, known.message);
  if (known instanceof RateLimitedError || known instanceof DependencyUnavailableError || known instanceof RequestTimeoutError) {
    res.setHeader('Retry-After', String(known.retryAfterSeconds));
  }
  if (known instanceof UnauthenticatedError) {
    res.setHeader('WWW-Authenticate', `Bearer realm="partnergraph", error="invalid_token", error_description="${known.message.replace(/"/g, "'")}"`);
  }
  if (known instanceof ForbiddenError) {
    res.setHeader('WWW-Authenticate', `Bearer realm="partnergraph", error="insufficient_scope", scope="${known.neededScope}"`);
  }
  res.status(known.status).json(body(known.status, known.code, known.message));
}

/** notFound answers routes that do not exist. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route ${req.method} ${req.path}; see /openapi.json`, 'route_not_found'));
};
