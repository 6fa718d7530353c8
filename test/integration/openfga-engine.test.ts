/**
 * The OpenFGA adapter against the real OpenFGA: it finds its store by name, writes the model only
 * when the store's latest one means something else, and applies changes idempotently.
 */
import { AuthzModel } from '../../src/domain/authz-model';
import { DependencyUnavailableError } from '../../src/domain/errors';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalDsl } from '../../src/storage/openfga/bootstrap';
import { BATCH_CHECK_MAX } from '../../src/storage/openfga/check-batcher';
import { OpenFgaEngine } from '../../src/storage/openfga/engine';
import { uid } from '../fixtures/harness';

const apiUrl = process.env.TEST_OPENFGA_API_URL!;
const model = AuthzModel.load();

async function api(path: string, body?: unknown): Promise<any> {
  const res = await fetch(apiUrl + path, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return res.json();
}

async function modelCount(storeId: string): Promise<number> {
  return (await api(`/stores/${storeId}/authorization-models?page_size=50`)).authorization_models.length;
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
  const store = await api('/stores', { name: uid('engine-test') });
  const engine = new OpenFgaEngine({ apiUrl, storeId: store.id, timeoutMs: 10_000, model: model.json });
  await engine.bootstrap();
  const tuple = { user: 'user:anna', relation: 'member', object: 'organization:acme' };
  await engine.apply([{ op: 'write', tuple }]);
  await engine.apply([{ op: 'write', tuple }, { op: 'delete', tuple: { ...tuple, user: 'user:nobody' } }]);
  expect(await engine.readAll()).toEqual([tuple]);
  expect(await engine.check({ ...tuple, relation: 'can_view' })).toBe(true);
});

it('answers checks asked together as one batch, each with its own answer, in any number and consistency', async () => {
  const store = await api('/stores', { name: uid('engine-test') });
  const engine = new OpenFgaEngine({ apiUrl, storeId: store.id, timeoutMs: 10_000, model: model.json });
  await engine.bootstrap();
  const members = Array.from({ length: 30 }, (_, i) => ({ user: `user:m${i}`, relation: 'member', object: 'organization:acme' }));
  await engine.apply(members.map((tuple) => ({ op: 'write' as const, tuple })));
  // 120 checks in one turn: more than one batch (50), members and strangers interleaved, some fresh.
  const asks = Array.from({ length: 120 }, (_, i) => ({ user: `user:m${i % 60}`, relation: 'can_view', object: 'organization:acme', fresh: i % 7 === 0 }));
  const answers = await Promise.all(asks.map(({ fresh, ...t }) => engine.check(t, { fresh })));
  expect(answers).toEqual(asks.map((a) => Number(a.user.slice(6)) < 30));
});

it('fails only the check OpenFGA refuses within a batch', async () => {
  const store = await api('/stores', { name: uid('engine-test') });
  const engine = new OpenFgaEngine({ apiUrl, storeId: store.id, timeoutMs: 10_000, model: model.json });
  await engine.bootstrap();
  const ok = { user: 'user:a', relation: 'can_view', object: 'organization:acme' };
  const results = await Promise.allSettled([engine.check(ok), engine.check({ ...ok, relation: 'can_fly' }), engine.check(ok)]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/can_fly/);
});

/** proxyTo puts a counting proxy in front of the real OpenFGA; checkAnswer, when given, answers check calls itself; checkDelayMs slows them. */
async function proxyTo(checkAnswer?: { status: number; body: string }, checkDelayMs = 0) {
  const stats = { open: 0, mostOpen: 0, checkCalls: 0 };
  const proxy = http.createServer((req, res) => {
    const isCheck = /\/(batch-)?check$/.test(req.url ?? '');
    if (isCheck) {
      stats.checkCalls++;
      stats.mostOpen = Math.max(stats.mostOpen, ++stats.open);
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (isCheck && checkDelayMs) await new Promise((r) => setTimeout(r, checkDelayMs));
      const upstream = isCheck && checkAnswer
        ? checkAnswer
        : await fetch(apiUrl + req.url, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'GET' ? undefined : Buffer.concat(chunks) })
          .then(async (r) => ({ status: r.status, body: await r.text() }));
      if (isCheck) stats.open--;
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(upstream.body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const close = async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  };
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, stats, close };
}

it('keeps at most checkCalls check calls in flight, the rest waiting to share the next BatchChecks', async () => {
  const proxy = await proxyTo();
  try {
    const store = await api('/stores', { name: uid('engine-test') });
    const engine = new OpenFgaEngine({ apiUrl: proxy.url, storeId: store.id, timeoutMs: 10_000, model: model.json, checkCalls: 4 });
    await engine.bootstrap();
    await engine.apply([{ op: 'write', tuple: { user: 'user:in', relation: 'member', object: 'organization:acme' } }]);
    const asks = Array.from({ length: 600 }, (_, i) => ({ user: i % 2 ? 'user:in' : `user:out${i}`, relation: 'can_view', object: 'organization:acme' }));
    const answers = await Promise.all(asks.map((t) => engine.check(t)));
    expect(answers).toEqual(asks.map((t) => t.user === 'user:in'));
    expect(proxy.stats.mostOpen).toBeLessThanOrEqual(4);
    expect(proxy.stats.checkCalls).toBe(600 / BATCH_CHECK_MAX);
  } finally {
    await proxy.close();
  }
});

it('fails every check of a call whose answer is not OpenFGA\'s JSON with a 503, and hangs none', async () => {
  const proxy = await proxyTo({ status: 200, body: '<html>gateway</html>' });
  try {
    const store = await api('/stores', { name: uid('engine-test') });
    const engine = new OpenFgaEngine({ apiUrl: proxy.url, storeId: store.id, timeoutMs: 10_000, model: model.json });
    await engine.bootstrap();
    const ask = { user: 'user:a', relation: 'can_view', object: 'organization:acme' };
    const results = await Promise.allSettled([engine.check(ask), engine.check(ask), engine.check(ask)]);
    expect(results.map((r) => r.status === 'rejected' && r.reason instanceof DependencyUnavailableError)).toEqual([true, true, true]);
    const alone = await engine.check(ask).catch((err: unknown) => err);
    expect(alone).toBeInstanceOf(DependencyUnavailableError);
  } finally {
    await proxy.close();
  }
});

it('answers 503 openfga_overloaded, without sending them, for checks that waited longer than the time-out for a call slot', async () => {
  // Margins of 600 ms either way: the next batch waits ~1200 ms (< 1800), the rest ~2400 ms (> 1800).
  const proxy = await proxyTo(undefined, 1200);
  try {
    const store = await api('/stores', { name: uid('engine-test') });
    const engine = new OpenFgaEngine({ apiUrl: proxy.url, storeId: store.id, timeoutMs: 1800, model: model.json, checkCalls: 1 });
    await engine.bootstrap();
    const ask = (i: number) => engine.check({ user: `user:u${i}`, relation: 'can_view', object: 'organization:acme' });
    const first = ask(0);
    await new Promise((r) => setImmediate(r));
    // While the first call takes 1200 ms, 120 more wait: the next 50 go at ~1200 ms, the other 70 would go at ~2400 ms.
    const waiting = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => ask(i + 1)));
    expect(await first).toBe(false);
    const codes = waiting.map((r) => (r.status === 'fulfilled' ? 'answered' : (r.reason as DependencyUnavailableError).code));
    expect(codes).toEqual([...Array(50).fill('answered'), ...Array(70).fill('openfga_overloaded')]);
    expect(proxy.stats.checkCalls).toBe(2);
  } finally {
    await proxy.close();
  }
});
