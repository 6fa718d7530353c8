/**
 * Export, then import into an empty Partnergraph (a private Neo4j and OpenFGA), through the
 * operators' commands `npm run export` and `npm run import`: the copy answers access-paths at
 * every moment of the history as the original does, and checks now as the original does.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';
import { startPrivateStack, type PrivateStack } from '../fixtures/private-stack';

jest.setTimeout(600_000);

let original: TestService;
let copy: TestService;
let stack: PrivateStack;
const dir = mkdtempSync(path.join(tmpdir(), 'partnergraph-round-trip-'));
const run = uid('rt');
const u = (n: string) => `user:${n}.${run}`;
const rs = (n: string) => `reseller:${n}.${run}`;
const org = (n: string) => `organization:${n}.${run}`;

beforeAll(async () => {
  [original, stack] = await Promise.all([startTestService(), startPrivateStack()]);
  copy = await startTestService(stack.env);
});
afterAll(async () => {
  await Promise.all([original?.stop(), copy?.stop()]);
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** bulk runs `npm run -s <command> -- args` against a service with a token of scope; resolves with its stdout and stderr. */
function bulk(svc: TestService, scope: string, command: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return svc.token(scope, 'round-trip').then((token) => new Promise((resolve, reject) => {
    execFile('npm', ['run', '-s', command, '--', ...args], { env: { ...process.env, PARTNERGRAPH_URL: svc.url, PARTNERGRAPH_TOKEN: token } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${command} failed: ${stderr}`)) : resolve({ stdout, stderr }));
  }));
}

async function write(writes: object[], deletes: object[] = []): Promise<string> {
  const res = await original.post('/v1/tuples', { writes, deletes });
  expect([200, 202]).toContain(res.status);
  await sleep(5);
  return new Date().toISOString();
}

it('gives the same answers for every moment of the history, and now, after export and import into an empty store', async () => {
  const imported = await original.request('POST', '/v1/tuples/import', {
    body: [
      { ...T(rs('old'), 'reseller', org('acme')), since: '2024-01-01T00:00:00Z', until: '2024-06-01T00:00:00Z' },
      { ...T(u('lena'), 'member', rs('old')), since: '2023-06-01T00:00:00Z' },
    ].map((l) => JSON.stringify(l)).join('\n'),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(imported.status).toBe(200);
  const moments = ['2023-12-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', '2024-07-01T00:00:00.000Z', new Date().toISOString()];
  moments.push(await write([T(u('lena'), 'member', rs('north')), T(rs('north'), 'reseller', org('acme')), T(u('olle'), 'owner', org('acme'))]));
  moments.push(await write([], [T(rs('north'), 'reseller', org('acme'))]));
  moments.push(await write([T(rs('north'), 'reseller', org('acme')), T(u('pia'), 'admin', org('acme'))], [T(u('olle'), 'owner', org('acme'))]));

  const all = path.join(dir, 'all.ndjson');
  const exported = await bulk(original, 'read', 'export', all, '--history');
  expect(JSON.parse(exported.stdout)).toMatchObject({ file: all, revision: expect.stringMatching(/^\d+$/) });
  expect(exported.stderr).toMatch(/export: \d+ tuples/);
  // The shared stack holds other files' tuples too: the copy gets this file's only.
  const mine = readFileSync(all, 'utf8').split('\n').filter((l) => l.includes(run));
  expect(mine).toHaveLength(2 + 3 + 2);
  const file = path.join(dir, 'mine.ndjson');
  writeFileSync(file, mine.join('\n') + '\n');
  const done = await bulk(copy, 'write', 'import', file);
  const copied = JSON.parse(done.stdout);
  expect(copied).toMatchObject({ written: 7, skipped: 0 });
  expect(done.stderr).toMatch(/import: 7 tuples/);

  const questions = [
    { user: u('lena'), relation: 'can_view', object: org('acme') },
    { user: u('olle'), relation: 'can_manage', object: org('acme') },
    { user: u('pia'), relation: 'can_view', object: org('acme') },
  ];
  const answer = async (svc: TestService, q: object, at?: string) => {
    const res = await svc.post('/v1/access-paths', { ...q, ...(at ? { at } : {}) });
    expect(res.status).toBe(200);
    return { allowed: res.body.allowed, paths: res.body.paths.map((p: { tuples: Array<Record<string, string>> }) => p.tuples.map(({ writtenBy: _, ...t }) => t)) };
  };
  let allowedSomewhere = 0;
  for (const q of questions) {
    for (const at of [...moments, undefined]) {
      const [a, b] = [await answer(original, q, at), await answer(copy, q, at)];
      expect({ q, at, ...b }).toEqual({ q, at, ...a });
      allowedSomewhere += a.allowed ? 1 : 0;
    }
    const check = async (svc: TestService, atLeast: string) => (await svc.post('/v1/check', { ...q, consistency: { atLeast } })).body;
    expect(await check(copy, copied.revision)).toEqual(await check(original, JSON.parse(exported.stdout).revision));
  }
  // The questions are not all refused everywhere, so equal answers say something.
  expect(allowedSomewhere).toBeGreaterThan(3);
});
