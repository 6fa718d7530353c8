/**
 * Token verification with jose: the signature against the configured keys, then exp, nbf, iss and
 * aud, then the caller (sub and scopes); a verified token is remembered for the hot path.
 */
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { DomainError, UnauthenticatedError } from '../../domain/errors';
import { keySource, type KeyLog, type KeySettings, type KeySource } from './keys';

/** Caller is who made the request, as the token says. */
export interface Caller {
  sub: string;
  scopes: Set<string>;
}

/** AuthSettings configure verification: one source of keys, and the iss and aud a token must carry when set. */
export interface AuthSettings extends KeySettings {
  issuer?: string;
  audience?: string;
}

/** VERIFIED_TOKENS bounds the verified-token cache; beyond it the oldest entry goes. */
const VERIFIED_TOKENS = 10_000;

const silent: KeyLog = { warn: () => undefined, info: () => undefined };

/**
 * Verifier checks tokens against one source of keys with its algorithms pinned. A token that
 * verified is remembered, by its exact text, until its exp and only while the keys it verified
 * against are in force, so an app sending the same token on every request pays for the signature
 * once (bench/README.md), and a token whose key the provider dropped is refused once the keys are
 * fetched anew.
 */
export class Verifier {
  private readonly keys: KeySource;
  private readonly verified = new Map<string, { caller: Caller; untilMs: number; generation: number | undefined }>();

  constructor(
    private readonly s: AuthSettings,
    log: KeyLog = silent,
  ) {
    this.keys = keySource(s, log);
  }

  /** prefetch asks an identity provider for its keys ahead of the first token, so a bad URL shows in the log at boot. */
  prefetch(): Promise<void> {
    return this.keys.prefetch();
  }

  /** remembered returns the caller of a token verified before, when that still holds; else verify must run. */
  remembered(token: string): Caller | undefined {
    const known = this.verified.get(token);
    if (!known) return undefined;
    if (Date.now() < known.untilMs && known.generation !== undefined && known.generation === this.keys.generation()) return known.caller;
    this.verified.delete(token);
    return undefined;
  }

  /**
   * verify returns the caller, or throws UnauthenticatedError saying what was wrong with the token,
   * or a 503 auth_keys_unavailable while an identity provider's keys cannot be fetched.
   */
  async verify(token: string): Promise<Caller> {
    const known = this.remembered(token);
    if (known) return known;
    // Read before verifying: keys fetched meanwhile leave the entry older than them (checked again), never newer.
    const generation = this.keys.generation();
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys.key, { algorithms: this.keys.algorithms, issuer: this.s.issuer, audience: this.s.audience }));
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw new UnauthenticatedError(describeJoseError(err));
    }
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new UnauthenticatedError('the token has no sub claim');
    const caller = { sub: claims.sub, scopes: scopesOf(claims) };
    // jose calls a token expired from the second of its exp on; remember it no longer than that.
    const untilMs = typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY;
    this.verified.set(token, { caller, untilMs, generation });
    if (this.verified.size > VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    return caller;
  }
}

/**
 * scopesOf reads the token's scopes as providers write them: `scope` space separated (RFC 8693,
 * RFC 9068), else `scp` as an array (Okta) or a space-separated string (Microsoft Entra).
 */
export function scopesOf(claims: JWTPayload): Set<string> {
  const words = (v: unknown): string[] =>
    typeof v === 'string' ? v.split(' ') : Array.isArray(v) ? v.filter((w): w is string => typeof w === 'string') : [];
  const scopes = claims.scope !== undefined ? words(claims.scope) : words(claims.scp);
  return new Set(scopes.filter((w) => w.length > 0));
}

/** describeJoseError says in words what was wrong with a token; the WWW-Authenticate header carries it. */
function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'the token is not valid yet';
    if (err.claim === 'iss') return 'the token is from another issuer';
    if (err.claim === 'aud') return 'the token is for another audience';
    return 'the token is malformed';
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this service does not accept';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (err instanceof errors.JWKSNoMatchingKey) return "the token's key (kid) is not among the identity provider's keys";
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'the token names no key (kid) and several of the identity provider keys fit';
  if (err instanceof errors.JOSEError) return 'the token is malformed';
  return 'the token could not be verified';
}
