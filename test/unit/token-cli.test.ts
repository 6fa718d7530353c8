/** `npm run token`: mints verifiable tokens with the configured key and refuses without one. */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { mint, parseTtl } from '../../src/cli/token';
import { Verifier } from '../../src/http/auth';

const SECRET = 'token-cli-test-secret-0123456789abcdef';

describe('the token command', () => {
  it('mints an HS256 token the service verifies, with the sub and scopes asked for', async () => {
    const token = await mint(['--sub', 'app-1', '--scope', 'check read', '--ttl', '1h'], { AUTH_JWT_SECRET: SECRET });
    const caller = await new Verifier({ secret: SECRET }).verify(token);
    expect(caller.sub).toBe('app-1');
    expect([...caller.scopes]).toEqual(['check', 'read']);
  });

  it('signs with AUTH_JWT_PRIVATE_KEY for a service configured with the public key, issuer and audience', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const env = { AUTH_JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), AUTH_JWT_ISSUER: 'iss-1', AUTH_JWT_AUDIENCE: 'aud-1' };
    const token = await mint(['--sub', 'ops', '--scope', 'admin'], env);
    const verifier = new Verifier({ publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(), issuer: 'iss-1', audience: 'aud-1' });
    expect((await verifier.verify(token)).sub).toBe('ops');
  });

  it('refuses without a key, an unknown scope or a missing sub', async () => {
    await expect(mint(['--sub', 'a', '--scope', 'check'], {})).rejects.toThrow(/no signing key/);
    await expect(mint(['--sub', 'a', '--scope', 'root'], { AUTH_JWT_SECRET: SECRET })).rejects.toThrow(/unknown scope root/);
    await expect(mint(['--scope', 'check'], { AUTH_JWT_SECRET: SECRET })).rejects.toThrow(/--sub is required/);
  });

  it('reads durations in s, m, h and d, and refuses others', () => {
    expect([parseTtl('90s'), parseTtl('15m'), parseTtl('1h'), parseTtl('7d'), parseTtl('30')]).toEqual([90, 900, 3600, 604800, 30]);
    expect(() => parseTtl('1y')).toThrow(/--ttl/);
    expect(() => parseTtl('0s')).toThrow(/--ttl/);
  });

  it('prints only the token on stdout, and exits 2 with the usage without a key', () => {
    const root = path.resolve(__dirname, '../..');
    const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
    const out = execFileSync(process.execPath, [tsx, 'src/cli/token.ts', '--sub', 'app-1', '--scope', 'check'], { cwd: root, env: { PATH: process.env.PATH, AUTH_JWT_SECRET: SECRET }, encoding: 'utf8' });
    expect(out).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    const refused = spawnSync(process.execPath, [tsx, 'src/cli/token.ts', '--sub', 'app-1', '--scope', 'check'], { cwd: root, env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/no signing key/);
  });
});
