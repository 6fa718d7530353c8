/**
 * Callers prove who they are: every kind of bad token is a 401 with WWW-Authenticate, algorithms
 * are pinned to the configured key, and a weak secret stops the boot. Against the real service.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { signToken } from '../../src/http/auth';
import { b64, craft, hmac, now } from '../fixtures/crafted-jwt';
import { startTestService, TEST_SECRET, uid, type TestService } from '../fixtures/harness';

const claims = (extra: object = {}) => ({ sub: 'auth-test', scope: 'admin', iat: now(), exp: now() + 600, ...extra });

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (k: KeyObject, kind: 'spki' | 'pkcs8') => k.export({ type: kind, format: 'pem' }).toString();
const rsaPublicPem = pem(rsa.publicKey, 'spki');

const question = () => ({ user: `user:${uid('auth')}`, relation: 'can_view', object: `organization:${uid('auth')}` });

async function expectRefused(svc: TestService, token: string | null, why: RegExp, headers: Record<string, string> = {}) {
  const res = await svc.request('POST', '/v1/check', { body: JSON.stringify(question()), token, headers });
  expect(res.status).toBe(401);
  expect(res.body.error.code).toBe('unauthenticated');
  expect(res.body.error.message).toMatch(why);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="partnergraph"/);
}

describe('a service configured with an HS256 secret', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('answers a request with a valid token', async () => {
    const res = await svc.post('/v1/check', question(), svc.token('check'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ allowed: false });
  });

  it('refuses a request without an Authorization header', async () => {
    await expectRefused(svc, null, /Authorization: Bearer/);
  });

  it('refuses other schemes and an empty bearer', async () => {
    await expectRefused(svc, null, /Authorization: Bearer/, { authorization: `Basic ${b64('admin:admin')}` });
    await expectRefused(svc, null, /Authorization: Bearer/, { authorization: 'Bearer ' });
  });

  it('refuses alg none, however it is spelled', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      await expectRefused(svc, craft({ alg, typ: 'JWT' }, claims(), () => ''), /malformed|algorithm|signature/);
    }
  });

  it('refuses a token signed with another secret', async () => {
    await expectRefused(svc, await signToken('another-secret-of-enough-length-000000', { sub: 'x', scope: 'admin' }, 600), /signature does not verify/);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [h, , s] = (await svc.token('check')).split('.');
    await expectRefused(svc, `${h}.${b64(claims())}.${s}`, /signature does not verify/);
  });

  it('refuses an RS256 token even when its signature is valid for its own key', async () => {
    const token = craft({ alg: 'RS256', typ: 'JWT' }, claims(), (input) => cryptoSign('sha256', Buffer.from(input), rsa.privateKey));
    await expectRefused(svc, token, /algorithm/);
  });

  it('refuses an expired token', async () => {
    await expectRefused(svc, craft({ alg: 'HS256', typ: 'JWT' }, claims({ iat: now() - 7200, exp: now() - 3600 }), hmac(TEST_SECRET)), /expired/);
  });

  it('refuses a token that is not valid yet', async () => {
    await expectRefused(svc, craft({ alg: 'HS256', typ: 'JWT' }, claims({ nbf: now() + 3600 }), hmac(TEST_SECRET)), /not valid yet/);
  });

  it('refuses a token without a sub', async () => {
    await expectRefused(svc, craft({ alg: 'HS256', typ: 'JWT' }, { scope: 'admin', exp: now() + 600 }, hmac(TEST_SECRET)), /sub/);
  });

  it('refuses garbage', async () => {
    for (const token of ['garbage', 'a.b.c', `${b64('{')}.${b64('{}')}.x`, 'x'.repeat(4000)]) {
      await expectRefused(svc, token, /malformed|verif/);
    }
  });

  it('refuses a token with characters outside base64url', async () => {
    await expectRefused(svc, null, /Authorization: Bearer/, { authorization: `Bearer ${await svc.token()}'` });
  });
});

describe('a service configured with an RS256 public key, an issuer and an audience', () => {
  let svc: TestService;
  const opts = { issuer: 'https://issuer.example', audience: 'partnergraph' };
  beforeAll(async () => {
    svc = await startTestService({ AUTH_JWT_SECRET: '', AUTH_JWT_PUBLIC_KEY: rsaPublicPem, AUTH_JWT_ISSUER: opts.issuer, AUTH_JWT_AUDIENCE: opts.audience });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('answers a token signed with the private key', async () => {
    const token = await signToken(pem(rsa.privateKey, 'pkcs8'), { sub: 'rs-app', scope: 'check' }, 600, opts);
    const res = await svc.post('/v1/check', question(), token);
    expect(res.status).toBe(200);
  });

  it('refuses an HS256 token made with the public key as the HMAC secret (algorithm confusion)', async () => {
    const token = craft({ alg: 'HS256', typ: 'JWT' }, claims({ iss: opts.issuer, aud: opts.audience }), hmac(rsaPublicPem));
    await expectRefused(svc, token, /algorithm/);
  });

  it('refuses the test secret and the harness tokens', async () => {
    await expectRefused(svc, await svc.token('admin'), /algorithm/);
  });

  it('refuses a token from another issuer', async () => {
    const token = await signToken(pem(rsa.privateKey, 'pkcs8'), { sub: 'rs-app', scope: 'check' }, 600, { ...opts, issuer: 'https://evil.example' });
    await expectRefused(svc, token, /issuer/);
  });

  it('refuses a token for another audience', async () => {
    const token = await signToken(pem(rsa.privateKey, 'pkcs8'), { sub: 'rs-app', scope: 'check' }, 600, { ...opts, audience: 'someone-else' });
    await expectRefused(svc, token, /audience/);
  });

  it('refuses a token signed by another RSA key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectRefused(svc, await signToken(pem(other.privateKey, 'pkcs8'), { sub: 'x', scope: 'admin' }, 600, opts), /signature/);
  });
});

describe('a service configured with an ES256 public key', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ AUTH_JWT_SECRET: '', AUTH_JWT_PUBLIC_KEY: pem(ec.publicKey, 'spki') });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('answers a token signed with the private key', async () => {
    const res = await svc.post('/v1/check', question(), await signToken(pem(ec.privateKey, 'pkcs8'), { sub: 'es-app', scope: 'check' }, 600));
    expect(res.status).toBe(200);
  });

  it('refuses an RS256 token and an HS256 token made with the public key', async () => {
    await expectRefused(svc, await signToken(pem(rsa.privateKey, 'pkcs8'), { sub: 'x', scope: 'admin' }, 600), /algorithm/);
    await expectRefused(svc, craft({ alg: 'HS256', typ: 'JWT' }, claims(), hmac(pem(ec.publicKey, 'spki'))), /algorithm/);
  });
});

describe('configuration', () => {
  const base = { NEO4J_URI: 'bolt://127.0.0.1:7687', OPENFGA_API_URL: 'http://127.0.0.1:8080' };

  it('refuses a secret under 32 bytes in production, naming the key and not the value', () => {
    const attempt = () => loadConfig({ ...base, NODE_ENV: 'production', AUTH_JWT_SECRET: 'short-secret-xyz' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/AUTH_JWT_SECRET: must be at least 32 bytes in production/);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret-xyz');
    }
  });

  it('accepts a 32-byte secret in production and a short one in development', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) }).AUTH_JWT_SECRET).toHaveLength(32);
    expect(loadConfig({ ...base, NODE_ENV: 'development', AUTH_JWT_SECRET: 'short' }).AUTH_JWT_SECRET).toBe('short');
  });

  it('refuses both a secret and a public key, and a public key it cannot pin', () => {
    expect(() => loadConfig({ ...base, AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_JWT_PUBLIC_KEY: rsaPublicPem })).toThrow(/set exactly one of .*, not AUTH_JWT_SECRET and AUTH_JWT_PUBLIC_KEY/);
    expect(() => loadConfig({ ...base, AUTH_JWT_PUBLIC_KEY: 'not a key' })).toThrow(/AUTH_JWT_PUBLIC_KEY: must be a PEM RSA or P-256 EC public key/);
    const ed = generateKeyPairSync('ed25519');
    expect(() => loadConfig({ ...base, AUTH_JWT_PUBLIC_KEY: pem(ed.publicKey, 'spki') })).toThrow(/AUTH_JWT_PUBLIC_KEY/);
  });

  it('stops the real boot with exit code 2 when production has a short secret', () => {
    const root = path.resolve(__dirname, '../..');
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...base, NODE_ENV: 'production', AUTH_JWT_SECRET: 'short-secret-xyz' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/AUTH_JWT_SECRET: must be at least 32 bytes/);
    expect(run.stderr + run.stdout).not.toContain('short-secret-xyz');
  });
});
