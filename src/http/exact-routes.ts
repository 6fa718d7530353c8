/**
 * Finds an operation whose path has no parameter by one map look-up, and runs the very handlers
 * Express would run for it, in the same order: the common middleware, its surface's
 * authentication, rate limit and body parsing, then the operation's own. Express's router would
 * first walk every mount and then every route of the surface, each a regular expression, and that
 * walk cost more CPU than anything else the service does for an uncached check (bench/README.md).
 * Anything not found here (a path with a parameter or in another spelling, a public route, the
 * console) goes on to Express as before.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';

/** ExactRoutes maps `METHOD /path` (the method in capitals, the path as the table writes it) to its handlers. */
export type ExactRoutes = Map<string, readonly RequestHandler[]>;

/** exactRoutes serves the requests routes holds, ending with onError on a failure; others go on to Express. */
export function exactRoutes(routes: ExactRoutes, onError: ErrorRequestHandler): RequestHandler {
  return (req, res, next) => {
    const q = req.url.indexOf('?');
    const handlers = routes.get(`${req.method} ${q < 0 ? req.url : req.url.slice(0, q)}`);
    if (!handlers) return next();
    // Express's route gives a path without parameters an empty params object.
    req.params = {};
    runHandlers(handlers, req, res, onError);
  };
}

/**
 * runHandlers calls each handler's next as Express does: next() goes on, next(err) or a throw or a
 * rejected promise goes to onError (none of ours says next('route')). A list that ends without an
 * answer is a bug: a 500.
 */
function runHandlers(handlers: readonly RequestHandler[], req: Request, res: Response, onError: ErrorRequestHandler): void {
  let i = 0;
  const fail = (err: unknown) => onError(err, req, res, () => undefined);
  const next: NextFunction = (err?: unknown) => {
    if (err) return fail(err);
    const handler = handlers[i++];
    if (!handler) return fail(new Error(`no handler answered ${req.method} ${req.url}`));
    try {
      const ret: unknown = handler(req, res, next);
      if (ret instanceof Promise) ret.catch(fail);
    } catch (e) {
      fail(e);
    }
  };
  next();
}
