/**
 * Bounds how long one request may take, from its first byte to the answer: a caller that trickles
 * its body, or a call stuck behind a slow dependency, gets a 503 instead of holding a socket.
 */
import type { RequestHandler } from 'express';
import { RequestTimeoutError } from '../domain/errors';
import { renderError } from './errors';
import type { Operation } from './operation';

/**
 * requestTimeout answers 503 request_timeout and closes the connection when no answer has started
 * after ms, except for the operations in unbounded (a bulk import takes as long as its file).
 */
export function requestTimeout(ms: number, unbounded: readonly Pick<Operation, 'method' | 'path'>[] = []): RequestHandler {
  const exempt = new Set(unbounded.map((op) => `${op.method.toUpperCase()} ${op.path}`));
  return (req, res, next) => {
    if (exempt.has(`${req.method} ${req.path}`)) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      req.log?.warn({ timeoutMs: ms }, 'request timed out');
      res.setHeader('Connection', 'close');
      renderError(new RequestTimeoutError(`the request did not complete within ${ms} ms; send the whole body promptly and retry`), req, res);
    }, ms);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}
