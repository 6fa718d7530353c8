/**
 * Bounds how long one request may take, from its first byte to the answer: a caller that trickles
 * its body, or a call stuck behind a slow dependency, gets a 503 instead of holding a socket.
 */
import type { RequestHandler } from 'express';
import { RequestTimeoutError } from '../domain/errors';
import { renderError } from './errors';

/** requestTimeout answers 503 request_timeout and closes the connection when no answer has started after ms. */
export function requestTimeout(ms: number): RequestHandler {
  return (req, res, next) => {
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
