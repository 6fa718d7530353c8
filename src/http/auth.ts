/**
 * Bearer-token authentication and scope checks. Algorithms are pinned to the configured key:
 * HS256 for a shared secret, RS256 or ES256 for a PEM public key; `alg: none` never verifies.
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { RequestHandler } from 'express';
import jwt, { type Algorithm } from 'jsonwebtoken';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors';

/** SCOPES are the contract's scopes; admin includes every other. */
export const SCOPES = ['check', 'read', 'write', 'audit', 'admin'] as const;

/** Scope is one of SCOPES. */
export type Scope = (typeof SCOPES)[number];

/** Caller is who made the request, as the token says. */
export interface Caller {
  sub: string;
  scopes: Set<string>;
}

/** AuthSettings configure verification; exactly one of secret or publicKey. */
export interface AuthSettings {
  secret?: string;
  publicKey?: string;
  issuer?: string;
  audience?: string;
}

/** VERIFIED_TOKENS bounds the verified-token cache; beyond it the oldest entry goes. */
const VERIFIED_TOKENS = 10_000;

/**
 * Verifier checks tokens with a key and algorithm fixed at construction. A token that verified
 * is remembered, by its exact text, until its exp, so an app sending the same token on every
 * request pays for the signature check once (a changed byte is a different token).
 */
export class Verifier {
  private readonly key: KeyObject;
  private readonly algorithms: Algorithm[];
  private readonly verified = new Map<string, { caller: Caller; untilMs: number }>();

  constructor(private readonly s: AuthSettings) {
    if (s.publicKey) {
      const key = createPublicKey(s.publicKey);
      this.key = key;
      this.algorithms = [algorithmOf(key)];
    } else if (s.secret) {
      // A KeyObject, not the string: given a string, jsonwebtoken tries (and fails) to parse it as a public key on every verify.
      this.key = createSecretKey(Buffer.from(s.secret));
      this.algorithms = ['HS256'];
    } else {
      throw new Error('authentication needs AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY');
    }
  }

  /** verify returns the caller or throws UnauthenticatedError saying what was wrong with the token. */
  verify(token: string): Caller {
    const known = this.verified.get(token);
    if (known && Date.now() < known.untilMs) return known.caller;
    if (known) this.verified.delete(token);
    return this.verifyNow(token);
  }

  private verifyNow(token: string): Caller {
    let claims: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(token, this.key, {
        algorithms: this.algorithms,
        issuer: this.s.issuer,
        audience: this.s.audience,
      });
      if (typeof decoded === 'string') throw new UnauthenticatedError('the token has no JSON claims');
      claims = decoded;
    } catch (err) {
      if (err instanceof UnauthenticatedError) throw err;
      throw new UnauthenticatedError(describeJwtError(err));
    }
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new UnauthenticatedError('the token has no sub claim');
    const scope = typeof claims.scope === 'string' ? claims.scope : '';
    const caller = { sub: claims.sub, scopes: new Set(scope.split(' ').filter(Boolean)) };
    // jsonwebtoken calls a token expired from the second of its exp on; remember it no longer than that.
    const untilMs = typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY;
    this.verified.set(token, { caller, untilMs });
    if (this.verified.size > VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    return caller;
  }
}

function describeJwtError(err: unknown): string {
  if (err instanceof jwt.TokenExpiredError) return 'the token has expired';
  if (err instanceof jwt.NotBeforeError) return 'the token is not valid yet';
  if (err instanceof jwt.JsonWebTokenError) {
    if (/audience/.test(err.message)) return 'the token is for another audience';
    if (/issuer/.test(err.message)) return 'the token is from another issuer';
    if (/algorithm/.test(err.message)) return 'the token is signed with an algorithm this service does not accept';
    if (/signature/.test(err.message)) return 'the token signature does not verify';
    return 'the token is malformed';
  }
  return 'the token could not be verified';
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

/** authenticate requires a valid Bearer token and puts the caller on the request. */
export function authenticate(verifier: Verifier): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header);
    if (!match) return next(new UnauthenticatedError('send Authorization: Bearer <JWT>'));
    req.caller = verifier.verify(match[1]);
    next();
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

/** algorithmOf pins a key to its one algorithm: RS256 for RSA, ES256 for P-256; other keys are refused. */
function algorithmOf(key: KeyObject): Algorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`JWT keys must be RSA (RS256) or P-256 EC (ES256), not ${key.asymmetricKeyType}`);
}

/** TokenOptions are the optional registered claims a minted token carries. */
export interface TokenOptions {
  issuer?: string;
  audience?: string;
}

/**
 * signToken mints a token, for the dev token, the tests and operators (npm run token): HS256 when
 * key is a shared secret, RS256 or ES256 when it is a PEM private key.
 */
export function signToken(key: string, claims: { sub: string; scope: string }, ttlSeconds: number, opts: TokenOptions = {}): string {
  const pem = key.includes('-----BEGIN');
  const signingKey = pem ? createPrivateKey(key) : key;
  return jwt.sign({ scope: claims.scope }, signingKey, {
    algorithm: typeof signingKey === 'string' ? 'HS256' : algorithmOf(signingKey),
    subject: claims.sub,
    expiresIn: ttlSeconds,
    ...(opts.issuer ? { issuer: opts.issuer } : {}),
    ...(opts.audience ? { audience: opts.audience } : {}),
  });
}

/** actor is who the change feed records for this request: the token's sub. */
export function actor(req: { caller?: Caller }): string {
  return req.caller?.sub ?? 'anonymous';
}
