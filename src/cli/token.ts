/**
 * `npm run -s token -- --sub app-1 --scope check --ttl 1h`: mints a token for an app or a person,
 * signed with the configured key, and prints only the token (so `TOKEN=$(...)` works).
 *
 * The key: AUTH_JWT_SECRET (HS256), or for services configured with AUTH_JWT_PUBLIC_KEY the
 * matching private key, in AUTH_JWT_PRIVATE_KEY (PEM) or a file named by --key-file. The service
 * itself never reads a private key. AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE go into the token.
 * A service that takes its keys from an identity provider (AUTH_JWKS_URL, AUTH_OIDC_ISSUER) takes
 * tokens from that provider, not from here.
 */
import { readFileSync } from 'node:fs';
import { SCOPES, signToken } from '../http/auth';

const USAGE = 'usage: npm run -s token -- --sub <who> --scope "<scopes>" [--ttl 1h] [--key-file private.pem]\n' +
  `  scopes, space separated: ${SCOPES.join(', ')}; ttl: a number with s, m, h or d (default 1h, at most 365d)`;

/** Failure is a mistake by the operator: printed with the usage, exit 2. */
class Failure extends Error {}

/** parseTtl reads 90s, 15m, 1h, 7d (or plain seconds) into seconds. */
export function parseTtl(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text);
  const seconds = m ? Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] : NaN;
  if (!(seconds >= 1 && seconds <= 365 * 86400)) throw new Failure(`--ttl ${JSON.stringify(text)} is not a duration between 1s and 365d, like 90s, 15m, 1h or 7d`);
  return seconds;
}

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!/^--(sub|scope|ttl|key-file)$/.test(name) || value === undefined) throw new Failure(`unexpected argument ${JSON.stringify(name)}`);
    out[name.slice(2)] = value;
  }
  return out;
}

/** mint turns argv and env into a token, or rejects with a Failure saying what is missing. */
export async function mint(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const a = args(argv);
  if (!a.sub) throw new Failure('--sub is required: who the token is for (it becomes the actor in the change feed)');
  const scopes = (a.scope ?? '').split(/[\s,]+/).filter(Boolean);
  if (scopes.length === 0) throw new Failure('--scope is required');
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new Failure(`unknown scope ${unknown.join(', ')}`);
  const key = a['key-file'] ? readFileSync(a['key-file'], 'utf8') : env.AUTH_JWT_PRIVATE_KEY?.trim() || env.AUTH_JWT_SECRET?.trim();
  if (!key) throw new Failure('no signing key: set AUTH_JWT_SECRET (HS256), or AUTH_JWT_PRIVATE_KEY / --key-file with the PEM private key of AUTH_JWT_PUBLIC_KEY');
  try {
    return await signToken(key, { sub: a.sub, scope: scopes.join(' ') }, parseTtl(a.ttl ?? '1h'), {
      issuer: env.AUTH_JWT_ISSUER?.trim() || undefined,
      audience: env.AUTH_JWT_AUDIENCE?.trim() || undefined,
    });
  } catch (err) {
    if (err instanceof Failure) throw err;
    throw new Failure(`the signing key was refused: ${err instanceof Error ? err.message : String(err)}`);
  }
}

if (require.main === module) {
  mint(process.argv.slice(2), process.env).then(
    (token) => process.stdout.write(`${token}\n`),
    (err: unknown) => {
      if (!(err instanceof Failure)) throw err;
      process.stderr.write(`token: ${err.message}\n${USAGE}\n`);
      process.exit(2);
    },
  );
}
