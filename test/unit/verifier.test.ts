/**
 * The Verifier with keys from a JWKS: which algorithms and keys it takes, how often it fetches the
 * key set, how long a remembered token lives after its key is gone, and what an outage looks like.
 * A small node:http server in this process publishes the JWKS and counts its fetches.
 */
import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { DependencyUnavailableError, UnauthenticatedError } from '../../src/domain/errors';
import { scopesOf, Verifier } from '../../src/http/jwt/verifier';
import { craft, hmac, now } from '../fixtures/crafted-jwt';
import { eventually } from '../fixtures/eventually';

type Alg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

/** Key is a key pair with the public half as the JWKS publishes it. */
interface Key {
  kid: string;
  alg: Alg;
  privateKey: KeyObject;
  jwk: JsonWebKey;
}

function key(alg: Alg, kid: string): Key {
  const pair =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) : alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg, privateKey: pair.privateKey, jwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

const sign = (k: Key, claims: Record<string, unknown> = { sub: 'app', scope: 'check' }) =>
  new SignJWT(claims).setProtectedHeader({ alg: k.alg, kid: k.kid }).setExpirationTime('10m').sign(k.privateKey);

/** jwksServer publishes `keys` at /jwks (or answers `status`), and counts the fetches. */
async function jwksServer() {
  const state = { keys: [] as Key[], status: 200, fetches: 0, issuer: undefined as string | undefined };
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ issuer: state.issuer ?? url, jwks_uri: `${url}/jwks` }));
    }
    state.fetches++;
    res.statusCode = state.status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { state, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** logSink records what the key source logs. */
const logSink = () => {
  const lines: { level: 'warn' | 'info'; obj: object; msg: string }[] = [];
  return { lines, warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }), info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }) };
};

describe('scopesOf', () => {
  it('reads scope space separated, ignoring extra spaces', () => {
    expect([...scopesOf({ scope: 'check  read ' })]).toEqual(['check', 'read']);
  });

  it('reads scp as an array or as a space-separated string', () => {
    expect([...scopesOf({ scp: ['check', 'audit'] })]).toEqual(['check', 'audit']);
    expect([...scopesOf({ scp: 'check audit' })]).toEqual(['check', 'audit']);
  });

  it('takes scope over scp when a token has both, and nothing from claims of another shape', () => {
    expect([...scopesOf({ scope: 'read', scp: ['admin'] })]).toEqual(['read']);
    expect([...scopesOf({ scp: ['check', 7, null, ''] })]).toEqual(['check']);
    expect([...scopesOf({ scope: ['admin'] as unknown as string })]).toEqual(['admin']);
    expect([...scopesOf({ scope: { admin: true } as unknown as string })]).toEqual([]);
    expect([...scopesOf({})]).toEqual([]);
  });
});

describe('a Verifier with a JWKS', () => {
  let jwks: Awaited<ReturnType<typeof jwksServer>>;
  beforeEach(async () => {
    jwks = await jwksServer();
  });
  afterEach(async () => {
    await jwks.close();
  });

  it('takes RS256, PS256, ES256 and EdDSA keys, each chosen by the kid', async () => {
    const keys = [key('RS256', 'rs'), key('PS256', 'ps'), key('ES256', 'es'), key('EdDSA', 'ed')];
    jwks.state.keys = keys;
    const verifier = new Verifier({ jwksUrl: `${jwks.url}/jwks` });
    for (const k of keys) expect((await verifier.verify(await sign(k, { sub: `app-${k.kid}`, scp: ['check'] }))).sub).toBe(`app-${k.kid}`);
    // A key published under another kid does not verify a token naming this one.
    const swapped = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256', kid: 'rs' }).sign(keys[2].privateKey);
    await expect(verifier.verify(swapped)).rejects.toThrow(UnauthenticatedError);
  });

  it('never takes HS256 or alg none, whatever the JWKS holds', async () => {
    const rs = key('RS256', 'rs');
    jwks.state.keys = [rs];
    const verifier = new Verifier({ jwksUrl: `${jwks.url}/jwks` });
    const claims = { sub: 'x', scope: 'admin', exp: now() + 600 };
    await expect(verifier.verify(craft({ alg: 'HS256', kid: 'rs' }, claims, hmac(JSON.stringify(rs.jwk))))).rejects.toThrow(/algorithm/);
    await expect(verifier.verify(craft({ alg: 'none', kid: 'rs' }, claims, () => ''))).rejects.toThrow(/algorithm/);
    expect(jwks.state.fetches).toBe(0);
  });

  it('fetches the key set again for an unknown kid at most once per cooldown', async () => {
    const known = key('ES256', 'known');
    jwks.state.keys = [known];
    const verifier = new Verifier({ jwksUrl: `${jwks.url}/jwks` });
    await verifier.verify(await sign(known));
    expect(jwks.state.fetches).toBe(1);
    for (let i = 0; i < 5; i++) await expect(verifier.verify(await sign(key('ES256', `unknown-${i}`)))).rejects.toThrow(/kid/);
    // The default cooldown is 30 s: none of the five unknown kids fetched.
    expect(jwks.state.fetches).toBe(1);

    const eager = new Verifier({ jwksUrl: `${jwks.url}/jwks`, jwksCooldownMs: 0 });
    await eager.verify(await sign(known));
    await expect(eager.verify(await sign(key('ES256', 'unknown')))).rejects.toThrow(/kid/);
    expect(jwks.state.fetches).toBe(3);
  });

  it('remembers a verified token only while its key set is fresh, and refuses it once its key is gone', async () => {
    const k = key('ES256', 'k');
    jwks.state.keys = [k];
    const verifier = new Verifier({ jwksUrl: `${jwks.url}/jwks`, jwksMaxAgeMs: 300 });
    const token = await sign(k);
    await verifier.verify(token);
    // The first verify fetched the keys meanwhile, so the token is remembered from its second verify on.
    await verifier.verify(token);
    expect(verifier.remembered(token)?.sub).toBe('app');
    jwks.state.keys = [key('ES256', 'next')];
    await eventually('the key set is stale', () => verifier.remembered(token) === undefined, 5000);
    await expect(verifier.verify(token)).rejects.toThrow(/kid/);
  });

  it('answers 503 auth_keys_unavailable while the keys cannot be fetched, logs it once, and verifies again when they can', async () => {
    const k = key('RS256', 'k');
    jwks.state.keys = [k];
    jwks.state.status = 500;
    const log = logSink();
    const verifier = new Verifier({ jwksUrl: `${jwks.url}/jwks` }, log);
    const token = await sign(k);
    for (let i = 0; i < 5; i++) {
      const err = await verifier.verify(token).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DependencyUnavailableError);
      expect(err).toMatchObject({ status: 503, code: 'auth_keys_unavailable' });
    }
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ level: 'warn', obj: { reason: expect.stringContaining('HTTP 500') } });
    // Right after a failure the provider is not asked again for every token...
    expect(jwks.state.fetches).toBe(1);
    // ...but again a moment later, and a second failure of the same outage is not logged again.
    await eventually('the provider is asked again', async () => (await verifier.verify(token).catch(() => undefined), jwks.state.fetches >= 2), 5000, 100);
    expect(log.lines).toHaveLength(1);

    jwks.state.status = 200;
    await eventually('the token verifies', async () => (await verifier.verify(token)).sub === 'app', 5000, 100);
    expect(log.lines.map((l) => l.level)).toEqual(['warn', 'info']);
  });

  it('finds the JWKS through the discovery document, and takes none from one that names another issuer', async () => {
    const k = key('EdDSA', 'k');
    jwks.state.keys = [k];
    const discovered = new Verifier({ oidcIssuer: jwks.url, issuer: jwks.url });
    expect((await discovered.verify(await sign(k, { sub: 'app', iss: jwks.url }))).sub).toBe('app');
    await expect(discovered.verify(await sign(k, { sub: 'app', iss: 'https://issuer.example' }))).rejects.toThrow(/another issuer/);

    jwks.state.issuer = 'https://issuer.example';
    const log = logSink();
    const mismatched = new Verifier({ oidcIssuer: jwks.url, issuer: jwks.url }, log);
    await expect(mismatched.verify(await sign(k, { sub: 'app', iss: jwks.url }))).rejects.toMatchObject({ code: 'auth_keys_unavailable' });
    expect(log.lines[0].obj).toEqual({ reason: expect.stringMatching(/names the issuer "https:\/\/issuer\.example", not AUTH_OIDC_ISSUER/) });
  });
});
