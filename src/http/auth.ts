/**
 * Bearer-token authentication and scope checks for the HTTP surfaces: the token is verified by
 * jwt/verifier.ts against the configured keys (jwt/keys.ts), the scopes are checked per operation.
 */
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors';
import type { Caller, Verifier } from './jwt/verifier';

export type { Caller } from './jwt/verifier';
export { Verifier } from './jwt/verifier';
export { signToken } from './jwt/sign';

/** SCOPES are the contract's scopes; admin includes every other. */
export const SCOPES = ['check', 'read', 'write', 'audit', 'admin'] as const;

/** Scope is one of SCOPES. */
export type Scope = (typeof SCOPES)[number];

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

/**
 * authenticate requires a valid Bearer token and puts the caller on the request. A token verified
 * before goes through without a promise: it is every request of an app that reuses its token.
 */
export function authenticate(verifier: Verifier): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header);
    if (!match) return next(new UnauthenticatedError('send Authorization: Bearer <JWT>'));
    const known = verifier.remembered(match[1]);
    if (known) {
      req.caller = known;
      return next();
    }
    verifier.verify(match[1]).then((caller) => {
      req.caller = caller;
      next();
    }, next);
  };
}

/** requireScope lets the request through when the caller has scope or admin. */
export function requireScope(scope: Scope): RequestHandler {
  return (req, _res, next) => {
    const scopes = req.caller?.scopes;
    if (scopes?.has(scope) || scopes?.has('admin')) return next();
    next(new ForbiddenError(scope === 'admin' ? 'this call needs the admin scope' : `this call needs the ${scope} scope (or admin)`, scope));
  };
}

/** actor is who the change feed records for this request: the token's sub. */
export function actor(req: { caller?: Caller }): string {
  return req.caller?.sub ?? 'anonymous';
}
