/**
 * The service configuration: one zod schema over process.env, parsed once at boot. A bad value
 * fails the boot with a message naming the key; secrets are never echoed.
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NEO4J_URI: optionalText,
    NEO4J_USER: z.string().default('neo4j'),
    NEO4J_PASSWORD: z.string().default(''),
    OPENFGA_API_URL: optionalText.pipe(z.url().optional()),
    OPENFGA_STORE_ID: optionalText,
    OPENFGA_API_TOKEN: optionalText,
    AUTH_JWT_SECRET: optionalText,
    AUTH_JWT_PUBLIC_KEY: optionalText,
    /** An identity provider's JWKS document; the token's kid picks the key. */
    AUTH_JWKS_URL: optionalText.pipe(z.url().optional()),
    /** An OpenID provider's issuer: its discovery document names the JWKS, and iss must equal it. */
    AUTH_OIDC_ISSUER: optionalText.pipe(z.url().optional()),
    /** Least time between two JWKS fetches for a token whose kid is unknown (a key rotation). */
    AUTH_JWKS_COOLDOWN_MS: integer(30_000),
    /** How long fetched JWKS keys are trusted before they are fetched again (a dropped key stops verifying). */
    AUTH_JWKS_MAX_AGE_MS: integer(600_000, 1),
    AUTH_JWT_ISSUER: optionalText,
    AUTH_JWT_AUDIENCE: optionalText,
    DATA_DIR: z.string().default('.local/data'),
    /** Where the local stack's OpenFGA keeps its stores (development only; ignored when NEO4J_URI and OPENFGA_API_URL are set). */
    OPENFGA_DATASTORE: z.enum(['sqlite', 'postgres', 'memory']).default('sqlite'),
    /** How long a tuple write waits for OpenFGA before answering 202 pending. */
    WRITE_ACK_TIMEOUT_MS: integer(2000, 1),
    /** How long a read with consistency.atLeast waits for that revision before a 503. */
    CONSISTENCY_WAIT_MS: integer(2000, 1),
    /** Time-out of one call to OpenFGA. */
    OPENFGA_TIMEOUT_MS: integer(3000, 1),
    /** Time-out of one Neo4j transaction, retries included. */
    NEO4J_TIMEOUT_MS: integer(5000, 1),
    /** Requests per second one caller (token sub) may make; 0 turns the limit off. Generous by default. */
    RATE_LIMIT_PER_SECOND: integer(5000),
    /** How many requests one caller may make at once above the steady rate. */
    RATE_LIMIT_BURST: integer(10000, 1),
    /** Longest one request may take, body upload included, before a 503 request_timeout; above the dependency time-outs so those answer first. */
    REQUEST_TIMEOUT_MS: integer(30000, 1),
    /** Whether check answers are cached in memory; the cache is exact for writes this replica acknowledges (see bench/README.md). */
    DECISION_CACHE: z.enum(['on', 'off']).default('on'),
    /** Most check answers the decision cache holds; the least recently used go first. */
    DECISION_CACHE_SIZE: integer(100_000, 1),
    /** Node's server time-outs: the request's headers, the whole request (body included), an idle keep-alive connection. */
    HTTP_HEADERS_TIMEOUT_MS: integer(10_000, 1),
    HTTP_RECEIVE_TIMEOUT_MS: integer(15_000, 1),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(5_000, 1),
    /** On SIGTERM: how long requests in flight may take before the process exits anyway. */
    SHUTDOWN_GRACE_MS: integer(10_000, 0),
    /** On SIGTERM: how long new connections are still taken (answered with Connection: close, /readyz 503), so a load balancer sees the replica leave. */
    SHUTDOWN_DRAIN_MS: integer(2_000, 0),
    /** Whether GET /metrics serves the Prometheus metrics (and the service counts them); off answers it 404. */
    METRICS: z.enum(['on', 'off']).default('on'),
    /** The URL AuthZEN's discovery names the service by, when a proxy in front changes the scheme, host or path; unset, each request's own. */
    AUTHZEN_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Where spans go by OTLP/HTTP (`<endpoint>/v1/traces`); unset, tracing is off. Read first of all by observability/start-tracing.ts. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url().optional()),
  })
  .superRefine((env, ctx) => {
    for (const issue of authKeyIssues(env)) ctx.addIssue({ code: 'custom', ...issue });
    if (env.NODE_ENV === 'production' && env.AUTH_JWT_SECRET !== undefined && Buffer.byteLength(env.AUTH_JWT_SECRET) < 32) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'must be at least 32 bytes in production' });
    }
    // Only development starts the local stack and mints a token; anywhere else a missing store is an error at boot.
    if (env.NODE_ENV !== 'development') {
      for (const key of ['NEO4J_URI', 'OPENFGA_API_URL'] as const) {
        if (env[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required when NODE_ENV=${env.NODE_ENV} (only development runs a local stack)` });
      }
    }
    if (env.SHUTDOWN_DRAIN_MS > env.SHUTDOWN_GRACE_MS) {
      ctx.addIssue({ code: 'custom', path: ['SHUTDOWN_DRAIN_MS'], message: 'must not be longer than SHUTDOWN_GRACE_MS' });
    }
    if (env.AUTH_JWT_PUBLIC_KEY && !isPublicKey(env.AUTH_JWT_PUBLIC_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_PUBLIC_KEY'], message: 'must be a PEM RSA or P-256 EC public key' });
    }
    if (env.NEO4J_URI !== undefined && !/^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(env.NEO4J_URI)) {
      ctx.addIssue({ code: 'custom', path: ['NEO4J_URI'], message: 'must be a bolt:// or neo4j:// URI' });
    }
  });

/** AUTH_KEYS are the settings that say where token keys come from; exactly one is set. */
export const AUTH_KEYS = ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWKS_URL', 'AUTH_OIDC_ISSUER'] as const;

/** authKeysSet lists which of AUTH_KEYS are set: main.ts mints the dev secret only when none is. */
export function authKeysSet(env: Partial<Record<(typeof AUTH_KEYS)[number], string>>): string[] {
  return AUTH_KEYS.filter((k) => env[k] !== undefined);
}

/**
 * authKeyIssues refuses several key sources (which one would win is a guess), none in production,
 * a provider reached without TLS in production, and an AUTH_JWT_ISSUER that contradicts AUTH_OIDC_ISSUER.
 */
function authKeyIssues(env: Partial<Record<(typeof AUTH_KEYS)[number] | 'NODE_ENV' | 'AUTH_JWT_ISSUER', string>>): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const set = authKeysSet(env);
  const one = `set exactly one of ${AUTH_KEYS.join(', ')}`;
  if (set.length > 1) issues.push({ path: [set[1]], message: `${one}, not ${set.join(' and ')}` });
  // Only development makes a key of its own (main.ts); production and tests must name one.
  if (set.length === 0 && env.NODE_ENV !== 'development') issues.push({ path: ['AUTH_JWT_SECRET'], message: `${env.NODE_ENV ?? 'production'} needs a token key: ${one}` });
  for (const key of ['AUTH_JWKS_URL', 'AUTH_OIDC_ISSUER'] as const) {
    if (env.NODE_ENV === 'production' && env[key]?.startsWith('http:')) issues.push({ path: [key], message: 'must be an https:// URL in production' });
  }
  if (env.AUTH_OIDC_ISSUER && env.AUTH_JWT_ISSUER && env.AUTH_OIDC_ISSUER !== env.AUTH_JWT_ISSUER) {
    issues.push({ path: ['AUTH_JWT_ISSUER'], message: 'must equal AUTH_OIDC_ISSUER, or be left unset' });
  }
  return issues;
}

/** isPublicKey tells whether pem is a key the Verifier can pin an algorithm to (RS256 or ES256). */
function isPublicKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'rsa' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
  } catch {
    return false;
  }
}

/** CONFIG_KEYS are every variable the service reads, for checking deployment files against. */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

/** Config is the parsed, typed environment. */
export type Config = z.output<typeof schema>;

/** ConfigError names every bad key and why, and nothing of the values. */
export class ConfigError extends Error {}

/** loadConfig parses env once; it throws ConfigError naming each bad key. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
