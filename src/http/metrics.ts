/**
 * Times every request for http_request_duration_seconds, labelled by the route pattern it was
 * served by (`/v1/resellers/:id/commission`), never by its raw path, so a thousand ids make one
 * series, not a thousand. The same label names the request's span (observability/start-tracing.ts).
 */
import type { RequestHandler } from 'express';
import { UNMATCHED_ROUTE, type ServiceMetrics } from '../observability/metrics';
import { markedRoute, markRoute } from '../observability/tracing';
import type { Operation } from './operation';

/**
 * observeRequests times each request from its arrival to its answer. Its route is the pattern the
 * router marked (router.ts) or, for a request refused before it reached its route (401, 429, 413),
 * the operation its method and path match; anything else is UNMATCHED_ROUTE.
 */
export function observeRequests(metrics: ServiceMetrics | undefined, operations: readonly Operation[]): RequestHandler {
  const match = routeMatcher(operations);
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      let route = markedRoute(req);
      if (route === undefined) {
        route = match(req.method, req.originalUrl);
        if (route !== undefined) markRoute(req, route);
      }
      metrics?.observeRequest(req.method, route ?? UNMATCHED_ROUTE, res.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}

/**
 * routeMatcher finds the operation pattern a method and URL belong to, as Express would match it
 * (case-insensitive, a trailing slash allowed); paths without parameters by one map look-up.
 */
export function routeMatcher(operations: readonly Operation[]): (method: string, url: string) => string | undefined {
  const fixed = new Map<string, string>();
  const withParams: Array<{ method: string; pattern: RegExp; path: string }> = [];
  for (const op of operations) {
    const method = op.method.toUpperCase();
    if (!op.path.includes(':')) fixed.set(`${method} ${op.path.toLowerCase()}`, op.path);
    else withParams.push({ method, pattern: new RegExp(`^${op.path.replace(/[.]/g, '\\.').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`, 'i'), path: op.path });
  }
  return (method, url) => {
    let path = url.split('?', 1)[0];
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const found = fixed.get(`${method} ${path.toLowerCase()}`);
    if (found !== undefined) return found;
    return withParams.find((r) => r.method === method && r.pattern.test(path))?.path;
  };
}
