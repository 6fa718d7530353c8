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
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_JWT_SECRET && env.AUTH_JWT_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY, not both' });
    }
    if (env.NODE_ENV === 'production' && env.AUTH_JWT_SECRET !== undefined && Buffer.byteLength(env.AUTH_JWT_SECRET) < 32) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'must be at least 32 bytes in production' });
    }
    if (env.NODE_ENV === 'production' && !env.AUTH_JWT_SECRET && !env.AUTH_JWT_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_SECRET'], message: 'production needs AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY' });
    }
    if (env.AUTH_JWT_PUBLIC_KEY && !isPublicKey(env.AUTH_JWT_PUBLIC_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWT_PUBLIC_KEY'], message: 'must be a PEM RSA or P-256 EC public key' });
    }
    if (env.NEO4J_URI !== undefined && !/^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(env.NEO4J_URI)) {
      ctx.addIssue({ code: 'custom', path: ['NEO4J_URI'], message: 'must be a bolt:// or neo4j:// URI' });
    }
  });

/** isPublicKey tells whether pem is a key the Verifier can pin an algorithm to (RS256 or ES256). */
function isPublicKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'rsa' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
  } catch {
    return false;
  }
}

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
