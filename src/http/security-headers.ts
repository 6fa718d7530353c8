/**
 * Security headers: a handful of fixed headers, so a few lines here rather than helmet. The API's
 * answers are never rendered as HTML, framed, cached by a proxy or sniffed as script; the console's
 * pages run only the service's own scripts and styles.
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

/**
 * CONSOLE_CSP lets the console's page load only its own built scripts, styles and images and call
 * only this origin (the API): no inline script or style, no third-party host, no framing, no form
 * posted anywhere, no <base> to redirect relative URLs.
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
