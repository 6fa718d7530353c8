/**
 * Where token-verifying keys come from: a shared secret, a PEM public key, or an identity
 * provider's JWKS (named directly or found through OpenID discovery), each with its algorithms pinned.
 */
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, customFetch, errors, jwksCache, type JWTVerifyGetKey, type RemoteJWKSet } from 'jose';
import { DependencyUnavailableError } from '../../domain/errors';

/** JWKS_ALGORITHMS are what a key from an identity provider may sign with: never HS256, never none. */
export const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** KeySettings name exactly one source of keys, and how an identity provider's keys are cached. */
export interface KeySettings {
  secret?: string;
  publicKey?: string;
  jwksUrl?: string;
  oidcIssuer?: string;
  /** Least time between two fetches of the JWKS for an unknown kid (default 30 s). */
  jwksCooldownMs?: number;
  /** How long fetched keys are trusted before they are fetched again (default 10 min). */
  jwksMaxAgeMs?: number;
}

/** KeyLog is where a key source says that an identity provider's keys went missing and came back. */
export interface KeyLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** KeySource is what the Verifier checks signatures with. */
export interface KeySource {
  /** algorithms are the only ones a token may name; its own alg header is never trusted beyond them. */
  readonly algorithms: string[];
  readonly key: KeyObject | JWTVerifyGetKey;
  /**
   * generation names the keys in force: it changes whenever they are fetched anew and is undefined
   * while they are missing or stale, so a token remembered under one generation is checked again
   * under the next (and refused once its key is gone).
   */
  generation(): number | undefined;
  /** prefetch fetches remote keys ahead of the first token; a failure is logged, never thrown. */
  prefetch(): Promise<void>;
}

/** pinnedAlgorithm pins a key to its one algorithm: RS256 for RSA, ES256 for P-256; other keys are refused. */
export function pinnedAlgorithm(key: KeyObject): 'RS256' | 'ES256' {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error(`JWT keys must be RSA (RS256) or P-256 EC (ES256), not ${key.asymmetricKeyType}`);
}

/** keySource builds the one source the settings name; the config has already refused none or several. */
export function keySource(s: KeySettings, log: KeyLog): KeySource {
  if (s.jwksUrl || s.oidcIssuer) return new IdentityProviderKeys(s, log);
  // A KeyObject made once, not the text: turning text into a key on every verify costs more than the signature.
  let key: KeyObject;
  let algorithm: string;
  if (s.publicKey) {
    key = createPublicKey(s.publicKey);
    algorithm = pinnedAlgorithm(key);
  } else if (s.secret) {
    key = createSecretKey(Buffer.from(s.secret));
    algorithm = 'HS256';
  } else {
    throw new Error('authentication needs one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY, AUTH_JWKS_URL, AUTH_OIDC_ISSUER');
  }
  return { algorithms: [algorithm], key, generation: () => 0, prefetch: async () => undefined };
}

/** FETCH_TIMEOUT_MS bounds one request to the identity provider. */
const FETCH_TIMEOUT_MS = 5000;
/** RETRY_MS is how long, after a failed fetch, tokens are answered 503 at once instead of asking the provider again. */
const RETRY_MS = 1000;

/** keysUnavailable is the 503 a caller with a token gets while the provider's keys cannot be had. */
const keysUnavailable = () =>
  new DependencyUnavailableError('identity_provider', "the identity provider's signing keys cannot be fetched right now, so no token can be verified; try again shortly", Math.ceil(RETRY_MS / 1000), 'auth_keys_unavailable');

/** fetchOk fetches url and throws naming the status unless it answered 200, so the log says why keys are missing. */
async function fetchOk(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), ...init });
  if (res.status !== 200) throw new Error(`${url} answered HTTP ${res.status}`);
  return res;
}

/**
 * IdentityProviderKeys resolves a token's key by its kid from the provider's JWKS through jose's
 * remote key set (which refetches an unknown kid at most once per cooldown and stale keys after
 * the max age). Fetch failures become 503 auth_keys_unavailable and one log line per outage; a
 * bad token stays a 401.
 */
class IdentityProviderKeys implements KeySource {
  readonly algorithms = JWKS_ALGORITHMS;
  readonly key: JWTVerifyGetKey = (header, token) => this.resolve(header, token);
  /** jose writes the time of each successful fetch here (its documented jwksCache). */
  private readonly fetched: { uat?: number } = {};
  private remote?: RemoteJWKSet;
  private discovering?: Promise<RemoteJWKSet>;
  /** failing is set from a failed fetch until the next good one: the outage being logged. */
  private failing?: { retryAt: number };

  constructor(
    private readonly s: KeySettings,
    private readonly log: KeyLog,
  ) {}

  generation(): number | undefined {
    return this.remote?.fresh ? this.fetched.uat : undefined;
  }

  async prefetch(): Promise<void> {
    try {
      const remote = await this.keySet();
      if (!remote.fresh) await remote.reload();
      this.recovered();
    } catch (err) {
      if (!(err instanceof DependencyUnavailableError)) this.failed(err);
    }
  }

  private async resolve(...args: Parameters<JWTVerifyGetKey>): Promise<Awaited<ReturnType<JWTVerifyGetKey>>> {
    const remote = await this.keySet();
    if (this.failing && !remote.fresh && Date.now() < this.failing.retryAt) throw keysUnavailable();
    try {
      const key = await remote(...args);
      this.recovered();
      return key;
    } catch (err) {
      // No key or several for the token's kid and alg is the token's fault; anything else is the fetch's.
      if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys || err instanceof errors.JOSENotSupported) {
        if (remote.fresh) this.recovered();
        throw err;
      }
      throw this.failed(err);
    }
  }

  /** keySet is jose's remote key set, once the JWKS URL is known (for an issuer, from its discovery document). */
  private async keySet(): Promise<RemoteJWKSet> {
    if (this.remote) return this.remote;
    if (this.failing && Date.now() < this.failing.retryAt) throw keysUnavailable();
    this.discovering ??= this.jwksUrl().then(
      (url) => {
        this.remote = createRemoteJWKSet(new URL(url), {
          cooldownDuration: this.s.jwksCooldownMs ?? 30_000,
          cacheMaxAge: this.s.jwksMaxAgeMs ?? 600_000,
          timeoutDuration: FETCH_TIMEOUT_MS,
          [jwksCache]: this.fetched as Record<string, never>,
          [customFetch]: fetchOk,
        });
        return this.remote;
      },
      (err: unknown) => {
        this.discovering = undefined;
        throw this.failed(err);
      },
    );
    return this.discovering;
  }

  /** jwksUrl is AUTH_JWKS_URL, or the jwks_uri of the issuer's discovery document, which must name that very issuer. */
  private async jwksUrl(): Promise<string> {
    if (this.s.jwksUrl) return this.s.jwksUrl;
    const issuer = this.s.oidcIssuer!;
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const doc = (await (await fetchOk(url, { headers: { accept: 'application/json' } })).json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (doc.issuer !== issuer) throw new Error(`${url} names the issuer ${JSON.stringify(doc.issuer)}, not AUTH_OIDC_ISSUER ${JSON.stringify(issuer)}`);
    if (typeof doc.jwks_uri !== 'string' || !URL.canParse(doc.jwks_uri)) throw new Error(`${url} names no jwks_uri`);
    return doc.jwks_uri;
  }

  /** failed starts or continues an outage (logged at its start only) and returns the 503 to throw. */
  private failed(err: unknown): DependencyUnavailableError {
    if (!this.failing) this.log.warn({ reason: reasonOf(err) }, 'the identity provider keys cannot be fetched: requests with a token get 503 auth_keys_unavailable until they can');
    this.failing = { retryAt: Date.now() + RETRY_MS };
    return keysUnavailable();
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = undefined;
    this.log.info({}, 'the identity provider keys are fetched again: tokens verify');
  }
}

/** reasonOf says why a fetch failed in words fit for the log: the cause of a network error, not just "fetch failed". */
function reasonOf(err: unknown): string {
  if (err instanceof errors.JWKSTimeout) return `no answer within ${FETCH_TIMEOUT_MS} ms`;
  // Read by shape, not instanceof: fetch's errors may come from another realm (as under jest).
  const { message, cause } = (err ?? {}) as { message?: unknown; cause?: { code?: string; message?: string } };
  if (typeof message !== 'string') return String(err);
  return cause?.code || cause?.message ? `${message}: ${cause.code ?? cause.message}` : message;
}
