/**
 * `npm run bench:commission`: a year of commission statements for the bench's graph (L: the first
 * big reseller's 10k customers, one invoice each a month). Starts its own Neo4j and OpenFGA and one
 * service process, loads the whole generated graph through POST /v1/tuples, gives the big reseller
 * a plan, writes 12 months of invoices (months ahead of the links, which are written now) straight
 * into Neo4j in batches (bench/record-invoices.cypher: what POST /v1/invoices writes, 1000 a
 * transaction, since the service records one invoice a call and 120k calls would take longer than
 * the rest of the run), checks a sample through GET /v1/invoices, then times each month's complete
 * statement and the month's payout report.
 * Prints one table; writes bench/results/commission-<date>.json (and .md).
 *
 * Options: --size S|M|L (default L), --seed N.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { signToken } from '../src/http/auth';
import { ensureInstalled, startStack } from '../src/stack';
import { generate, load, throughService, type Size } from './generate';
import { SECRET, startService } from './services';

const say = (line: string) => process.stderr.write(`${line}\n`);
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** months are the 12 months after the current one: the links are written now, so these are the months they count in. */
function months(): string[] {
  const now = new Date();
  return Array.from({ length: 12 }, (_, k) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1 + k, 1)).toISOString().slice(0, 7));
}

async function timedJson(url: string, token: string): Promise<{ ms: number; body: any; bytes: number }> {
  const started = process.hrtime.bigint();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms: Math.round(ms), body: JSON.parse(text), bytes: text.length };
}

async function main(): Promise<void> {
  const size = (arg('size') ?? 'L').toUpperCase() as Size;
  const seed = Number(arg('seed') ?? 42);
  const date = new Date().toISOString();
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  await ensureInstalled(say);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partnergraph-bench-commission-'));
  const stack = await startStack({ dataDir, datastore: 'sqlite', log: () => undefined });
  const service = await startService(stack, 'off');
  try {
    const url = service.ready.url;
    const admin = await signToken(SECRET, { sub: 'bench-finance', scope: 'admin' }, 24 * 3600);
    const graph = generate(size, seed);
    const bulk = await load(graph.tuples, throughService(url, admin), { batchSize: 1000, concurrency: 4, label: 'service', progress: say });
    say(`[bench] loaded ${bulk.tuples} tuples in ${bulk.seconds.toFixed(1)} s`);
    // The first big reseller carries a block of consecutive customers (bench/generate.ts).
    const big = graph.tuples.find((t) => t.relation === 'reseller' && t.user.startsWith('reseller:'))!.user;
    const customers = graph.tuples.filter((t) => t.relation === 'reseller' && t.user === big).map((t) => t.object);
    say(`[bench] ${big} has ${customers.length} customers`);
    const year = months();
    const plan = { currency: 'SEK', tiers: [{ from: 0, percent: 10 }, { from: 50_000_000, percent: 15 }, { from: 200_000_000, percent: 20 }], effectiveFrom: year[0] };
    const put = await fetch(`${url}/v1/resellers/${big.slice('reseller:'.length)}`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ commission: plan }) });
    if (put.status >= 300) throw new Error(`plan refused: ${put.status}`);

    const invoices = year.flatMap((m, k) => customers.map((o, i) => ({ id: `bench-${k}-${i}`, organization: o, amount: 10_000 + ((i * 7919) % 90_000), currency: 'SEK', issuedAt: `${m}-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00Z` })));
    const started = Date.now();
    const driver = neo4j.driver(stack.neo4j.uri, neo4j.auth.basic('neo4j', ''));
    const statement = readFileSync(path.join(__dirname, 'record-invoices.cypher'), 'utf8');
    try {
      for (let i = 0; i < invoices.length; i += 1000) {
        await driver.executeQuery(statement, { invoices: invoices.slice(i, i + 1000), at: new Date().toISOString() });
        if ((i + 1000) % 20_000 === 0) say(`[bench] ${i + 1000}/${invoices.length} invoices`);
      }
    } finally {
      await driver.close();
    }
    const invoiceSeconds = (Date.now() - started) / 1000;
    const sample = await timedJson(`${url}/v1/invoices?organization=${customers[0]}&limit=100`, admin);
    if (sample.body.invoices.length !== year.length) throw new Error(`${customers[0]} has ${sample.body.invoices.length} invoices, not ${year.length}`);
    say(`[bench] wrote ${invoices.length} invoices in ${invoiceSeconds.toFixed(1)} s`);

    const reader = await signToken(SECRET, { sub: 'bench-reader', scope: 'read' }, 24 * 3600);
    const rows = [];
    for (const m of year) {
      const statement = await timedJson(`${url}/v1/resellers/${big.slice('reseller:'.length)}/commission?month=${m}`, reader);
      const payouts = await timedJson(`${url}/v1/commission/payouts?month=${m}`, reader);
      rows.push({ month: m, lines: statement.body.lines.length, total: statement.body.total, commission: statement.body.commission, statementMs: statement.ms, statementBytes: statement.bytes, payoutsMs: payouts.ms });
      say(`[bench] ${m}: ${statement.body.lines.length} lines, statement ${statement.ms} ms, payouts ${payouts.ms} ms`);
    }
    const query = await profileEntries(stack.neo4j.uri, big, year[5]);
    say(`[bench] the statement's query alone: ${query.ms} ms, ${query.dbHits} db hits; ${query.operators.map((o) => `${o.operator} ${o.rows} rows ${o.dbHits} hits`).join('; ')}`);
    const worst = Math.max(...rows.map((r) => r.statementMs));
    const results = {
      date, size, seed, reseller: big, customers: customers.length, invoices: invoices.length,
      machine: { nproc: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      invoiceWriting: { seconds: Math.round(invoiceSeconds), note: 'straight into Neo4j, 1000 a transaction (setup, not measured)' },
      months: rows,
      query,
      target: { name: 'slowest statement of the year (ms)', value: worst, target: '< 2000', met: worst < 2000 },
    };
    const table = [
      `Commission run ${date}: size ${size} (seed ${seed}), ${customers.length} customers of ${big}, ${invoices.length} invoices over 12 months; load ${loadAtStart.join(' ')} at start.`,
      '',
      '| month | lines | statement (ms) | payout report (ms) | statement size |',
      '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.month} | ${r.lines} | ${r.statementMs} | ${r.payoutsMs} | ${Math.round(r.statementBytes / 1024)} KiB |`),
      '',
      `The statement's Cypher alone (${year[5]}, warm, straight to Neo4j): ${query.ms} ms, ${query.dbHits} db hits.`,
      '',
      `Slowest statement ${worst} ms (target < 2000 ms: ${worst < 2000 ? 'met' : 'missed'}); load ${results.machine.loadAverageAtEnd.join(' ')} at end.`,
    ].join('\n');
    process.stdout.write(`${table}\n`);
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = `commission-${date.replace(/[:.]/g, '-')}`;
    writeFileSync(path.join(dir, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(dir, `${stamp}.md`), `${table}\n`);
    say(`[bench] wrote bench/results/${stamp}.json`);
  } finally {
    await service.call('stop').catch(() => service.kill());
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** PlanStep is one operator of a profiled plan: what it did, the rows it passed on and the db hits it cost. */
interface PlanStep {
  operator: string;
  rows: number;
  dbHits: number;
}

/** profileEntries times cypher/commission-entries.cypher alone for a month, then profiles it: where the statement's database time goes. */
async function profileEntries(uri: string, reseller: string, month: string): Promise<{ ms: number; dbHits: number; operators: PlanStep[] }> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', ''), { disableLosslessIntegers: true });
  const text = readFileSync(path.join(__dirname, '..', 'cypher', 'commission-entries.cypher'), 'utf8');
  const [y, m] = month.split('-').map(Number);
  const params = { reseller, windows: [{ from: new Date(Date.UTC(y, m - 1, 1)).toISOString(), to: new Date(Date.UTC(y, m, 1)).toISOString(), recordedSince: null }] };
  try {
    const started = Date.now();
    await driver.executeQuery(text, params);
    const ms = Date.now() - started;
    const { summary } = await driver.executeQuery(`PROFILE ${text}`, params);
    const operators: PlanStep[] = [];
    const walk = (p: { operatorType: string; rows: number; dbHits: number; children: unknown[] }) => {
      operators.push({ operator: p.operatorType, rows: Number(p.rows), dbHits: Number(p.dbHits) });
      for (const c of p.children as Array<typeof p>) walk(c);
    };
    walk(summary.profile as never);
    return { ms, dbHits: operators.reduce((a, o) => a + o.dbHits, 0), operators };
  } finally {
    await driver.close();
  }
}

main().catch((err) => {
  say(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
