/** Mounts the table of operations on Express: scope check, then the operation's own parsing and handler, then the reply sent. */
import { Router, type RequestHandler, type Response } from 'express';
import { markRoute } from '../../observability/tracing';
import { actor, requireScope } from '../auth';
import type { Deps } from './deps';
import type { Operation, SentReply } from './operation';
import { OPERATIONS } from './operations';

/** publicRoutes are the operations without a scope; app.ts mounts them before authentication. */
export function publicRoutes(deps: Deps): Router {
  return operationsRouter(OPERATIONS.filter((op) => op.scope === null), deps, '');
}

/** v1Routes are the operations with a scope; app.ts mounts them at /v1 behind authentication, rate limit and JSON parsing. */
export function v1Routes(deps: Deps): Router {
  return operationsRouter(OPERATIONS.filter((op) => op.scope !== null), deps, '/v1');
}

/** operationsRouter refuses at start an operation outside base, so a scoped route cannot escape /v1's authentication. */
function operationsRouter(ops: readonly Operation[], deps: Deps, base: string): Router {
  const router = Router();
  for (const op of ops) {
    if (!op.path.startsWith(`${base}/`)) throw new Error(`operation ${op.method} ${op.path} is not under ${base}/, where it is mounted`);
    const guard: RequestHandler[] = op.scope && op.scope !== 'any' ? [requireScope(op.scope)] : [];
    // The pattern, not the path, labels the request's metrics and names its span (http/metrics.ts).
    const matched: RequestHandler = (req, _res, next) => {
      markRoute(req, op.path);
      next();
    };
    router[op.method](op.path.slice(base.length), matched, ...guard, async (req, res) => {
      const reply = await op.run({ body: req.body, query: req.query, params: req.params, actor: actor(req), scopes: [...(req.caller?.scopes ?? [])], requestId: req.id, accepts: (types) => req.accepts(types) }, deps);
      send(res, reply);
    });
  }
  return router;
}

/** send answers JSON, or an alternative as UTF-8 text, saved under its file name when it has one. */
function send(res: Response, reply: SentReply): void {
  res.status(reply.status);
  if (reply.type === undefined) {
    res.json(reply.body);
    return;
  }
  res.type(`${reply.type}; charset=utf-8`);
  if (reply.attachment !== undefined) res.attachment(reply.attachment);
  res.send(reply.body);
}
