/** Where token keys come from is configured once and unambiguously: exactly one source, TLS to a provider in production. */
import { ConfigError, loadConfig } from '../../src/config';

const base = { NEO4J_URI: 'bolt://127.0.0.1:7687', OPENFGA_API_URL: 'http://127.0.0.1:8080' };
const secret = 'x'.repeat(32);

/** refusal is the boot's message for env, or fails the test when the boot would go on. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('the token key settings', () => {
  it('take a JWKS URL or an OpenID issuer, with the 30 s cooldown and 10 min max age by default', () => {
    const jwks = loadConfig({ ...base, AUTH_JWKS_URL: 'https://idp.example/jwks.json' });
    expect(jwks).toMatchObject({ AUTH_JWKS_URL: 'https://idp.example/jwks.json', AUTH_JWKS_COOLDOWN_MS: 30_000, AUTH_JWKS_MAX_AGE_MS: 600_000 });
    expect(loadConfig({ ...base, NODE_ENV: 'production', AUTH_OIDC_ISSUER: 'https://idp.example' }).AUTH_OIDC_ISSUER).toBe('https://idp.example');
  });

  it('refuse several sources, naming the ones set and never their values', () => {
    const message = refusal({ AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_OIDC_ISSUER: 'https://idp.example' });
    expect(message).toMatch(/set exactly one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY, AUTH_JWKS_URL, AUTH_OIDC_ISSUER, not AUTH_JWT_SECRET and AUTH_JWKS_URL and AUTH_OIDC_ISSUER/);
    expect(message).not.toContain(secret);
  });

  it('refuse none in production, naming all four, and let development run on its dev secret', () => {
    expect(refusal({ NODE_ENV: 'production' })).toMatch(/production needs a token key: set exactly one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY, AUTH_JWKS_URL, AUTH_OIDC_ISSUER/);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).AUTH_JWT_SECRET).toBeUndefined();
  });

  it('refuse a provider without TLS in production, and anything that is not a URL', () => {
    expect(refusal({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://idp.example/jwks' })).toMatch(/AUTH_JWKS_URL: must be an https:\/\/ URL in production/);
    expect(refusal({ NODE_ENV: 'production', AUTH_OIDC_ISSUER: 'http://idp.example' })).toMatch(/AUTH_OIDC_ISSUER: must be an https:\/\/ URL in production/);
    expect(loadConfig({ ...base, NODE_ENV: 'test', AUTH_JWKS_URL: 'http://127.0.0.1:9000/jwks' }).AUTH_JWKS_URL).toBe('http://127.0.0.1:9000/jwks');
    expect(refusal({ AUTH_JWKS_URL: 'not a url' })).toMatch(/AUTH_JWKS_URL/);
  });

  it('refuse an AUTH_JWT_ISSUER that contradicts AUTH_OIDC_ISSUER', () => {
    expect(refusal({ AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_JWT_ISSUER: 'https://other.example' })).toMatch(/AUTH_JWT_ISSUER: must equal AUTH_OIDC_ISSUER/);
    expect(loadConfig({ ...base, AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_JWT_ISSUER: 'https://idp.example' }).AUTH_JWT_ISSUER).toBe('https://idp.example');
  });
});
