/** Mounts a surface's table of operations on Express: scope check, then the operation's own parsing and handler, then the reply sent. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { InvalidInputError } from '../domain/errors';
import { markRoute } from '../observability/tracing';
import { actor, requireScope } from './auth';
import type { Deps } from './deps';
import { renderErrorsAs } from './errors';
import type { Operation, SentReply } from './operation';
import type { Surface } from './surface';

/** publicRoutes are a surface's operations without a scope; app.ts mounts them before authentication. */
export function publicRoutes(surface: Surface, deps: Deps): Router {
  return operationsRouter(surface, surface.operations.filter((op) => op.scope === null), deps, '');
}

/** scopedRoutes are a surface's operations with a scope; app.ts mounts them at surface.base behind authentication, rate limit and JSON parsing. */
export function scopedRoutes(surface: Surface, deps: Deps): Router {
  return operationsRouter(surface, surface.operations.filter((op) => op.scope !== null && !op.streamedBody), deps, surface.base);
}

/** streamedRoutes are a surface's operations that read their body as a stream; app.ts mounts them behind authentication and rate limit, before JSON parsing. */
export function streamedRoutes(surface: Surface, deps: Deps): Router {
  return operationsRouter(surface, surface.operations.filter((op) => op.scope !== null && op.streamedBody), deps, surface.base);
}

/**
 * operationsRouter refuses at start an operation outside base, so a scoped route cannot escape its
 * surface's authentication; an operation at base itself (OpenFGA's GET /stores) is the mount's root.
 */
function operationsRouter(surface: Surface, ops: readonly Operation[], deps: Deps, base: string): Router {
  const router = Router();
  for (const op of ops) {
    if (!op.path.startsWith(`${base}/`) && !(base && op.path === base)) throw new Error(`operation ${op.method} ${op.path} is not under ${base}/, where it is mounted`);
    router[op.method](op.path.slice(base.length) || '/', ...operationHandlers(surface, op, deps));
  }
  return router;
}

/**
 * operationHandlers are what serves op once its request reached it: its route marked, its surface's
 * error shape, its scope, a streamed body's content type, then its parsing and handler and the reply sent. Express's router and
 * the exact-path dispatcher (exact-routes.ts) run the same list.
 */
export function operationHandlers(surface: Surface, op: Operation, deps: Deps): RequestHandler[] {
  const guard: RequestHandler[] = op.scope && op.scope !== 'any' ? [requireScope(op.scope)] : [];
  // The pattern, not the path, labels the request's metrics and names its span (http/metrics.ts).
  const matched: RequestHandler = (req, _res, next) => {
    markRoute(req, op.path);
    next();
  };
  const contentType: RequestHandler[] = op.streamedBody ? [requireContentType(op.streamedBody.type)] : [];
  const answer: RequestHandler = async (req, res) => {
    const reply = await op.run(
      { body: req.body, query: req.query, params: req.params, actor: actor(req), scopes: [...(req.caller?.scopes ?? [])], requestId: req.id, origin: origin(req), accepts: (types) => req.accepts(types), stream: req },
      deps,
    );
    await send(res, reply);
  };
  return [matched, renderErrorsAs(surface.errorBody), ...guard, ...contentType, answer];
}

/** origin is the scheme and host the caller used (`http://127.0.0.1:3000`): Express's req.host keeps the port, and a proxy's X-Forwarded-* are not trusted. */
function origin(req: Request): string {
  return `${req.protocol}://${req.host ?? ''}`;
}

/** requireContentType refuses a streamed body sent as anything but type. */
function requireContentType(type: string): RequestHandler {
  return (req, _res, next) => {
    if (req.is(type)) return next();
    next(new InvalidInputError(`the request body must be sent with Content-Type: ${type}; got ${JSON.stringify(String(req.headers['content-type'] ?? 'none').slice(0, 60))}`, 'unsupported_content_type'));
  };
}

/**
 * send answers JSON, or an alternative as UTF-8 text, saved under its file name when it has one, or
 * streamed piece by piece, waiting for the socket to drain. An error once streaming has begun cuts
 * the answer short (the caller sees it incomplete), since the status is already sent.
 */
async function send(res: Response, reply: SentReply): Promise<void> {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.stream) {
    res.type(`${reply.type}; charset=utf-8`);
    const out = Readable.from(reply.stream);
    try {
      await pipeline(out, res);
    } catch (err) {
      res.destroy();
      if (!res.headersSent) throw err;
      res.req.log?.error({ err }, 'streamed answer cut short');
    }
    return;
  }
  if (reply.type === undefined) {
    res.json(reply.body);
    return;
  }
  res.type(`${reply.type}; charset=utf-8`);
  if (reply.attachment !== undefined) res.attachment(reply.attachment);
  res.send(reply.body);
}
