/**
 * The production artefact: `npm run build` compiles src to dist/, and `node dist/main.js` (no tsx)
 * serves in production on the machine's Node 20 and on Node 24 LTS, then stops cleanly on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { signToken } from '../../src/http/auth';
import { TEST_SECRET, T, uid } from '../fixtures/harness';
import { ensureNode24 } from '../fixtures/node24';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');
let token: string;

beforeAll(async () => {
  token = await signToken(TEST_SECRET, { sub: 'build-test', scope: 'admin' }, 600);
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
});

it.each([
  ['Node 20 (this machine)', () => process.execPath],
  ['Node 24 LTS', ensureNode24],
])('runs dist/main.js on %s in production: ready, a write then its check, exit 0 on SIGTERM', async (_name, node) => {
  expect(existsSync(path.join(root, 'dist/main.js'))).toBe(true);
  const child = spawn(node(), ['dist/main.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'info', AUTH_JWT_SECRET: TEST_SECRET,
      NEO4J_URI: process.env.TEST_NEO4J_URI!, OPENFGA_API_URL: process.env.TEST_OPENFGA_API_URL!, SHUTDOWN_DRAIN_MS: '0',
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /"port":(\d+).*partnergraph listening/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      void exited.then((code) => reject(new Error(`dist/main.js exited (${code}): ${out.slice(-2000)}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const call = (p: string, body?: unknown) => fetch(base + p, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect((await call('/readyz')).status).toBe(200);
    const t = T(`user:${uid('built')}`, 'owner', `organization:${uid('built')}`);
    // 202 when the shared stack's relay lags behind other suites' writes: the check then waits for the revision.
    const wrote = await call('/v1/tuples', { writes: [t] });
    expect([200, 202]).toContain(wrote.status);
    const { revision } = (await wrote.json()) as { revision: string };
    expect(await (await call('/v1/check', { ...t, relation: 'can_manage', consistency: { atLeast: revision } })).json()).toEqual({ allowed: true });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
});
