/**
 * `npm run bench:bulk`: the bulk import and export rows, on a Neo4j and OpenFGA of their own (an
 * import is measured into an empty store, so it cannot share `npm run bench`'s loaded one). In one
 * run: the tuples straight into OpenFGA alone (a store of their own, 100 a write, 4 at a time, the
 * same baseline as `npm run bench`), then the same tuples as one NDJSON file through
 * POST /v1/tuples/import until OpenFGA has them (the service's RSS sampled every second), then
 * GET /v1/tuples/export, live and with history (RSS sampled too). Prints a table; writes bench/results/bulk-<date>.md.
 *
 * Options: --size S|M|L (the partner graph of `npm run bench`) or --tuples N (N distinct member
 * tuples), --datastore sqlite|postgres|memory (default sqlite).
 */
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuthzModel } from '../src/domain/authz-model';
import type { Tuple } from '../src/domain/tuple';
import { signToken } from '../src/http/auth';
import { ensureInstalled, OPENFGA_DATASTORES, type OpenFgaDatastore, startStack } from '../src/stack';
import { Child } from './child';
import { generate, load, straightToOpenFga, type Size } from './generate';
import type { ServiceReady, ServiceRequest } from './service-process';

const SECRET = 'partnergraph-bench-secret-0123456789abcdef';
const say = (line: string) => process.stderr.write(`${line}\n`);
const round = (x: number) => Math.round(x);

function args(argv: string[]): { size?: Size; tuples?: number; datastore: OpenFgaDatastore } {
  const get = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
  const datastore = OPENFGA_DATASTORES.find((d) => d === (get('datastore') ?? 'sqlite'));
  if (!datastore) throw new Error(`--datastore must be one of ${OPENFGA_DATASTORES.join(', ')}`);
  const tuples = get('tuples');
  if (tuples !== undefined) return { tuples: Number(tuples), datastore };
  const size = (get('size') ?? 'M').toUpperCase();
  if (size !== 'S' && size !== 'M' && size !== 'L') throw new Error(`--size must be S, M or L; got ${size}`);
  return { size, datastore };
}

/** memberTuples are n distinct tuples: user i a member of one of n/20 organizations. */
export function memberTuples(n: number): Tuple[] {
  const orgs = Math.max(1, Math.floor(n / 20));
  return Array.from({ length: n }, (_, i) => ({ user: `user:u${i}`, relation: 'member', object: `organization:o${i % orgs}` }));
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const tuples = a.tuples !== undefined ? memberTuples(a.tuples) : generate(a.size!, 42).tuples;
  const what = a.tuples !== undefined ? `${a.tuples} member tuples` : `the ${a.size} graph (${tuples.length} tuples)`;
  await measureBulk(tuples, what, a.datastore);
}

/**
 * measureBulk measures the import and export rows for tuples on a stack of its own, prints and
 * writes bench/results/bulk-<date>.md, and returns that table (`npm run bench` appends it to its own).
 */
export async function measureBulk(tuples: Tuple[], what: string, datastore: OpenFgaDatastore): Promise<string> {
  const a = { datastore };
  const loadAtStart = os.loadavg().map((x) => x.toFixed(2));
  say(`[bulk] ${what}, OpenFGA on ${a.datastore}; ${os.cpus().length} cores, load ${loadAtStart.join(' ')}`);
  await ensureInstalled(say);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnergraph-bench-bulk-'));
  const stack = await startStack({ dataDir, datastore: a.datastore, log: () => undefined });
  let service: Child<ServiceRequest, ServiceReady> | undefined;
  let sampling = false;
  try {
    service = await Child.start<ServiceRequest, ServiceReady>(path.join(__dirname, 'service-process.ts'), {
      NODE_ENV: 'development', LOG_LEVEL: 'silent', BENCH_SERVICE_LOG: 'warn', NEO4J_URI: stack.neo4j.uri, OPENFGA_API_URL: stack.openfga.apiUrl, AUTH_JWT_SECRET: SECRET,
      RATE_LIMIT_PER_SECOND: '0', DECISION_CACHE: 'off', NEO4J_TIMEOUT_MS: '120000', OPENFGA_TIMEOUT_MS: '30000',
      // Answered as soon as Neo4j committed, so the time to commit and the time to reach OpenFGA are told apart.
      WRITE_ACK_TIMEOUT_MS: '1',
    });
    const url = service.ready.url;
    const token = await signToken(SECRET, { sub: 'bench-importer', scope: 'write read' }, 24 * 3600);
    const fga = stack.openfga.apiUrl;

    const side = (await (await fetch(`${fga}/stores`, { method: 'POST', body: JSON.stringify({ name: 'bench-direct-load' }) })).json()) as { id: string };
    const model = (await (await fetch(`${fga}/stores/${side.id}/authorization-models`, { method: 'POST', body: JSON.stringify(AuthzModel.load().json) })).json()) as { authorization_model_id: string };
    const direct = await load(tuples, straightToOpenFga(fga, side.id, model.authorization_model_id), { batchSize: 100, concurrency: 4, label: 'OpenFGA alone', progress: say });
    say(`[bulk] OpenFGA alone: ${direct.tuples} tuples in ${direct.seconds.toFixed(1)} s = ${round(direct.tuplesPerSecond)}/s`);

    const file = path.join(dataDir, 'import.ndjson');
    writeFileSync(file, tuples.map((t) => JSON.stringify(t)).join('\n') + '\n');
    let rssMax = 0;
    sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rssMax = Math.max(rssMax, await service!.call<number>('rss').catch(() => 0));
        await sleep(1000);
      }
    })();
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/tuples/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: createReadStream(file) as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit);
    const answer = (await res.json()) as { revision: string; written: number };
    const committed = (performance.now() - t0) / 1000;
    if (res.status !== 200 && res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(answer)}`);
    say(`[bulk] import committed in Neo4j after ${committed.toFixed(1)} s (${answer.written} written); waiting for OpenFGA`);
    await untilApplied(url, answer.revision);
    const applied = (performance.now() - t0) / 1000;
    const importRss = rssMax;
    say(`[bulk] import in both stores after ${applied.toFixed(1)} s = ${round(tuples.length / applied)}/s; service RSS at most ${importRss} MB`);
    const spent = await timeSpent(url);
    say(`[bulk] where the time went: ${spent}`);

    const exports: Record<string, { lines: number; seconds: number; rss: number }> = {};
    for (const [name, query] of [['live', ''], ['history', '?history=true']]) {
      rssMax = 0;
      const t1 = performance.now();
      const r = await fetch(`${url}/v1/tuples/export${query}`, { headers: { authorization: `Bearer ${token}` } });
      let lines = 0;
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      const seconds = (performance.now() - t1) / 1000;
      // One more sample as it ends: an export shorter than the sampler's second would otherwise have none.
      rssMax = Math.max(rssMax, await service.call<number>('rss').catch(() => 0));
      exports[name] = { lines, seconds, rss: rssMax };
      say(`[bulk] export ${name}: ${lines} tuples in ${exports[name].seconds.toFixed(1)} s = ${round(lines / exports[name].seconds)}/s; service RSS at most ${rssMax} MB`);
    }
    // What an operator's reconcile (and every start's) costs on a store this size: both stores compared, nothing to repair.
    rssMax = 0;
    const t2 = performance.now();
    const admin = await signToken(SECRET, { sub: 'bench-operator', scope: 'admin' }, 3600);
    const reconciled = await fetch(`${url}/v1/admin/reconcile`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } });
    const report = (await reconciled.json()) as { neo4jTuples: number; openfgaTuples: number; repaired: number };
    const reconcile = { seconds: (performance.now() - t2) / 1000, rss: Math.max(rssMax, await service.call<number>('rss').catch(() => 0)), report };
    say(`[bulk] reconcile: ${JSON.stringify(report)} in ${reconcile.seconds.toFixed(1)} s; service RSS at most ${reconcile.rss} MB`);
    sampling = false;
    await sampler;

    const date = new Date().toISOString();
    const importRate = tuples.length / applied;
    const md = [
      `Bulk run ${date}: ${what}, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB of NDJSON, OpenFGA on ${a.datastore}; ${os.cpus().length} cores, load average ${loadAtStart.join(' ')} at start, ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at end.`,
      '',
      '| row | measured | target | met |',
      '|---|---|---|---|',
      `| OpenFGA alone, 100 a write, 4 at a time | ${direct.tuples} tuples in ${direct.seconds.toFixed(1)} s = ${round(direct.tuplesPerSecond)}/s | (baseline) | |`,
      `| POST /v1/tuples/import, one file, until OpenFGA has it | ${tuples.length} in ${applied.toFixed(1)} s = ${round(importRate)}/s (Neo4j committed at ${committed.toFixed(1)} s) | | |`,
      `| import / OpenFGA alone | ${(importRate / direct.tuplesPerSecond).toFixed(2)}× | >= 0.8× | ${importRate >= 0.8 * direct.tuplesPerSecond ? 'yes' : '**no**'} |`,
      `| service RSS during the import (max of 1 s samples) | ${importRss} MB | < 512 MB | ${importRss < 512 ? 'yes' : '**no**'} |`,
      `| where the import's time went (the service's own histograms) | ${spent} | | |`,
      ...Object.entries(exports).flatMap(([name, e]) => [
        `| GET /v1/tuples/export${name === 'history' ? '?history=true' : ''} | ${e.lines} in ${e.seconds.toFixed(1)} s = ${round(e.lines / e.seconds)}/s | >= 100000/s | ${e.lines / e.seconds >= 100_000 ? 'yes' : '**no**'} |`,
        `| service RSS during that export (max of 1 s samples) | ${e.rss} MB | < 512 MB | ${e.rss < 512 ? 'yes' : '**no**'} |`,
      ]),
      `| POST /v1/admin/reconcile (both stores compared: ${reconcile.report.neo4jTuples} and ${reconcile.report.openfgaTuples} tuples, ${reconcile.report.repaired} repaired) | ${reconcile.seconds.toFixed(1)} s | | |`,
      `| service RSS during the reconcile (max of 1 s samples) | ${reconcile.rss} MB | < 512 MB | ${reconcile.rss < 512 ? 'yes' : '**no**'} |`,
    ].join('\n');
    process.stdout.write(`${md}\n`);
    mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    writeFileSync(path.join(__dirname, 'results', `bulk-${date.replace(/[:.]/g, '-')}.md`), `${md}\n`);
    return md;
  } finally {
    sampling = false;
    await service?.call('stop').catch(() => undefined);
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * timeSpent sums, from the service's /metrics, the seconds its Neo4j transactions spent staging and
 * publishing the import and its OpenFGA calls spent writing (the relay's, beside publishing).
 */
async function timeSpent(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sum = (metric: string, op: (name: string) => boolean) => [...text.matchAll(new RegExp(`^${metric}_sum\\{op="([^"]+)"\\} (\\S+)$`, 'gm'))]
    .filter((m) => op(m[1])).reduce((total, m) => total + Number(m[2]), 0);
  const neo4j = (part: string) => sum('partnergraph_neo4j_transaction_duration_seconds', (op) => op.includes(part)).toFixed(1);
  const openfga = sum('partnergraph_openfga_request_duration_seconds', (op) => op === 'write').toFixed(1);
  return `Neo4j staging ${neo4j('stage-import-lines')} s, deciding ${neo4j('decide-import')} s, publishing ${neo4j('publish-import-lines')} s; OpenFGA writes ${openfga} s (summed over calls in parallel)`;
}

/** untilApplied waits until OpenFGA holds revision: a check that must include it answers 200, not 503. */
async function untilApplied(url: string, revision: string): Promise<void> {
  const checker = await signToken(SECRET, { sub: 'bench-app', scope: 'check' }, 3600);
  for (;;) {
    const res = await fetch(`${url}/v1/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${checker}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'user:nobody', relation: 'member', object: 'organization:nowhere', consistency: { atLeast: revision } }),
    });
    await res.text();
    if (res.status === 200) return;
  }
}

if (require.main === module) main().catch((err) => {
  say(`bench:bulk failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
