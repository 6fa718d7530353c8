/**
 * Callers do only what their scopes allow: a matrix of every listed operation (the openapi test
 * proves the list is every mounted route) against a token of each single scope.
 */
import { ALL_OPERATIONS as OPERATIONS } from '../../src/http/surfaces';
import type { Operation } from '../../src/http/operation';
import { SCOPES, type Scope } from '../../src/http/auth';
import { startTestService, uid, type TestService } from '../fixtures/harness';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

const CHECK_PATHS = ['/v1/check', '/v1/check/batch', '/v1/list-objects', '/v1/list-users'];
const AUDIT_PATHS = ['/v1/access-paths', '/v1/what-if', '/v1/changes'];
/** ADMIN_PATHS are calls the contract gives admin by name: closing a month is finance's, not any writer's. */
const ADMIN_PATHS = ['/v1/commission/months/:month/close'];

/** contractScope is the contract's rule: check and audit calls by name, operator calls admin, other reads read, other writes write; AuthZEN's calls check. */
function contractScope(op: Operation): Scope | 'any' | null {
  if (op.path.startsWith('/access/v1/')) return 'check';
  if (op.path === '/stores' || op.path.startsWith('/stores/')) return openFgaScope(op);
  if (!op.path.startsWith('/v1/')) return null;
  // Who am I: any valid token may ask what it may do.
  if (op.path === '/v1/me') return 'any';
  if (op.path.startsWith('/v1/admin/') || ADMIN_PATHS.includes(op.path)) return 'admin';
  if (CHECK_PATHS.includes(op.path)) return 'check';
  if (AUDIT_PATHS.includes(op.path)) return 'audit';
  return op.method === 'get' ? 'read' : 'write';
}

/** openFgaScope is the contract's rule for the OpenFGA-compatible API: checks and lists check, read and the models read, changes audit, writes write. */
function openFgaScope(op: Operation): Scope {
  const last = op.path.split('/').at(-1) ?? '';
  if (['check', 'batch-check', 'list-objects', 'list-users', 'expand'].includes(last)) return 'check';
  if (last === 'changes') return 'audit';
  if (last === 'read') return 'read';
  // Stores and models are read only: writing them needs write before it is refused.
  return op.method === 'get' ? 'read' : 'write';
}

function call(op: Operation, token: string | null) {
  const path = op.path.replace(/:[A-Za-z0-9_]+/g, () => uid('scope'));
  const hasBody = op.method === 'post' || op.method === 'put' || op.method === 'patch';
  return svc.request(op.method.toUpperCase(), path, { body: hasBody ? '{}' : undefined, token });
}

const guarded = OPERATIONS.filter((op) => op.scope !== null && op.scope !== 'any');

describe('the scope of each operation', () => {
  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s needs the scope the contract gives it', (_name, op) => {
    expect(op.scope).toBe(contractScope(op));
  });
});

/** REFUSED are writes of stores and models on the OpenFGA-compatible API: with the scope they need, they are refused as such. */
const REFUSED = ['POST /stores', 'DELETE /stores/:store_id', 'POST /stores/:store_id/authorization-models'];
const refused = (op: Operation) => REFUSED.includes(`${op.method.toUpperCase()} ${op.path}`);
/** errorOf reads an error in its surface's shape: {error: {code, message}} on /v1 and AuthZEN, {code, message} on the OpenFGA-compatible API. */
const errorOf = (body: any): { code: string; message: string } => body.error ?? body;
/** scopeCode is the code a too-small scope gets: OpenFGA's SDKs know forbidden. */
const scopeCode = (op: Operation) => (op.path.startsWith('/stores') ? 'forbidden' : 'insufficient_scope');
/** answered says the call got past its scope: not 401 or 403 (a refused write of a store or model says why), no 5xx. */
async function expectAnswered(op: Operation, res: { status: number; body: any }) {
  expect(res.status).toBeLessThan(500);
  if (refused(op)) {
    // The matrix's ids are not ULIDs, so a store id in the path is a 400 before the refusal.
    expect([400, 403]).toContain(res.status);
    if (res.status === 403) expect(errorOf(res.body).message).toContain('is refused here');
  } else {
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
  }
}

describe.each(guarded.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', (_name, op) => {
  it.each(SCOPES.map((s) => [s]))('with only the %s scope', async (scope) => {
    const res = await call(op, await svc.token(scope, `scope-${scope}`));
    if (scope === op.scope || scope === 'admin') {
      await expectAnswered(op, res);
    } else {
      expect(res.status).toBe(403);
      expect(errorOf(res.body).code).toBe(scopeCode(op));
      expect(errorOf(res.body).message).toContain(`needs the ${op.scope} scope`);
      expect(res.headers.get('www-authenticate')).toContain(`scope="${op.scope}"`);
    }
  });

  it('is refused to a token without a scope claim, and answered to a token holding it among others', async () => {
    expect((await call(op, await svc.token('', 'no-scope'))).status).toBe(403);
    const others = SCOPES.filter((s) => s !== op.scope && s !== 'admin');
    await expectAnswered(op, await call(op, await svc.token(`${others.join(' ')} ${op.scope}`, 'many-scopes')));
    const other = await call(op, await svc.token(others.join(' '), 'other-scopes'));
    expect([other.status, errorOf(other.body).code]).toEqual([403, scopeCode(op)]);
  });

  it('is refused without a token before anything else', async () => {
    const res = await call(op, null);
    expect(res.status).toBe(401);
  });
});

describe('the operations any valid token may call', () => {
  it.each(OPERATIONS.filter((op) => op.scope === 'any').map((op) => [op.path]))('%s answers every scope and none, but not a missing token', async (path) => {
    for (const scope of [...SCOPES, '']) expect((await svc.get(path, await svc.token(scope, `scope-${scope || 'none'}`))).status).toBe(200);
    expect((await svc.get(path, null)).status).toBe(401);
  });
});

describe('the public endpoints', () => {
  it.each(OPERATIONS.filter((op) => op.scope === null).map((op) => [op.path]))('%s answers without a token', async (path) => {
    const res = await svc.get(path, null);
    expect(res.status).toBe(200);
  });
});
