/**
 * GET /metrics against the real service: served without a token in the Prometheus text format,
 * documented, every family the README lists present and moving as it should, and the request
 * histogram labelled by route pattern, so a thousand ids make no more series than one.
 */
import { ALL_OPERATIONS as OPERATIONS } from '../../src/http/surfaces';
import { UNMATCHED_ROUTE } from '../../src/observability/metrics';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';
import { eventually } from '../fixtures/eventually';
import { scrape } from '../fixtures/prometheus';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

/** inBatches runs fn for each item, `width` at a time, so a thousand requests take seconds, not minutes. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

describe('GET /metrics', () => {
  it('answers without a token in the Prometheus text format, with every family the README lists and the Node process defaults', async () => {
    const res = await fetch(`${svc.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; (charset=utf-8; )?version=0\.0\.4/);
    const text = await res.text();
    const families: Array<[string, string]> = [
      ['http_request_duration_seconds', 'histogram'],
      ['partnergraph_checks_total', 'counter'],
      ['partnergraph_tuple_writes_total', 'counter'],
      ['partnergraph_revision', 'gauge'],
      ['partnergraph_relay_leader', 'gauge'],
      ['partnergraph_openfga_request_duration_seconds', 'histogram'],
      ['partnergraph_neo4j_transaction_duration_seconds', 'histogram'],
      ['process_cpu_seconds_total', 'counter'],
      ['process_resident_memory_bytes', 'gauge'],
      ['nodejs_heap_size_used_bytes', 'gauge'],
      ['nodejs_eventloop_lag_p99_seconds', 'gauge'],
      ['nodejs_gc_duration_seconds', 'histogram'],
    ];
    for (const [name, type] of families) expect(text).toContain(`# TYPE ${name} ${type}\n`);
  });

  it('is in /openapi.json as a public text/plain operation', async () => {
    const doc = (await svc.get('/openapi.json', null)).body;
    const op = doc.paths['/metrics'].get;
    expect(op.security).toEqual([]);
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/plain; version=0.0.4']);
  });

  it('answers 404 metrics_off, still documented, on a service with METRICS=off', async () => {
    const off = await startTestService({ METRICS: 'off' });
    try {
      const res = await off.get('/metrics', null);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('metrics_off');
      expect((await off.get('/openapi.json', null)).body.paths['/metrics']).toBeDefined();
    } finally {
      await off.stop();
    }
  });
});

describe('http_request_duration_seconds', () => {
  it('labels a thousand distinct ids with their route pattern: a handful of series, none naming an id', async () => {
    const run = uid('series');
    const ids = Array.from({ length: 1000 }, (_, i) => `${run}-${i}`);
    await inBatches(ids, 20, async (id) => {
      expect((await svc.get(`/v1/users/${id}`)).status).toBe(404);
      expect((await svc.request('PUT', `/v1/users/${id}`, { body: JSON.stringify({ name: id }) })).status).toBe(201);
      expect([404, 409]).toContain((await svc.get(`/v1/resellers/${id}/commission?month=2026-01`)).status);
      expect((await svc.get(`/v1/users/${id}`, null)).status).toBe(401);
      expect((await svc.get(`/no-such-route/${id}`)).status).toBe(404);
    });
    const m = await scrape(svc.url);
    const series = m.samples.filter((s) => s.name === 'http_request_duration_seconds_count');
    const known = new Set([...OPERATIONS.map((op) => op.path), UNMATCHED_ROUTE]);
    expect(series.filter((s) => !known.has(s.labels.route))).toEqual([]);
    expect(m.text).not.toContain(run);
    // This file's few other requests add a few series more; a thousand ids add none.
    expect(series.length).toBeLessThan(20);
    const count = (method: string, route: string, status: string) => m.value('http_request_duration_seconds_count', { method, route, status });
    expect(count('GET', '/v1/users/:id', '404')).toBeGreaterThanOrEqual(1000);
    expect(count('PUT', '/v1/users/:id', '201')).toBe(1000);
    // Refused before routing (no token), yet labelled by the route it was for.
    expect(count('GET', '/v1/users/:id', '401')).toBe(1000);
    expect(count('GET', UNMATCHED_ROUTE, '404')).toBe(1000);
  });
});

describe('the families move', () => {
  it('counts each check by its answer and by whether the decision cache had it', async () => {
    const org = `organization:${uid('checks')}`;
    const member = `user:${uid('member')}`;
    expect((await svc.post('/v1/tuples', { writes: [T(member, 'member', org)] })).status).toBe(200);
    for (const [user, result] of [[member, 'allowed'], [`user:${uid('stranger')}`, 'denied']] as const) {
      const before = await scrape(svc.url);
      let asked = 0;
      const answers = new Set<unknown>();
      // Another file's write moves the applied revision and empties the cache, so ask until one hit shows.
      await eventually(`a ${result} check is counted as a cache hit`, async () => {
        const res = await svc.post('/v1/check', { user, relation: 'can_view', object: org });
        asked++;
        answers.add(res.body.allowed);
        return (await scrape(svc.url)).value('partnergraph_checks_total', { result, cache: 'hit' }) > before.value('partnergraph_checks_total', { result, cache: 'hit' });
      }, 30_000, 0);
      expect([...answers]).toEqual([result === 'allowed']);
      const after = await scrape(svc.url);
      const moved = (cache: string) => after.value('partnergraph_checks_total', { result, cache }) - before.value('partnergraph_checks_total', { result, cache });
      expect(moved('miss')).toBeGreaterThanOrEqual(1);
      expect(moved('hit') + moved('miss')).toBe(asked);
    }
  });

  it('counts an acknowledged write as applied, times its transaction by its statements, and shows its revision applied', async () => {
    const before = await scrape(svc.url);
    const res = await svc.post('/v1/tuples', { writes: [T(`user:${uid('w')}`, 'member', `organization:${uid('w')}`)] });
    expect(res.status).toBe(200);
    const after = await scrape(svc.url);
    expect(after.value('partnergraph_tuple_writes_total', { ack: 'applied' }) - before.value('partnergraph_tuple_writes_total', { ack: 'applied' })).toBe(1);
    const op = 'lock-revision+create-tuples+record-changes+set-revision';
    expect(after.value('partnergraph_neo4j_transaction_duration_seconds_count', { op })).toBeGreaterThan(before.value('partnergraph_neo4j_transaction_duration_seconds_count', { op }));
    // A 200 means this replica saw the revision applied, so neither gauge is behind it.
    expect(after.value('partnergraph_revision', { state: 'applied' })).toBeGreaterThanOrEqual(Number(res.body.revision));
    expect(after.value('partnergraph_revision', { state: 'committed' })).toBeGreaterThanOrEqual(Number(res.body.revision));
  });

  it('times OpenFGA calls by kind, never by store or model id', async () => {
    const before = await scrape(svc.url);
    await svc.post('/v1/check', { user: `user:${uid('t')}`, relation: 'can_view', object: `organization:${uid('t')}` });
    const after = await scrape(svc.url);
    const calls = (m: typeof after) => m.value('partnergraph_openfga_request_duration_seconds_count', { op: 'check' }) + m.value('partnergraph_openfga_request_duration_seconds_count', { op: 'batch-check' });
    expect(calls(after)).toBeGreaterThan(calls(before));
    const ops = new Set(after.samples.filter((s) => s.name === 'partnergraph_openfga_request_duration_seconds_count').map((s) => s.labels.op));
    expect([...ops].filter((op) => !/^[a-z-]+$/.test(op))).toEqual([]);
    expect(after.value('partnergraph_relay_leader')).toBeGreaterThanOrEqual(0);
  });
});
