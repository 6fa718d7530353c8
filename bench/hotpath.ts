/**
 * `npm run bench:hotpath`: what each piece of the check path costs, old way against new way, side
 * by side in one process. It counts CPU time of this process per operation (process.cpuUsage),
 * which a loaded machine disturbs far less than wall time. Starts its own OpenFGA (memory).
 */
import http from 'node:http';
import { createSecretKey } from 'node:crypto';
import { Writable } from 'node:stream';
import { jwtVerify } from 'jose';
import pino from 'pino';
import { ConsistencyPreference, OpenFgaClient } from '@openfga/sdk';
import { AuthzModel } from '../src/domain/authz-model';
import { signToken, Verifier } from '../src/http/auth';
import { CheckBody } from '../src/http/v1/schemas';
import { parse } from '../src/http/validate';
import { ServiceMetrics } from '../src/observability/metrics';
import { OpenFgaEngine } from '../src/storage/openfga/engine';
import { OpenFgaHttp } from '../src/storage/openfga/http-client';
import { buildApp } from '../src/app';
import { CheckAccessQuery } from '../src/domain/check-access';
import { RevisionGate } from '../src/domain/revision';
import type { UseCases } from '../src/http/deps';
import { closeNow, listen } from '../src/http/listen';
import type { AddressInfo } from 'node:net';
import { ensureInstalled, startOpenFga } from '../src/stack';

const SECRET = 'partnergraph-bench-secret-0123456789abcdef';

/** cpuPerOp runs fn n times (c at a time when async) and returns CPU µs per call and calls per wall second. */
async function cpuPerOp(n: number, fn: (i: number) => unknown, concurrency = 1): Promise<{ cpuMicros: number; perSecond: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < n) await fn(i++);
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuMicros: Math.round(((cpu.user + cpu.system) / n) * 10) / 10, perSecond: Math.round((n / wall) * 1000) };
}

/** alternated measures a and b in turns, rounds times, and gives the median of each: on a loaded machine one pass of each says little. */
async function alternated(rounds: number, n: number, a: (i: number) => unknown, b: (i: number) => unknown, concurrency = 1) {
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    as.push((await cpuPerOp(n, a, concurrency)).cpuMicros);
    bs.push((await cpuPerOp(n, b, concurrency)).cpuMicros);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return [{ cpuMicros: median(as) }, { cpuMicros: median(bs) }];
}

/** nodeHttpPost is how the engine called OpenFGA before undici: http.request on a keep-alive agent, the answer read as text. */
function nodeHttpPost(agent: http.Agent, url: URL, body: string, headers: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(JSON.parse(text)));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

type Row = { what: string; before: string; after: string; beforeUs: number; afterUs: number };

async function main(): Promise<void> {
  const rows: Row[] = [];
  const add = (what: string, before: string, after: string, b: { cpuMicros: number }, a: { cpuMicros: number }) => {
    rows.push({ what, before, after, beforeUs: b.cpuMicros, afterUs: a.cpuMicros });
    process.stderr.write(`[hotpath] ${what}: ${b.cpuMicros} -> ${a.cpuMicros} µs CPU per call\n`);
  };

  // 1. Token verification (jose; jsonwebtoken, measured before, is gone: see bench/README.md).
  const token = await signToken(SECRET, { sub: 'bench', scope: 'check' }, 3600);
  const secretBytes = new TextEncoder().encode(SECRET);
  const keyObject = createSecretKey(Buffer.from(SECRET));
  const verifier = new Verifier({ secret: SECRET });
  for (let i = 0; i < 2000; i++) await jwtVerify(token, keyObject, { algorithms: ['HS256'] });
  const joseBytes = await cpuPerOp(20_000, () => jwtVerify(token, secretBytes, { algorithms: ['HS256'] }));
  const joseKey = await cpuPerOp(20_000, () => jwtVerify(token, keyObject, { algorithms: ['HS256'] }));
  await verifier.verify(token);
  const cached = await cpuPerOp(20_000, () => verifier.remembered(token));
  add('JWT verify (HS256, jose)', 'secret as bytes', 'KeyObject', joseBytes, joseKey);
  add('JWT verify, same token again', 'jose verify', 'verified-token cache', joseKey, cached);

  // 2. Per-request logging with the log level at silent and at info (into a sink that drops the bytes).
  const sink = new Writable({ write: (_c, _e, done) => done() });
  for (const level of ['silent', 'info'] as const) {
    const logger = pino({ level }, sink);
    const eager = await cpuPerOp(50_000, (i) => {
      const child = logger.child({ reqId: `r${i}` });
      if (child.isLevelEnabled('info')) child.info({ method: 'POST', path: '/v1/check', status: 200, ms: 1.2, sub: 'bench' }, 'request');
    });
    const lazy = await cpuPerOp(50_000, (i) => {
      if (!logger.isLevelEnabled('info')) return;
      logger.child({ reqId: `r${i}` }).info({ method: 'POST', path: '/v1/check', status: 200, ms: 1.2, sub: 'bench' }, 'request');
    });
    add(`request logging at ${level}`, 'child logger per request', 'child on first use, access line only at info', eager, lazy);
  }

  // 3. Request validation (for scale: not changed).
  const body = { user: 'user:u1', relation: 'can_view', object: 'organization:o1' };
  const zodCost = await cpuPerOp(50_000, () => parse(CheckBody, body, 'body'));
  process.stderr.write(`[hotpath] zod CheckBody parse: ${zodCost.cpuMicros} µs CPU per call (unchanged)\n`);

  // 4. What METRICS=on adds to one uncached check: the request histogram, the check counter, the OpenFGA call's histogram.
  const metrics = new ServiceMetrics();
  const noMetrics = await cpuPerOp(200_000, () => performance.now());
  const withMetrics = await cpuPerOp(200_000, (i) => {
    const started = performance.now();
    metrics.countCheck(i % 2 === 0, 'miss');
    metrics.observeOpenFga('check', 0.0015);
    metrics.observeRequest('POST', '/v1/check', 200, (performance.now() - started) / 1000 + 0.002);
  });
  add('metrics of one uncached check', 'METRICS=off', 'METRICS=on (3 observations)', noMetrics, withMetrics);

  // 5. The check call to OpenFGA: the SDK (as the engine once used it) against the plain keep-alive request.
  await ensureInstalled(() => undefined);
  const fga = await startOpenFga({ datastore: 'memory', log: () => undefined });
  try {
    const model = AuthzModel.load();
    const engine = new OpenFgaEngine({ apiUrl: fga.apiUrl, timeoutMs: 5000, model: model.json });
    await engine.bootstrap();
    await engine.apply([{ op: 'write', tuple: { user: 'user:u1', relation: 'member', object: 'organization:o1' } }]);
    const storeId = engine.currentStoreId!;
    const models = (await (await fetch(`${fga.apiUrl}/stores/${storeId}/authorization-models?page_size=1`)).json()) as { authorization_models: Array<{ id: string }> };
    const modelId = models.authorization_models[0].id;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
    const sdk = new OpenFgaClient({ apiUrl: fga.apiUrl, retryParams: { maxRetry: 0 }, baseOptions: { timeout: 5000, httpAgent: agent } });
    const q = { user: 'user:u1', relation: 'can_view', object: 'organization:o1' };
    const viaSdk = () => sdk.check(q, { storeId, authorizationModelId: modelId, consistency: ConsistencyPreference.MinimizeLatency });
    for (let i = 0; i < 500; i++) await Promise.all([viaSdk(), engine.check(q)]);
    const before = await cpuPerOp(5000, viaSdk, 16);
    const after = await cpuPerOp(5000, () => engine.check(q), 16);
    add('check call to OpenFGA (client side, c=16)', '@openfga/sdk (axios)', 'the engine (undici Pool since #15)', before, after);
    process.stderr.write(`[hotpath] check calls per second at c=16: SDK ${before.perSecond}, engine ${after.perSecond}\n`);

    // 6. One check call at a time, as at concurrency 1: node:http (the transport until #15) against undici's pool.
    const checkUrl = new URL(`${fga.apiUrl}/stores/${storeId}/check`);
    const checkBody = { tuple_key: q, authorization_model_id: modelId, consistency: 'MINIMIZE_LATENCY' };
    const fgaHttp = new OpenFgaHttp({ apiUrl: fga.apiUrl, timeoutMs: 5000 });
    const [viaNode, viaUndici] = await alternated(5, 1000, () => nodeHttpPost(agent, checkUrl, JSON.stringify(checkBody)), () => fgaHttp.post(`/stores/${storeId}/check`, checkBody));
    add('check call to OpenFGA (client side, c=1)', 'node:http request, keep-alive agent', 'undici Pool', viaNode, viaUndici);

    // 7. A whole uncached check through the app, client and server in this process: found by Express's router against by its exact path.
    const app = buildApp({
      logger: pino({ level: 'silent' }),
      verifier,
      readiness: async () => ({ neo4j: true, openfga: true, model: true, draining: false }),
      metrics: new ServiceMetrics(),
      useCases: { checkAccess: new CheckAccessQuery(model, engine, new RevisionGate({ waitFor: async () => true, kick: () => undefined }, 1000)) } as unknown as UseCases,
    });
    const server = await listen(app, 0, '127.0.0.1');
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (path: string) => () => nodeHttpPost(agent, new URL(appUrl + path), JSON.stringify(q), { authorization: `Bearer ${token}` });
    for (let i = 0; i < 500; i++) await Promise.all([post('/v1/check')(), post('/v1/check/')()]);
    const [routed, exact] = await alternated(5, 1000, post('/v1/check/'), post('/v1/check'));
    add('uncached check through the app (its client in the same process, c=1)', "Express's router", 'exact path (#15)', routed, exact);
    await closeNow(server);
  } finally {
    await fga.stop();
  }

  const lines = ['| hot-path piece | before | after | CPU µs per call before → after |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.what} | ${r.before} | ${r.after} | ${r.beforeUs} → ${r.afterUs} (${(r.beforeUs / Math.max(0.1, r.afterUs)).toFixed(1)}×) |`);
  lines.push(`| zod CheckBody parse (unchanged) | | | ${zodCost.cpuMicros} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`hotpath bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
