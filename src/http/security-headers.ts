/**
 * Security headers for a JSON-only API. A handful of fixed headers, so a few lines here rather
 * than helmet: nothing is ever rendered as HTML, framed, cached by a proxy or sniffed as script.
 */
import type { RequestHandler } from 'express';

/** SECURITY_HEADERS go on every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  // Answers are about who may do what: no shared cache may keep them.
  'Cache-Control': 'no-store',
};

/** securityHeaders sets SECURITY_HEADERS before any route answers. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  next();
};
