/**
 * `npm run bench`: starts its own Neo4j and OpenFGA, runs the service in two processes of its own
 * (one with the decision cache off, one with it on), loads a generated partner graph through POST /v1/tuples, and
 * measures side by side in one run: checks through the service vs straight to OpenFGA, complete
 * list-objects vs OpenFGA ListObjects, access-paths, the bulk load rate and write-to-check lag, and
 * what metrics and tracing cost a check (two more service processes, only while that is measured).
 * Load comes from another child process (bench/load.ts). Prints one table; writes bench/results/<date>.json.
 *
 * Options: --size S|M|L (default M), --seconds N per check measurement (default 8),
 * --profile (CPU profile of the uncached service during the concurrency-64 check run;
 * --profile-concurrency 1 or 16 for another), --seed N,
 * --datastore sqlite|postgres|memory (OpenFGA's datastore; default sqlite, as `npm start` runs it),
 * --baseline DIR (another checkout, with this bench's service-process.ts and child.ts copied into its
 * bench/: its service and one more of this checkout's, cache off and neither holding the relay
 * lease, are measured one after the other in the closed-loop check rows),
 * --bulk-tuples N (the import and export rows of `npm run bench:bulk` for N member tuples, on a stack
 * of their own once the rest is measured; default 100000, 0 for none).
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AuthzModel } from '../src/domain/authz-model';
import { signToken } from '../src/http/auth';
import { ensureInstalled, OPENFGA_DATASTORES, type OpenFgaDatastore, startStack, type Stack } from '../src/stack';
import type { Tuple } from '../src/domain/tuple';
import { measureBulk, memberTuples } from './bulk';
import { Child } from './child';
import { generate, load, straightToOpenFga, throughService, type Size } from './generate';
import { percentile, type LoadJob, type LoadResult, type Target } from './load';
import { measureBatchOf50 } from './openfga-surface';
import type { LoopDelay } from './service-process';
import { SECRET, startService, type Running } from './services';


interface Args {
  size: Size;
  seconds: number;
  seed: number;
  profile: boolean;
  profileConcurrency: number;
  datastore: OpenFgaDatastore;
  baseline?: string;
  /** bulkTuples is how many member tuples the import and export rows move (0: no such rows). */
  bulkTuples: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = (get('size') ?? 'M').toUpperCase();
  if (size !== 'S' && size !== 'M' && size !== 'L') throw new Error(`--size must be S, M or L; got ${size}`);
  const wanted = get('datastore') ?? 'sqlite';
  const datastore = OPENFGA_DATASTORES.find((d) => d === wanted);
  if (!datastore) throw new Error(`--datastore must be one of ${OPENFGA_DATASTORES.join(', ')}; got ${wanted}`);
  return { size, seconds: Number(get('seconds') ?? 8), seed: Number(get('seed') ?? 42), profile: argv.includes('--profile'), profileConcurrency: Number(get('profile-concurrency') ?? 64), datastore, baseline: get('baseline'), bulkTuples: Number(get('bulk-tuples') ?? 100_000) };
}

const say = (line: string) => process.stderr.write(`${line}\n`);

/** SpanSink is an OTLP/HTTP receiver that accepts and drops what it is sent, counting it. */
interface SpanSink {
  url: string;
  received: { requests: number; spans: number; bytes: number };
  stop(): Promise<void>;
}

/** startSpanSink listens on a loopback port for the traced service's exports (JSON, POST /v1/traces). */
async function startSpanSink(): Promise<SpanSink> {
  const received = { requests: 0, spans: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.requests++;
      received.bytes += body.length;
      const request = JSON.parse(body.toString('utf8')) as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: unknown[] }> }> };
      for (const rs of request.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) received.spans += ss.spans?.length ?? 0;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, stop: () => new Promise((r) => server.close(() => r())) };
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Stats summarise repeated timings in ms. */
interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

function stats(ms: number[]): Stats {
  const sorted = Float64Array.from(ms).sort();
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: ms.length, p50: r(percentile(sorted, 50)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1] ?? NaN) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const load1 = () => os.loadavg()[0];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const date = new Date().toISOString();
  const machine = {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  say(`[bench] size ${args.size}, ${args.seconds} s per measurement; ${machine.nproc} cores, load ${machine.loadAverageAtStart.join(' ')}`);
  await ensureInstalled(say);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnergraph-bench-'));
  const stack = await startStack({ dataDir, datastore: args.datastore, log: () => undefined });
  const services: Running[] = [];
  let child: Child<LoadJob> | undefined;
  let forwarder: Child<'stop', { url: string }> | undefined;
  try {
    // The cache-off service starts first and keeps the relay lease: it applies every write.
    const plain = await startService(stack, 'off');
    services.push(plain);
    const writer = await signToken(SECRET, { sub: 'bench-loader', scope: 'write' }, 24 * 3600);
    const checker = await signToken(SECRET, { sub: 'bench-app', scope: 'check audit' }, 24 * 3600);

    const graph = generate(args.size, args.seed);
    const { storeId } = plain.ready;
    const fga = stack.openfga.apiUrl;
    const models = (await (await fetch(`${fga}/stores/${storeId}/authorization-models?page_size=1`)).json()) as { authorization_models: Array<{ id: string }> };
    const modelId = models.authorization_models[0].id;

    // The baseline first: the same tuples straight into a store of their own on the same OpenFGA, 100 a call, 4 calls at a time.
    const side = await postJson<{ id: string }>(`${fga}/stores`, { name: 'bench-direct-load' });
    const sideModel = await postJson<{ authorization_model_id: string }>(`${fga}/stores/${side.body.id}/authorization-models`, AuthzModel.load().json);
    const bulkDirect = await load(graph.tuples, straightToOpenFga(fga, side.body.id, sideModel.body.authorization_model_id), { batchSize: 100, concurrency: 4, label: 'OpenFGA alone', progress: say });
    say(`[bench] OpenFGA alone took ${bulkDirect.tuples} tuples in ${bulkDirect.seconds.toFixed(1)} s: ${Math.round(bulkDirect.tuplesPerSecond)} tuples/s`);
    say(`[bench] generated ${graph.tuples.length} tuples; loading through POST /v1/tuples in batches of 1000, 4 at a time`);
    const bulk = await load(graph.tuples, throughService(plain.ready.url, writer), { batchSize: 1000, concurrency: 4, label: 'service', progress: say });
    say(`[bench] loaded ${bulk.tuples} tuples in ${bulk.seconds.toFixed(1)} s: ${Math.round(bulk.tuplesPerSecond)} tuples/s (${bulk.pending} batches answered 202)`);
    const tupleCount = graph.tuples.length;

    const cached = await startService(stack, 'on');
    services.push(cached);
    // The A/B pair: both follow the relay lease the plain service holds, so neither pays for applying writes.
    const baseline = args.baseline ? await startService(stack, 'off', {}, path.resolve(args.baseline)) : undefined;
    const current = args.baseline ? await startService(stack, 'off') : undefined;
    for (const s of [baseline, current]) if (s) services.push(s);

    // Service and OpenFGA must agree before their speeds are compared.
    const sample = graph.probes.checks.slice(0, 200);
    let disagreements = 0;
    let allowedCount = 0;
    for (const q of sample) {
      const direct = await postJson<{ allowed: boolean }>(`${fga}/stores/${storeId}/check`, { tuple_key: q, authorization_model_id: modelId });
      const via = await postJson<{ allowed: boolean }>(`${plain.ready.url}/v1/check`, q, checker);
      if (direct.body.allowed !== via.body.allowed) disagreements++;
      if (via.body.allowed) allowedCount++;
    }
    if (disagreements) throw new Error(`service and OpenFGA disagree on ${disagreements} of ${sample.length} checks`);
    say(`[bench] service and OpenFGA agree on ${sample.length} checks (${allowedCount} allowed)`);

    child = await Child.start<LoadJob>(path.join(__dirname, 'load.ts'));
    forwarder = await Child.start<'stop', { url: string }>(path.join(__dirname, 'forwarder.ts'), { FORWARD_TO: `${fga}/stores/${storeId}/check` });
    const checks = graph.probes.checks;
    const directBodies = checks.map((q) => JSON.stringify({ tuple_key: q, authorization_model_id: modelId, consistency: 'MINIMIZE_LATENCY' }));
    const targets: Record<'direct' | 'forwarder' | 'service' | 'openfgaSurface' | 'serviceCached' | 'baseline' | 'current', Target> = {
      direct: { url: `${fga}/stores/${storeId}/check`, headers: {}, bodies: directBodies },
      forwarder: { url: forwarder.ready.url, headers: {}, bodies: directBodies },
      service: { url: `${plain.ready.url}/v1/check`, headers: { authorization: `Bearer ${checker}` }, bodies: checks.map((q) => JSON.stringify(q)) },
      serviceCached: { url: `${cached.ready.url}/v1/check`, headers: { authorization: `Bearer ${checker}` }, bodies: checks.map((q) => JSON.stringify(q)) },
      baseline: { url: `${baseline?.ready.url}/v1/check`, headers: { authorization: `Bearer ${checker}` }, bodies: checks.map((q) => JSON.stringify(q)) },
      current: { url: `${current?.ready.url}/v1/check`, headers: { authorization: `Bearer ${checker}` }, bodies: checks.map((q) => JSON.stringify(q)) },
      // The same questions through the OpenFGA-compatible surface of the same service (cache off).
      openfgaSurface: { url: `${plain.ready.url}/stores/${storeId}/check`, headers: { authorization: `Bearer ${checker}` }, bodies: checks.map((q) => JSON.stringify({ tuple_key: q })) },
    };
    if (baseline) for (const t of [targets.baseline, targets.current]) await child.call<LoadResult>({ seconds: 3, warmupSeconds: 0, mode: 'closed', concurrency: 16, target: t });
    const base = { seconds: args.seconds, warmupSeconds: 1 };
    // Ask the cached service every question once first, so its rows measure a warm cache (a portal asks the same questions again and again).
    const warm = await child.call<LoadResult>({ seconds: 300, warmupSeconds: 0, maxRequests: checks.length, mode: 'closed', concurrency: 16, target: targets.serviceCached });
    say(`[bench] warmed the decision cache with ${warm.requests} checks`);
    type Row = Record<'direct' | 'service' | 'serviceCached', LoadResult> & { load1: number };
    // The forwarder (the second hop alone) and the uncached service's CPU time per check are measured in the closed loop only.
    const closed: Array<{ concurrency: number; forwarder: LoadResult; openfgaSurface: LoadResult; serviceCpuMicros: number; baseline?: LoadResult; baselineCpuMicros?: number; current?: LoadResult; currentCpuMicros?: number } & Row> = [];
    let profile: unknown;
    for (const concurrency of [1, 16, 64]) {
      const row = { concurrency, load1: load1() } as (typeof closed)[number];
      for (const name of ['direct', 'forwarder', 'service', 'openfgaSurface', 'serviceCached', ...(baseline ? (['baseline', 'current'] as const) : [])] as const) {
        const job: LoadJob = { ...base, target: targets[name], mode: 'closed', concurrency };
        const profiled = args.profile && name === 'service' && concurrency === args.profileConcurrency;
        const timed = name === 'service' ? plain : name === 'baseline' ? baseline : name === 'current' ? current : undefined;
        if (profiled) await plain.call('profile-start');
        await timed?.call('cpu-start');
        const result = (row[name] = await child.call<LoadResult>(job));
        const cpu = timed && Math.round((await timed.call<number>('cpu-stop')) / Math.max(1, result.answered));
        if (name === 'service') row.serviceCpuMicros = cpu!;
        if (name === 'baseline') row.baselineCpuMicros = cpu;
        if (name === 'current') row.currentCpuMicros = cpu;
        if (profiled) profile = await plain.call('profile-stop');
        say(`[bench] check closed c=${concurrency} ${name}: ${result.rps}/s p50 ${result.p50} ms p99 ${result.p99} ms (${result.errors} errors)${cpu ? `; ${cpu} µs service CPU per check` : ''}`);
      }
      closed.push(row);
    }
    const observability = await measureObservability(stack, child, targets.service, base);

    // Open loop rows also say how late the generator sent (its own pauses) and how late each service's event loop ran.
    const open: Array<{ rate: number; loopDelay: Record<'service' | 'serviceCached', LoopDelay> } & Row> = [];
    for (const rate of [50, 200, 500]) {
      const row = { rate, load1: load1(), loopDelay: {} } as (typeof open)[number];
      for (const name of ['direct', 'service', 'serviceCached'] as const) {
        const watched = name === 'direct' ? undefined : name === 'service' ? plain : cached;
        await watched?.call('loop-start');
        row[name] = await child.call<LoadResult>({ ...base, target: targets[name], mode: 'open', rate });
        const loop = watched && name !== 'direct' ? (row.loopDelay[name] = await watched.call<LoopDelay>('loop-stop')) : undefined;
        say(`[bench] check open ${rate}/s ${name}: p50 ${row[name].p50} ms p99 ${row[name].p99} ms (${row[name].errors} errors); sent late p99 ${row[name].late99} ms${loop ? `; service loop delay p99 ${loop.p99} ms` : ''}`);
      }
      open.push(row);
    }
    const cacheStats = await cached.call('cache-stats');
    const batchOf50 = await measureBatchOf50(plain.ready.url, storeId, checker, checks, 200);
    say(`[bench] batch of 50: SDK batchCheck p50 ${batchOf50.sdk.p50} ms p99 ${batchOf50.sdk.p99} ms; /v1/check/batch p50 ${batchOf50.v1.p50} ms p99 ${batchOf50.v1.p99} ms`);

    // List-objects for the big reseller's member: the service pages to the end; OpenFGA answers in one call.
    const lo = { user: graph.probes.bigMember, relation: 'can_view', type: 'organization' };
    const serviceList: number[] = [];
    const serviceFirstPage: number[] = [];
    const directList: number[] = [];
    let serviceCount = 0;
    let directCount = 0;
    for (let i = 0; i < 7; i++) {
      const full = await timed(async () => {
        const objects: string[] = [];
        let cursor: string | null = null;
        let first = true;
        do {
          const page = await timed(() => postJson<{ objects: string[]; cursor: string | null }>(`${plain.ready.url}/v1/list-objects`, { ...lo, limit: 1000, cursor }, checker));
          if (page.value.status !== 200) throw new Error(`list-objects answered ${page.value.status}: ${JSON.stringify(page.value.body)}`);
          if (first) serviceFirstPage.push(page.ms);
          first = false;
          objects.push(...page.value.body.objects);
          cursor = page.value.body.cursor;
        } while (cursor);
        return objects.length;
      });
      const direct = await timed(() => postJson<{ objects: string[] }>(`${fga}/stores/${storeId}/list-objects`, { authorization_model_id: modelId, ...lo }));
      if (i === 0) continue; // the first round warms both up
      serviceList.push(full.ms);
      serviceCount = full.value;
      directList.push(direct.ms);
      directCount = direct.value.body.objects.length;
    }
    const listObjects = {
      user: lo.user,
      expected: graph.probes.bigCustomers,
      service: { objects: serviceCount, pages: Math.ceil(serviceCount / 1000), complete: stats(serviceList), firstPage: stats(serviceFirstPage) },
      openfga: { objects: directCount, call: stats(directList), note: 'bench OpenFGA runs with --listObjects-max-results=0 and a 60 s deadline; a default OpenFGA stops at 1000 results or 3 s' },
    };
    say(`[bench] list-objects: service ${serviceCount} objects complete p50 ${listObjects.service.complete.p50} ms; OpenFGA ${directCount} objects p50 ${listObjects.openfga.call.p50} ms`);

    const accessPaths = await child.call<LoadResult>({
      seconds: 120,
      maxRequests: 300,
      warmupSeconds: 1,
      mode: 'closed',
      concurrency: 1,
      target: { url: `${plain.ready.url}/v1/access-paths`, headers: { authorization: `Bearer ${checker}` }, bodies: graph.probes.paths.map((q) => JSON.stringify(q)) },
    });
    say(`[bench] access-paths: ${accessPaths.rps}/s p50 ${accessPaths.p50} ms p99 ${accessPaths.p99} ms (${accessPaths.errors} errors)`);

    const lag = await measureLag(plain, cached, writer, checker);
    say(`[bench] write ack p50 ${lag.writeAck.p50} ms; first check after ack allowed ${lag.leaderFirstCheckAllowed}; cached replica ${lag.cachedFirstCheckAllowed}; other replica without consistency sees it after p50 ${lag.otherReplicaLag.p50} ms`);

    const row64 = closed.find((r) => r.concurrency === 64)!;
    const open500 = open.find((r) => r.rate === 500)!;
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const uncached = (concurrency: number, least: number) => {
      const row = closed.find((r) => r.concurrency === concurrency)!;
      return { name: `service (cache off) / direct check throughput at c=${concurrency}`, value: ratio(row.service.rps, row.direct.rps), target: `>= ${least}`, met: row.service.rps >= least * row.direct.rps };
    };
    const targetsMet = [
      uncached(1, 0.85),
      uncached(16, 1),
      uncached(64, 1),
      { name: 'OpenFGA surface / v1 check throughput at c=64', value: ratio(row64.openfgaSurface.rps, row64.service.rps), target: '>= 0.95', met: row64.openfgaSurface.rps >= 0.95 * row64.service.rps },
      { name: 'cached service / direct check throughput at c=64', value: ratio(row64.serviceCached.rps, row64.direct.rps), target: '>= 2', met: row64.serviceCached.rps >= 2 * row64.direct.rps },
      { name: 'service check p99 at 500/s (ms)', value: open500.service.p99, target: '<= 10', met: open500.service.p99 <= 10 },
      { name: 'cached service check p99 at 500/s (ms)', value: open500.serviceCached.p99, target: '<= 10', met: open500.serviceCached.p99 <= 10 },
      { name: `complete list-objects of ${serviceCount} (ms, p50)`, value: listObjects.service.complete.p50, target: '<= 300', met: listObjects.service.complete.p50 <= 300 },
      { name: `access-paths p99 on ${args.size} (ms)`, value: accessPaths.p99, target: '<= 25', met: accessPaths.p99 <= 25 },
      { name: 'bulk load (tuples/s, in both stores)', value: Math.round(bulk.tuplesPerSecond), target: '>= 10000', met: bulk.tuplesPerSecond >= 10_000 },
      { name: 'bulk load, service / OpenFGA alone', value: ratio(bulk.tuplesPerSecond, bulkDirect.tuplesPerSecond), target: '(no target; the cost of Neo4j and the ack on top)', met: undefined },
    ];
    const results = {
      date,
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      size: args.size,
      seed: args.seed,
      secondsPerMeasurement: args.seconds,
      openfgaDatastore: args.datastore,
      baseline: args.baseline,
      tuples: tupleCount,
      bulk,
      bulkDirect,
      observability,
      check: { closed, open, workload: `${checks.length} distinct questions cycled, ${allowedCount}/${sample.length} of a sample allowed`, cacheStats, batchOf50 },
      listObjects,
      accessPaths,
      lag,
      targets: targetsMet,
      profile: profile ? { concurrency: args.profileConcurrency, ...summarize(profile as CpuProfile) } : undefined,
    };
    const table = render(results);
    process.stdout.write(`${table}\n`);
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = date.replace(/[:.]/g, '-');
    writeFileSync(path.join(dir, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(dir, `${stamp}.md`), `${table}\n`);
    if (profile) writeFileSync(path.join(dir, `${stamp}.cpuprofile.tmp`), JSON.stringify(profile));
    say(`[bench] wrote bench/results/${stamp}.json`);
  } finally {
    child?.kill();
    forwarder?.kill();
    for (const s of services.reverse()) await s.call('stop').catch(() => s.kill());
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (args.bulkTuples > 0) {
    // On a stack of its own, after this one stopped: an import is measured into an empty store, on cores nothing else uses.
    const md = await measureBulk(memberTuples(args.bulkTuples), `${args.bulkTuples} member tuples`, args.datastore);
    appendFileSync(path.join(__dirname, 'results', `${date.replace(/[:.]/g, '-')}.md`), `\n${md}\n`);
  }
}

/** Variant is one configuration of metrics and tracing the observability rows compare. */
type Variant = 'off' | 'metrics' | 'on';

/**
 * measureObservability measures what metrics and tracing cost on the check path (decision cache
 * off): checks through a service with both off, the default one (metrics on, tracing off) and one
 * with both on, tracing every request to a local sink that accepts and drops the spans, at
 * concurrency 1 and 16, one after the other (the order reversed for the second concurrency).
 */
async function measureObservability(stack: Stack, load: Child<LoadJob>, service: Target, base: { seconds: number; warmupSeconds: number }) {
  const sink = await startSpanSink();
  const off = await startService(stack, 'off', { METRICS: 'off' });
  const on = await startService(stack, 'off', { METRICS: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url });
  try {
    const targets: Record<Variant, Target> = {
      off: { ...service, url: `${off.ready.url}/v1/check` },
      metrics: service,
      on: { ...service, url: `${on.ready.url}/v1/check` },
    };
    // The new processes have cold code and connections; the default one has served for minutes.
    for (const name of ['off', 'on'] as const) await load.call<LoadResult>({ seconds: 3, warmupSeconds: 0, mode: 'closed', concurrency: 16, target: targets[name] });
    const before = { ...sink.received };
    const rows: Array<{ concurrency: number; load1: number } & Record<Variant, LoadResult>> = [];
    for (const [concurrency, order] of [[1, ['off', 'metrics', 'on']], [16, ['on', 'metrics', 'off']]] as const) {
      const row = { concurrency, load1: load1() } as (typeof rows)[number];
      for (const name of order) {
        row[name] = await load.call<LoadResult>({ ...base, target: targets[name], mode: 'closed', concurrency });
        say(`[bench] check closed c=${concurrency} ${name === 'off' ? 'metrics and tracing off' : name === 'on' ? 'metrics and tracing on' : 'metrics on'}: ${row[name].rps}/s p50 ${row[name].p50} ms p99 ${row[name].p99} ms (${row[name].errors} errors)`);
      }
      rows.push(row);
    }
    // The batch processor sends every 5 s; wait for the last batch before counting.
    await new Promise((r) => setTimeout(r, 6000));
    const exported = { requests: sink.received.requests - before.requests, spans: sink.received.spans - before.spans, bytes: sink.received.bytes - before.bytes };
    say(`[bench] tracing exported ${exported.spans} spans in ${exported.requests} requests (${Math.round(exported.bytes / 1024)} KiB) to the sink`);
    return { rows, exported };
  } finally {
    await Promise.all([off, on].map((s) => s.call('stop').catch(() => s.kill())));
    await sink.stop();
  }
}

/**
 * measureLag writes tuples and asks right after the 200: on the writing replica, on the cached
 * replica (after caching the old answer), and on the cached replica when the other one wrote.
 */
async function measureLag(leader: Running, cached: Running, writer: string, checker: string) {
  const writeAck: number[] = [];
  const cachedAck: number[] = [];
  const otherLag: number[] = [];
  let leaderFirst = 0;
  let cachedFirst = 0;
  let atLeastFirst = 0;
  const N = 30;
  const check = async (on: Running, t: Tuple, atLeast?: string) =>
    (await postJson<{ allowed: boolean }>(`${on.ready.url}/v1/check`, { ...t, relation: 'can_view', ...(atLeast ? { consistency: { atLeast } } : {}) }, checker)).body.allowed;
  const write = async (on: Running, t: Tuple) => {
    const res = await postJson<{ revision: string }>(`${on.ready.url}/v1/tuples`, { writes: [t] }, writer);
    if (res.status !== 200) throw new Error(`write answered ${res.status}`);
    return res.body.revision;
  };
  for (let i = 0; i < N; i++) {
    const t = { user: `user:lag-${i}-${Date.now()}`, relation: 'member', object: `organization:lag-${i}` };
    const w = await timed(() => write(leader, t));
    writeAck.push(w.ms);
    if (await check(leader, t)) leaderFirst++;

    const u = { ...t, user: `${t.user}-c` };
    await check(cached, u); // caches "false"
    const c = await timed(() => write(cached, u));
    cachedAck.push(c.ms);
    if (await check(cached, u)) cachedFirst++;

    const v = { ...t, user: `${t.user}-o` };
    await check(cached, v);
    const rev = await write(leader, v);
    const t0 = performance.now();
    if (await check(cached, v, rev)) atLeastFirst++;
    while (!(await check(cached, v))) await new Promise((r) => setTimeout(r, 2));
    otherLag.push(performance.now() - t0);
  }
  return {
    n: N,
    writeAck: stats(writeAck),
    leaderFirstCheckAllowed: `${leaderFirst}/${N}`,
    cachedReplicaWriteAck: stats(cachedAck),
    cachedFirstCheckAllowed: `${cachedFirst}/${N}`,
    otherReplicaAtLeastFirstCheckAllowed: `${atLeastFirst}/${N}`,
    otherReplicaLag: stats(otherLag),
  };
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** summarize gives the top frames by self time and the time per package, in % of samples. */
function summarize(p: CpuProfile) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  // Percentages are of busy time: idle, and the profiler's own native dispatch, are left out.
  for (const [id] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)' || (f.functionName === 'dispatch' && !f.url)) self.delete(id);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^file:\/\//, '');
    const short = file.includes('node_modules/') ? file.slice(file.lastIndexOf('node_modules/') + 13) : path.relative(path.join(__dirname, '..'), file) || file;
    const key = `${f.functionName || '(anonymous)'} ${short ? `${short}:${f.lineNumber + 1}` : ''}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + us);
    const pkg = !file ? f.functionName : file.includes('node_modules/')
      ? file.slice(file.lastIndexOf('node_modules/') + 13).split('/').slice(0, file.includes('node_modules/@') ? 2 : 1).join('/')
      : file.startsWith('node:') ? 'node:internal' : path.relative(path.join(__dirname, '..'), file).split('/').slice(0, 2).join('/');
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, percent: Math.round((1000 * us) / total) / 10 }));
  return { sampledMs: Math.round(all / 1000), busyMs: Math.round(total / 1000), topFrames: top(frames, 25), byPackage: top(packages, 15) };
}

/** render prints the one table of a run, in Markdown so the README can hold it as is. */
function render(r: any): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(`Run ${r.date}: size ${r.size} (${r.tuples} tuples, seed ${r.seed}), OpenFGA ${r.openfgaDatastore} datastore, ${r.secondsPerMeasurement} s per check measurement; ${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}; load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end.`);
  lines.push('');
  lines.push('| check, closed loop | direct OpenFGA | forwarder (the second hop alone) | forwarder/direct | service | service/direct | service CPU per check | service, OpenFGA surface | surface/service | service + cache | cached/direct | 1-min load |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const cell = (x: LoadResult) => `${x.rps}/s, p50 ${x.p50} ms, p99 ${x.p99} ms${x.errors ? `, ${x.errors} errors` : ''}`;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  for (const row of r.check.closed) {
    const forwarder = row.forwarder ? [cell(row.forwarder), ratio(row.forwarder.rps, row.direct.rps)] : ['–', '–'];
    const surface = row.openfgaSurface ? [cell(row.openfgaSurface), ratio(row.openfgaSurface.rps, row.service.rps)] : ['–', '–'];
    lines.push(`| c=${row.concurrency} | ${cell(row.direct)} | ${forwarder.join(' | ')} | ${cell(row.service)} | ${ratio(row.service.rps, row.direct.rps)} | ${row.serviceCpuMicros ?? '–'} µs | ${surface.join(' | ')} | ${cell(row.serviceCached)} | ${ratio(row.serviceCached.rps, row.direct.rps)} | ${row.load1.toFixed(2)} |`);
  }
  lines.push('');
  if (r.check.closed[0]?.baseline) {
    lines.push(`| check, closed loop, cache off, neither holding the relay lease | direct OpenFGA | baseline service (${r.baseline}) | baseline/direct | baseline CPU per check | this checkout's service | this/direct | this CPU per check | this/baseline | 1-min load |`);
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const row of r.check.closed) {
      lines.push(`| c=${row.concurrency} | ${cell(row.direct)} | ${cell(row.baseline)} | ${ratio(row.baseline.rps, row.direct.rps)} | ${row.baselineCpuMicros} µs | ${cell(row.current)} | ${ratio(row.current.rps, row.direct.rps)} | ${row.currentCpuMicros} µs | ${ratio(row.current.rps, row.baseline.rps)} | ${row.load1.toFixed(2)} |`);
    }
    lines.push('');
  }
  if (r.observability) {
    lines.push('| check, closed loop, cache off | metrics and tracing off | metrics on (the default) | metrics and tracing on (every request traced) | metrics on / off | both on / off | 1-min load |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const row of r.observability.rows) {
      lines.push(`| c=${row.concurrency} | ${cell(row.off)} | ${cell(row.metrics)} | ${cell(row.on)} | ${ratio(row.metrics.rps, row.off.rps)} | ${ratio(row.on.rps, row.off.rps)} | ${row.load1.toFixed(2)} |`);
    }
    const x = r.observability.exported;
    lines.push('');
    lines.push(`Tracing sent ${x.spans} spans in ${x.requests} OTLP/HTTP requests (${Math.round(x.bytes / 1024)} KiB of JSON) to the bench's sink, which accepts and drops them.`);
    lines.push('');
  }
  lines.push('| check, open loop | direct OpenFGA | service | service + cache | 1-min load |');
  lines.push('|---|---|---|---|---|');
  const ocell = (x: LoadResult, loop?: LoopDelay) =>
    `p50 ${x.p50} ms, p99 ${x.p99} ms, max ${x.max} ms${x.errors ? `, ${x.errors} errors` : ''}; sent late p99 ${x.late99} ms${loop ? `; loop delay p99 ${loop.p99} ms, max ${loop.max} ms` : ''}`;
  for (const row of r.check.open) {
    lines.push(`| ${row.rate}/s | ${ocell(row.direct)} | ${ocell(row.service, row.loopDelay.service)} | ${ocell(row.serviceCached, row.loopDelay.serviceCached)} | ${row.load1.toFixed(2)} |`);
  }
  lines.push('');
  const lo = r.listObjects;
  lines.push('| other measurement | result |');
  lines.push('|---|---|');
  lines.push(`| list-objects, member of a reseller with ${lo.expected} customers | service (complete, ${lo.service.pages} pages of 1000): ${lo.service.objects} objects, p50 ${lo.service.complete.p50} ms, max ${lo.service.complete.max} ms (first page p50 ${lo.service.firstPage.p50} ms); OpenFGA ListObjects (limits lifted): ${lo.openfga.objects} objects, p50 ${lo.openfga.call.p50} ms, max ${lo.openfga.call.max} ms |`);
  lines.push(`| access-paths, c=1, ${r.size} | ${r.accessPaths.rps}/s, p50 ${r.accessPaths.p50} ms, p99 ${r.accessPaths.p99} ms${r.accessPaths.errors ? `, ${r.accessPaths.errors} errors` : ''} |`);
  lines.push(`| bulk load through POST /v1/tuples (acknowledged = in Neo4j and OpenFGA), 1000 a request, 4 at a time | ${r.bulk.tuples} tuples in ${r.bulk.seconds.toFixed(1)} s = ${Math.round(r.bulk.tuplesPerSecond)} tuples/s |`);
  lines.push(`| the same tuples straight into OpenFGA alone (a store of their own), 100 a write, 4 at a time | ${r.bulkDirect.tuples} tuples in ${r.bulkDirect.seconds.toFixed(1)} s = ${Math.round(r.bulkDirect.tuplesPerSecond)} tuples/s |`);
  const l = r.lag;
  lines.push(`| write ack (one tuple) / first check after the 200 | ack p50 ${l.writeAck.p50} ms, p99 ${l.writeAck.p99} ms; first check allowed ${l.leaderFirstCheckAllowed} (lag 0) |`);
  lines.push(`| same on the cached replica (old answer cached before the write) | ack p50 ${l.cachedReplicaWriteAck.p50} ms; first check allowed ${l.cachedFirstCheckAllowed} |`);
  lines.push(`| other replica (cached) after a write acknowledged elsewhere | with consistency.atLeast first check allowed ${l.otherReplicaAtLeastFirstCheckAllowed}; without it visible after p50 ${l.otherReplicaLag.p50} ms, max ${l.otherReplicaLag.max} ms |`);
  const b = r.check.batchOf50;
  if (b) lines.push(`| batch-check of 50, c=1, ${b.batches} batches each way | OpenFGA JS SDK batchCheck (POST /stores/{id}/batch-check): p50 ${b.sdk.p50} ms, p99 ${b.sdk.p99} ms, max ${b.sdk.max} ms; POST /v1/check/batch: p50 ${b.v1.p50} ms, p99 ${b.v1.p99} ms, max ${b.v1.max} ms |`);
  if (r.check.cacheStats) lines.push(`| decision cache | ${JSON.stringify(r.check.cacheStats)} |`);
  lines.push('');
  lines.push('| target | value | met |');
  lines.push('|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} ${t.target} | ${t.value} | ${t.met === undefined ? '–' : t.met ? 'yes' : 'NO'} |`);
  if (r.profile) {
    lines.push('');
    lines.push(`CPU profile of the service process during the c=${r.profile.concurrency ?? 64} check run (cache off): busy ${r.profile.busyMs} of ${r.profile.sampledMs} ms sampled; share of busy time by package:`);
    lines.push('');
    lines.push(r.profile.byPackage.map((p: { name: string; percent: number }) => `${p.name} ${p.percent}%`).join(' · '));
    lines.push('');
    lines.push('Top frames by self time:');
    lines.push('');
    for (const f of r.profile.topFrames.slice(0, 15)) lines.push(`- ${f.percent}% ${f.name}`);
  }
  return lines.join('\n');
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
