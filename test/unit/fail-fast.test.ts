/**
 * Outside development the service never starts a local stack or makes a key of its own: a
 * missing store or key stops the boot at once with status 2, naming every missing key.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const root = path.resolve(__dirname, '../..');

describe('configuration outside development', () => {
  it('names every missing store and key in production, and nothing in development', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/NEO4J_URI: required when NODE_ENV=production/);
    expect(attempt).toThrow(/OPENFGA_API_URL: required when NODE_ENV=production/);
    expect(attempt).toThrow(/AUTH_JWT_SECRET: production needs a token key/);
    expect(loadConfig({ NODE_ENV: 'development' }).NEO4J_URI).toBeUndefined();
  });

  it('holds tests to the same rule, so no test runs a stack by accident', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(32) })).toThrow(/NEO4J_URI: required when NODE_ENV=test/);
  });

  it('reads the server time-outs and the shutdown bounds, and refuses a drain longer than the grace', () => {
    const config = loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '7000', SHUTDOWN_GRACE_MS: '4000', SHUTDOWN_DRAIN_MS: '500' });
    expect([config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_RECEIVE_TIMEOUT_MS, config.HTTP_KEEP_ALIVE_TIMEOUT_MS]).toEqual([7000, 15000, 5000]);
    expect([config.SHUTDOWN_GRACE_MS, config.SHUTDOWN_DRAIN_MS]).toEqual([4000, 500]);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '1000', SHUTDOWN_DRAIN_MS: '2000' })).toThrow(/SHUTDOWN_DRAIN_MS: must not be longer than SHUTDOWN_GRACE_MS/);
  });
});

describe('the real boot in production', () => {
  it('exits with status 2 naming every missing key, having started nothing', async () => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    for (const key of ['NEO4J_URI', 'OPENFGA_API_URL', 'AUTH_JWT_SECRET']) expect(out).toContain(key);
    expect(out).not.toMatch(/\[start\]|\[stack\]|listening/);
  });
});
