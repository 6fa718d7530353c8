/**
 * Serves the web console (console/, built by scripts/build-console.mjs into console/dist) at
 * /console: the page needs no token, since every call it makes carries the token the person gives.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { DomainError } from '../domain/errors';
import { markRoute } from '../observability/tracing';
import { CONSOLE_CSP } from './security-headers';

/** CONSOLE_DIST is where the console's build puts its files; the same path from src/http and dist/http. */
export const CONSOLE_DIST = path.resolve(__dirname, '../../console/dist');

/** ROUTE labels every console request in the metrics, so page paths (entity ids) never become label values. */
const ROUTE = '/console';

/**
 * consolePages answers GET and HEAD under /console: a built file when one has that name (hashed
 * assets are kept a year by browsers), else the page itself, which routes in the browser, so
 * /console/entity/organization:acme is a link a person can share. Without a build it is a 503 naming
 * the command that makes one.
 */
export function consolePages(dist = CONSOLE_DIST): RequestHandler {
  const files = express.static(dist, {
    index: false,
    // /console is the page itself, not a folder to redirect to /console/.
    redirect: false,
    fallthrough: true,
    setHeaders: (res, file) => {
      if (file.startsWith(path.join(dist, 'assets') + path.sep)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  let page: string | undefined;
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    markRoute(req, ROUTE);
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    files(req, res, () => {
      if (req.path.startsWith('/assets/')) return next();
      page ??= existsSync(path.join(dist, 'index.html')) ? readFileSync(path.join(dist, 'index.html'), 'utf8') : undefined;
      if (page === undefined) return next(new DomainError(503, 'console_not_built', 'the console is not built: run npm run build:console (npm start and npm test build it when missing)'));
      res.type('html').send(page);
    });
  };
}
