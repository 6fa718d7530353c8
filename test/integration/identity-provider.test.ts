/**
 * Keys from an identity provider: the real service takes client-credentials tokens from a real
 * OpenID provider (oidc-provider, in its own process) through AUTH_OIDC_ISSUER and AUTH_JWKS_URL,
 * follows the provider's key rotation without a restart, refuses what another provider signed,
 * and answers 503 auth_keys_unavailable while the provider is down.
 */
import { createPublicKey } from 'node:crypto';
import { craft, hmac, now } from '../fixtures/crafted-jwt';
import { eventually } from '../fixtures/eventually';
import { startTestService, uid, type TestService, type Token } from '../fixtures/harness';
import { RESOURCE, signingKey, startOidcProvider, type OidcProvider, type SigningKey } from '../fixtures/oidc';

const question = () => ({ user: `user:${uid('idp')}`, relation: 'can_view', object: `organization:${uid('idp')}` });
const check = (svc: TestService, token: Token) => svc.post('/v1/check', question(), token);
const write = (svc: TestService, token: Token) => svc.post('/v1/tuples', { writes: [{ user: `user:${uid('idp')}`, relation: 'member', object: `organization:${uid('idp')}` }] }, token);

async function expectRefused(svc: TestService, token: Token, why: RegExp) {
  const res = await check(svc, token);
  expect(res.status).toBe(401);
  expect(res.body.error.code).toBe('unauthenticated');
  expect(res.body.error.message).toMatch(why);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="partnergraph", error="invalid_token"/);
}

/** identityProviderEnv configures the service for one provider only: the harness's own secret is switched off. */
const identityProviderEnv = (env: Record<string, string>) => ({ AUTH_JWT_SECRET: '', AUTH_JWT_AUDIENCE: RESOURCE, ...env });

describe('a service configured with AUTH_OIDC_ISSUER', () => {
  const keyA = signingKey('RS256');
  const keyB = signingKey('RS256');
  let provider: OidcProvider;
  let svc: TestService;
  beforeAll(async () => {
    provider = await startOidcProvider([keyA]);
    // No cooldown here, so the rotation below needs no 30 s wait; the cooldown itself is shown in test/unit/verifier.test.ts.
    svc = await startTestService(identityProviderEnv({ AUTH_OIDC_ISSUER: provider.issuer, AUTH_JWKS_COOLDOWN_MS: '0' }));
  });
  afterAll(async () => {
    await svc?.stop();
    await provider?.stop();
  });

  it("answers the provider's tokens within their scopes", async () => {
    const token = await provider.token('check');
    expect((await check(svc, token)).status).toBe(200);
    const res = await write(svc, token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('insufficient_scope');
    expect([200, 202]).toContain((await write(svc, provider.token('write'))).status);
  });

  it('reads the scopes from scp, as an array and as a space-separated string', async () => {
    for (const client of ['app-scp-array', 'app-scp-string'] as const) {
      expect((await check(svc, provider.token('check read', client))).status).toBe(200);
      expect((await check(svc, provider.token('read', client))).status).toBe(403);
    }
  });

  it('refuses the harness tokens, and HS256 tokens keyed with the public key material of the JWKS', async () => {
    await expectRefused(svc, svc.token('admin'), /algorithm/);
    const jwk = ((await (await fetch(provider.jwksUri)).json()) as { keys: SigningKey[] }).keys[0];
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const claims = { sub: 'confused', scope: 'admin', iss: provider.issuer, aud: RESOURCE, iat: now(), exp: now() + 600 };
    for (const secret of [JSON.stringify(jwk), jwk.n!, pem]) {
      await expectRefused(svc, craft({ alg: 'HS256', typ: 'JWT', kid: jwk.kid }, claims, hmac(secret)), /algorithm/);
    }
  });

  it("follows the provider's key rotation without a restart, and refuses a dropped key's tokens once the keys are fetched again", async () => {
    const oldToken = await provider.token('check');
    expect((await check(svc, oldToken)).status).toBe(200);

    // The provider signs with B and still publishes A.
    await provider.stop();
    provider = await startOidcProvider([keyB, keyA], provider.port);
    const newToken = await provider.token('check');
    expect((await check(svc, newToken)).status).toBe(200);
    expect((await check(svc, oldToken)).status).toBe(200);

    // The provider drops A. Until Partnergraph fetches the keys again it still knows A.
    await provider.stop();
    provider = await startOidcProvider([keyB], provider.port);
    expect((await check(svc, oldToken)).status).toBe(200);
    // A token with a kid Partnergraph does not know makes it fetch the keys again...
    const stranger = await startOidcProvider([signingKey('RS256')]);
    try {
      await expectRefused(svc, stranger.token('check'), /kid/);
    } finally {
      await stranger.stop();
    }
    // ...and from then on A's tokens are refused, B's still answered.
    await expectRefused(svc, oldToken, /kid/);
    expect((await check(svc, newToken)).status).toBe(200);
  });
});

describe('a service configured with AUTH_JWKS_URL', () => {
  const key = signingKey('ES256');
  let provider: OidcProvider;
  let svc: TestService;
  beforeAll(async () => {
    provider = await startOidcProvider([key]);
    svc = await startTestService(identityProviderEnv({ AUTH_JWKS_URL: provider.jwksUri }));
  });
  afterAll(async () => {
    await svc?.stop();
    await provider?.stop();
  });

  it("answers the provider's tokens", async () => {
    expect((await check(svc, provider.token('check'))).status).toBe(200);
  });

  it('refuses a token signed by another provider, even under the same kid', async () => {
    const impostor = await startOidcProvider([signingKey('ES256', key.kid)]);
    try {
      await expectRefused(svc, impostor.token('check'), /signature does not verify/);
    } finally {
      await impostor.stop();
    }
  });
});

describe('a service whose identity provider is down', () => {
  const key = signingKey('RS256');
  let port: number;
  let token: string;
  let svc: TestService;
  const log: { msg?: string; reason?: string }[] = [];
  beforeAll(async () => {
    const provider = await startOidcProvider([key]);
    port = provider.port;
    token = await provider.token('check');
    await provider.stop();
    svc = await startTestService(identityProviderEnv({ AUTH_OIDC_ISSUER: `http://127.0.0.1:${port}` }), log);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('boots, answers 503 auth_keys_unavailable with Retry-After to a token, and verifies tokens once the provider is back', async () => {
    const res = await check(svc, token);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('auth_keys_unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.body.error.message).not.toContain(String(port));
    // No token is still a 401: nothing needs the keys to say so.
    expect((await check(svc, null)).status).toBe(401);
    // Every token meanwhile is a 503; the log says why once for the outage, not once a request.
    for (let i = 0; i < 5; i++) expect((await check(svc, token)).status).toBe(503);
    const why = log.filter((l) => l.reason !== undefined);
    expect(why).toHaveLength(1);
    expect(why[0].msg).toMatch(/identity provider keys cannot be fetched/);
    expect(why[0].reason).toMatch(/ECONNREFUSED/);
    expect(log.filter((l) => /auth_keys_unavailable|signing keys/.test(JSON.stringify(l)) && l !== why[0])).toEqual([]);

    const provider = await startOidcProvider([key], port);
    try {
      await eventually('the token verifies with the provider back', async () => (await check(svc, token)).status === 200, 30_000, 200);
    } finally {
      await provider.stop();
    }
  });

  it('boots with a JWKS URL that answers 404, and answers 503 auth_keys_unavailable', async () => {
    const provider = await startOidcProvider([key]);
    const badUrl = await startTestService(identityProviderEnv({ AUTH_JWKS_URL: `${provider.issuer}/no-such-jwks` }));
    try {
      const res = await check(badUrl, provider.token('check'));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('auth_keys_unavailable');
    } finally {
      await badUrl.stop();
      await provider.stop();
    }
  });
});
