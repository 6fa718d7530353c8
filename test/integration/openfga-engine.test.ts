/**
 * The OpenFGA adapter against the real OpenFGA: it finds or creates its store by name, writes the
 * model only when the store's latest one means something else, applies changes idempotently, and
 * turns every failed call into the same domain error whichever call it was.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthzModel } from '../../src/domain/authz-model';
import { DependencyUnavailableError, DomainError } from '../../src/domain/errors';
import type { Tuple } from '../../src/domain/tuple';
import { freePort, startOpenFga, type OpenFgaProcess } from '../../src/stack';
import { canonicalDsl, findOrCreateStore, STORE_NAME } from '../../src/storage/openfga/bootstrap';
import { BATCH_CHECK_MAX } from '../../src/storage/openfga/check-batcher';
import { OpenFgaEngine, type OpenFgaSettings } from '../../src/storage/openfga/engine';
import { OpenFgaHttp } from '../../src/storage/openfga/http-client';
import { all } from '../contract/harness';
import { uid } from '../fixtures/harness';

const apiUrl = process.env.TEST_OPENFGA_API_URL!;
const model = AuthzModel.load();
const ask = { user: 'user:a', relation: 'can_view', object: 'organization:acme' };
const write = (tuple: Tuple) => ({ op: 'write' as const, tuple });

async function api(path: string, body?: unknown, base = apiUrl): Promise<any> {
  const res = await fetch(base + path, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return res.json();
}

async function modelCount(storeId: string): Promise<number> {
  return (await api(`/stores/${storeId}/authorization-models?page_size=50`)).authorization_models.length;
}

/** bootstrapped is an engine on a new store of its own, reached at url (the real OpenFGA or a proxy in front of it). */
async function bootstrapped(url = apiUrl, more: Partial<OpenFgaSettings> = {}): Promise<OpenFgaEngine> {
  const store = await api('/stores', { name: uid('engine-test') });
  const engine = new OpenFgaEngine({ apiUrl: url, storeId: store.id, timeoutMs: 10_000, model: model.json, ...more });
  await engine.bootstrap();
  return engine;
}

/** outcome says how a call ended: 'answered', the code of a domain error, or the message of a plain error (a 500). */
function outcome(call: Promise<unknown>): Promise<string> {
  return call.then(() => 'answered', (err: unknown) => (err instanceof DomainError ? err.code : `plain: ${(err as Error).message}`));
}

it('writes the model once, and not again when the store already has the same meaning', async () => {
  const store = await api('/stores', { name: uid('engine-test') });
  const first = new OpenFgaEngine({ apiUrl, storeId: store.id, timeoutMs: 10_000, model: model.json });
  await first.bootstrap();
  expect(await modelCount(store.id)).toBe(1);
  const second = new OpenFgaEngine({ apiUrl, storeId: store.id, timeoutMs: 10_000, model: model.json });
  await second.bootstrap();
  expect(await modelCount(store.id)).toBe(1);
});

it('writes a new model when the store has an older one that means something else', async () => {
  const store = await api('/stores', { name: uid('engine-test') });
  const older = AuthzModel.fromDsl('model\n  schema 1.1\n\ntype user\n\ntype organization\n  relations\n    define member: [user]\n');
  await api(`/stores/${store.id}/authorization-models`, older.json);
  await new OpenFgaEngine({ apiUrl, storeId: store.id, timeoutMs: 10_000, model: model.json }).bootstrap();
  const [latest] = (await api(`/stores/${store.id}/authorization-models?page_size=1`)).authorization_models;
  expect(canonicalDsl(latest)).toBe(canonicalDsl(model.json));
  expect(await modelCount(store.id)).toBe(2);
});

it('applies a duplicate write and a missing delete without error', async () => {
  const engine = await bootstrapped();
  const tuple = { user: 'user:anna', relation: 'member', object: 'organization:acme' };
  await engine.apply([{ op: 'write', tuple }]);
  await engine.apply([{ op: 'write', tuple }, { op: 'delete', tuple: { ...tuple, user: 'user:nobody' } }]);
  expect(await all(engine.readAll())).toEqual([tuple]);
  expect(await engine.check({ ...tuple, relation: 'can_view' })).toBe(true);
});

it('answers checks asked together as one batch, each with its own answer, in any number and consistency', async () => {
  const engine = await bootstrapped();
  const members = Array.from({ length: 30 }, (_, i) => ({ user: `user:m${i}`, relation: 'member', object: 'organization:acme' }));
  await engine.apply(members.map(write));
  // 120 checks in one turn: more than one batch (50), members and strangers interleaved, some fresh.
  const asks = Array.from({ length: 120 }, (_, i) => ({ user: `user:m${i % 60}`, relation: 'can_view', object: 'organization:acme', fresh: i % 7 === 0 }));
  const answers = await Promise.all(asks.map(({ fresh, ...t }) => engine.check(t, { fresh })));
  expect(answers).toEqual(asks.map((a) => Number(a.user.slice(6)) < 30));
});

it('fails only the check OpenFGA refuses within a batch', async () => {
  const engine = await bootstrapped();
  const results = await Promise.allSettled([engine.check(ask), engine.check({ ...ask, relation: 'can_fly' }), engine.check(ask)]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/can_fly/);
});

/** Answer is what a proxy sends back in OpenFGA's place. */
type Answer = { status: number; body: string };

/**
 * proxyTo puts a counting proxy in front of the real OpenFGA: answer, when it returns an answer for
 * a call, is sent instead of OpenFGA's; delayMs holds each call back that long first.
 */
async function proxyTo(o: { answer?: (method: string, path: string) => Answer | undefined; delayMs?: (path: string) => number } = {}) {
  const stats = { open: 0, mostOpen: 0, checkCalls: 0, authorizations: new Set<string | undefined>() };
  let closed = false;
  const proxy = http.createServer((req, res) => {
    const isCheck = /\/(batch-)?check$/.test(req.url ?? '');
    stats.authorizations.add(req.headers.authorization);
    if (isCheck) {
      stats.checkCalls++;
      stats.mostOpen = Math.max(stats.mostOpen, ++stats.open);
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const delayMs = o.delayMs?.(req.url!) ?? 0;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (closed) return;
      const upstream: Answer = o.answer?.(req.method!, req.url!)
        ?? await fetch(apiUrl + req.url, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'GET' ? undefined : Buffer.concat(chunks) })
          .then(async (r) => ({ status: r.status, body: await r.text() }));
      if (isCheck) stats.open--;
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(upstream.body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  openProxies.push(async () => {
    closed = true;
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, stats };
}

/** openProxies close after each test, whatever it asserted. */
const openProxies: Array<() => Promise<void>> = [];
afterEach(() => Promise.all(openProxies.splice(0).map((close) => close())));

it('keeps at most checkCalls check calls in flight, the rest waiting to share the next BatchChecks', async () => {
  const proxy = await proxyTo();
  const engine = await bootstrapped(proxy.url, { checkCalls: 4 });
  await engine.apply([{ op: 'write', tuple: { user: 'user:in', relation: 'member', object: 'organization:acme' } }]);
  const asks = Array.from({ length: 600 }, (_, i) => ({ user: i % 2 ? 'user:in' : `user:out${i}`, relation: 'can_view', object: 'organization:acme' }));
  const answers = await Promise.all(asks.map((t) => engine.check(t)));
  expect(answers).toEqual(asks.map((t) => t.user === 'user:in'));
  expect(proxy.stats.mostOpen).toBeLessThanOrEqual(4);
  expect(proxy.stats.checkCalls).toBe(600 / BATCH_CHECK_MAX);
});

it('answers 503 openfga_overloaded, without sending them, for checks that waited longer than the time-out for a call slot', async () => {
  // Margins of 600 ms either way: the next batch waits ~1200 ms (< 1800), the rest ~2400 ms (> 1800).
  const proxy = await proxyTo({ delayMs: (path) => (/check$/.test(path) ? 1200 : 0) });
  const engine = await bootstrapped(proxy.url, { timeoutMs: 1800, checkCalls: 1 });
  const checkUser = (i: number) => engine.check({ user: `user:u${i}`, relation: 'can_view', object: 'organization:acme' });
  const first = checkUser(0);
  await new Promise((r) => setImmediate(r));
  // While the first call takes 1200 ms, 120 more wait: the next 50 go at ~1200 ms, the other 70 would go at ~2400 ms.
  const waiting = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => checkUser(i + 1)));
  expect(await first).toBe(false);
  const codes = waiting.map((r) => (r.status === 'fulfilled' ? 'answered' : (r.reason as DependencyUnavailableError).code));
  expect(codes).toEqual([...Array(50).fill('answered'), ...Array(70).fill('openfga_overloaded')]);
  expect(proxy.stats.checkCalls).toBe(2);
});

it('reads back every tuple across pages, after writes and deletes sent in calls of their own', async () => {
  const engine = await bootstrapped();
  const members = Array.from({ length: 130 }, (_, i) => ({ user: `user:p${i}`, relation: 'member', object: 'organization:acme' }));
  await engine.apply(members.slice(0, 100).map(write));
  await engine.apply(members.slice(100).map(write));
  await engine.apply(members.slice(0, 10).map((tuple) => ({ op: 'delete' as const, tuple })));
  const users = (tuples: Tuple[]) => tuples.map((t) => t.user).sort();
  expect(users(await all(engine.readAll()))).toEqual(users(members.slice(10)));
});

it.each<[string, Answer, RegExp]>([
  ['a 503', { status: 503, body: '{"code":"internal_error"}' }, /^openfga_unavailable$/],
  ['a 429', { status: 429, body: '{"code":"rate_limit_exceeded"}' }, /^openfga_unavailable$/],
  ['a success that is not JSON', { status: 200, body: '<html>gateway</html>' }, /^openfga_unavailable$/],
  ['a 404 page', { status: 404, body: '<html>not found</html>' }, /^openfga_rebuilding$/],
  ['a 400 saying the store is gone', { status: 400, body: '{"code":"store_id_not_found"}' }, /^openfga_rebuilding$/],
  ['a 400 saying the model is gone', { status: 400, body: '{"code":"latest_authorization_model_not_found"}' }, /^openfga_rebuilding$/],
  ['any other refusal', { status: 400, body: '{"code":"validation_error","message":"no such type"}' }, /^plain: OpenFGA refused POST \S+ with 400 validation_error: no such type$/],
])('maps %s to the same error for a write, a check and a batch of checks', async (_why, answer, expected) => {
  const proxy = await proxyTo({ answer: (method, path) => (method === 'POST' && /\/(write|check|batch-check)$/.test(path) ? answer : undefined) });
  const engine = await bootstrapped(proxy.url);
  const outcomes = [await outcome(engine.apply([write(ask)])), await outcome(engine.check(ask))];
  outcomes.push(...(await Promise.all([outcome(engine.check(ask)), outcome(engine.check(ask, { fresh: true }))])));
  expect(outcomes).toEqual(Array(4).fill(expect.stringMatching(expected)));
});

it('answers openfga_unavailable when OpenFGA takes longer than the time-out', async () => {
  const proxy = await proxyTo({ delayMs: (path) => (/\/(write|check)$/.test(path) ? 3000 : 0) });
  const engine = await bootstrapped(proxy.url, { timeoutMs: 1000 });
  expect([await outcome(engine.apply([write(ask)])), await outcome(engine.check(ask))]).toEqual(['openfga_unavailable', 'openfga_unavailable']);
});

it('answers openfga_unavailable when nothing listens, and does not take the configured store for gone', async () => {
  const storeId = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
  const logs: string[] = [];
  const engine = new OpenFgaEngine({ apiUrl: `http://127.0.0.1:${await freePort()}`, storeId, timeoutMs: 10_000, model: model.json, log: (m) => logs.push(m) });
  expect(await outcome(engine.bootstrap())).toBe('openfga_unavailable');
  expect(engine.currentStoreId).toBe(storeId);
  expect(logs).toEqual([]);
});

it('sends the API token as a bearer token on every call', async () => {
  const proxy = await proxyTo();
  const engine = await bootstrapped(proxy.url, { apiToken: 'pg-token' });
  await engine.apply([write({ user: 'user:a', relation: 'member', object: 'organization:acme' })]);
  expect(await Promise.all([engine.check(ask), engine.check(ask)])).toEqual([true, true]);
  expect(await engine.check(ask)).toBe(true);
  expect(await all(engine.readAll())).toHaveLength(1);
  expect(await engine.health()).toBe('ok');
  expect(proxy.stats.checkCalls).toBe(2);
  expect([...proxy.stats.authorizations]).toEqual(['Bearer pg-token']);
});

describe('on an OpenFGA of its own, the store', () => {
  let fga: OpenFgaProcess;
  let client: OpenFgaHttp;
  beforeAll(async () => {
    fga = await startOpenFga({ datastore: 'memory', log: () => undefined });
    client = new OpenFgaHttp({ apiUrl: fga.apiUrl, timeoutMs: 10_000 });
  });
  afterAll(() => fga.stop());

  /** storesNamed lists every page of OpenFGA's stores and keeps the ids of those called name. */
  async function storesNamed(name: string): Promise<string[]> {
    const ids: string[] = [];
    let token = '';
    do {
      const page = await api(`/stores?page_size=100${token ? `&continuation_token=${token}` : ''}`, undefined, fga.apiUrl);
      ids.push(...page.stores.filter((s: { name: string }) => s.name === name).map((s: { id: string }) => s.id));
      token = page.continuation_token;
    } while (token);
    return ids;
  }

  it('is created once under its name, then found by it on a later page of the list', async () => {
    for (let i = 0; i < 100; i++) await api('/stores', { name: `other-${i}` }, fga.apiUrl);
    const created = await findOrCreateStore(client);
    expect(await storesNamed(STORE_NAME)).toEqual([created]);
    expect((await api('/stores?page_size=100', undefined, fga.apiUrl)).stores.map((s: { id: string }) => s.id)).not.toContain(created);
    const engine = new OpenFgaEngine({ apiUrl: fga.apiUrl, timeoutMs: 10_000, model: model.json });
    await engine.bootstrap();
    expect(engine.currentStoreId).toBe(created);
    expect(await findOrCreateStore(client)).toBe(created);
    expect(await storesNamed(STORE_NAME)).toEqual([created]);
  });

  it('made by several replicas bootstrapping at once on an OpenFGA without it, is the one store all of them settle on', async () => {
    await fga.stop();
    fga = await startOpenFga({ datastore: 'memory', port: fga.port, log: () => undefined });
    const engines = Array.from({ length: 4 }, () => new OpenFgaEngine({ apiUrl: fga.apiUrl, timeoutMs: 10_000, model: model.json }));
    await Promise.all(engines.map((e) => e.bootstrap()));
    const settled = engines.map((e) => e.currentStoreId);
    expect(new Set(settled).size).toBe(1);
    // Each may have made one; the one they share is the oldest of the name.
    expect([...(await storesNamed(STORE_NAME))].sort()[0]).toBe(settled[0]);
  });

  it('lost in a restart is missing, openfga_rebuilding, until bootstrap makes a new one and the log says so', async () => {
    const logs: string[] = [];
    const engine = new OpenFgaEngine({ apiUrl: fga.apiUrl, timeoutMs: 10_000, model: model.json, log: (m) => logs.push(m) });
    await engine.bootstrap();
    const lost = engine.currentStoreId;
    await fga.stop();
    fga = await startOpenFga({ datastore: 'memory', port: fga.port, log: () => undefined });
    expect(await engine.health()).toBe('store_missing');
    expect([await outcome(engine.apply([write(ask)])), await outcome(engine.check(ask))]).toEqual(['openfga_rebuilding', 'openfga_rebuilding']);
    await engine.bootstrap();
    expect(engine.currentStoreId).not.toBe(lost);
    expect(await storesNamed(STORE_NAME)).toEqual([engine.currentStoreId]);
    expect(logs).toContain(`OpenFGA store ${lost} is gone; using the store named ${STORE_NAME}, or a new one, and rebuilding it from Neo4j`);
    expect(await engine.health()).toBe('ok');
  });
});
