/**
 * The OpenFGA-compatible surface through the official Python SDK (openfga-sdk from PyPI, pinned,
 * installed into .local/ on first use): test/fixtures/openfga_python_scenario.py runs a scenario
 * through examples/openfga_sdk_example.py's client (URL, store id and bearer token only) and
 * prints every answer; each is compared here with what /v1 answers on the same data.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensurePythonSdk } from '../fixtures/python-sdk';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
let python: string;
const run = uid('py');
const [anna, bo, erik, gun, ivar] = ['anna', 'bo', 'erik', 'gun', 'ivar'].map((n) => `user:${n}-${run}`);
const [acme, kund, other] = ['acme', 'kund', 'other'].map((n) => `organization:${n}-${run}`);
const [byra, dist] = ['byra', 'dist'].map((n) => `reseller:${n}-${run}`);
const TUPLES = [T(anna, 'owner', acme), T(bo, 'member', acme), T(byra, 'reseller', kund), T(erik, 'admin', byra), T(gun, 'member', byra), T(dist, 'parent', byra), T(ivar, 'admin', dist)];
const LINK = T(dist, 'reseller', other);

beforeAll(async () => {
  python = ensurePythonSdk((line) => process.stderr.write(`${line}\n`));
  svc = await startTestService();
}, 300_000);
afterAll(async () => {
  await svc?.post('/v1/tuples', { deletes: [...TUPLES, LINK] });
  await svc?.stop();
});

/** scenario runs the Python scenario once with what it should ask, and returns its answers. */
async function scenario(asked: object): Promise<any> {
  const script = path.resolve(__dirname, '../fixtures/openfga_python_scenario.py');
  // spawnSync would block the event loop the service in this process answers on: run it asynchronously.
  const { spawn } = await import('node:child_process');
  const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdin.end(JSON.stringify(asked));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`the Python scenario failed (${code}):\n${err}`);
  return JSON.parse(out);
}

async function v1All(pathname: string, body: Record<string, unknown>, field: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await svc.post(pathname, { ...body, cursor });
    out.push(...res.body[field]);
    cursor = res.body.cursor ?? undefined;
  } while (cursor);
  return out;
}

it('answers a scenario through the official Python SDK as /v1 answers it, and refuses bad input with its exception types', async () => {
  const relationsOf = (object: string) => svc.service.model.relationsOf(object.split(':')[0]);
  const questions = [anna, bo, erik, gun, ivar].flatMap((user) => [acme, kund, byra, dist].flatMap((object) => relationsOf(object).map((relation) => ({ user, relation, object }))));
  const listObjects = [anna, bo, erik, gun, ivar].map((user) => ({ user, relation: 'can_view', type: 'organization' }));
  const listUsers = [acme, kund, byra].map((object) => ({ object, relation: 'can_view', userType: 'user' }));
  const storeId = svc.service.engine.currentStoreId!;
  const answers = await scenario({
    url: svc.url,
    store: storeId,
    token: await svc.token('admin', 'python-app'),
    run,
    tuples: TUPLES,
    questions,
    contextual: { question: { user: gun, relation: 'can_view', object: other }, tuple: T(byra, 'reseller', other) },
    listObjects,
    listUsers,
    readObject: acme,
    changesType: 'reseller',
    expandObject: byra,
    link: [LINK.user, LINK.object, ivar],
  });

  expect(answers.stores).toEqual([storeId]);
  expect(answers.modelTypes).toEqual([...svc.service.model.types].sort());
  expect(answers.duplicate).toEqual(['ValidationException', 'write_failed_due_to_invalid_input']);
  const v1 = await Promise.all(questions.map(async (q) => (await svc.post('/v1/check', q)).body.allowed as boolean));
  expect(answers.checks).toEqual(v1);
  expect(answers.batch).toEqual(v1);
  expect(v1.filter(Boolean).length).toBeGreaterThan(5);
  expect(v1.filter((a) => !a).length).toBeGreaterThan(5);
  expect(answers.contextual).toBe(true);
  expect(answers.listObjects).toEqual(await Promise.all(listObjects.map((q) => v1All('/v1/list-objects', q, 'objects'))));
  expect(answers.listUsers).toEqual(await Promise.all(listUsers.map((q) => v1All('/v1/list-users', q, 'users'))));
  expect(answers.readPages).toEqual([[`${bo} member`], [`${anna} owner`]]);
  expect(answers.changes).toEqual([erik, gun, dist, ivar].map((u, i) => `TUPLE_OPERATION_WRITE ${u} ${['admin', 'member', 'parent', 'admin'][i]} ${i === 3 ? dist : byra}`));
  expect(answers.expandUsers).toEqual([gun]);
  expect(answers.linked).toBe(true);
  expect((await svc.post('/v1/check', { user: ivar, relation: 'can_manage', object: other })).body.allowed).toBe(true);
  expect(answers.badRelation).toEqual(['ValidationException', 'validation_error']);
  expect(answers.unknownStore).toEqual(['NotFoundException', 'store_id_not_found']);
  expect(answers.badStoreId[0]).toBe('FgaValidationException');
  expect(answers.writeModel).toEqual(['ForbiddenException', 'forbidden']);
  expect(answers.badToken).toEqual(['UnauthorizedException', 'unauthenticated']);
}, 300_000);

it('installs the SDK once: a second look finds it without downloading', () => {
  const lines: string[] = [];
  expect(ensurePythonSdk((line) => lines.push(line))).toBe(python);
  expect(lines).toEqual([]);
  expect(spawnSync(python, ['-c', 'import openfga_sdk; print(openfga_sdk.__version__)']).stdout.toString().trim()).toBe('0.10.5');
});
