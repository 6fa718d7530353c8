/**
 * A replica told SIGTERM under load, as an orchestrator stops one: /readyz answers 503 while it
 * drains, no request gets a reset connection, another replica holds the relay lease within 2 s,
 * every write it acknowledged is there, and it exits 0.
 */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { signToken } from '../../src/http/auth';
import { readLogSince } from '../../src/stack/logs';
import { eventually } from '../fixtures/eventually';
import { T, TEST_SECRET, uid } from '../fixtures/harness';
import { startPrivateStack, type PrivateStack } from '../fixtures/private-stack';
import { startReplica, type ReplicaProcess } from '../fixtures/replica-process';

jest.setTimeout(180_000);

let stack: PrivateStack;
let db: Driver;
const replicas: ReplicaProcess[] = [];
const logDir = mkdtempSync(path.join(tmpdir(), 'partnergraph-shutdown-'));
let token: string;

beforeAll(async () => {
  token = await signToken(TEST_SECRET, { sub: 'shutdown-test', scope: 'admin' }, 3600);
  stack = await startPrivateStack();
  db = neo4j.driver(stack.env.NEO4J_URI, neo4j.auth.basic('neo4j', ''));
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await db?.close();
  await stack?.stop();
});

/** Outcome is how one request ended: an HTTP status, or the error code of the socket. */
type Outcome = { status: number; body: { revision?: string } } | { error: string };

/** send makes one request on a keep-alive agent, as a pooled client does; it never rejects. */
function send(agent: http.Agent, base: string, method: string, path: string, body?: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${base}${path}`, {
      agent,
      method,
      headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : {} }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(payload);
  });
}

/** leaseHolder reads who holds the relay lease, straight from Neo4j. */
async function leaseHolder(): Promise<string | null> {
  const { records } = await db.executeQuery("MATCH (l:Lease {name: 'relay'}) RETURN l.holder AS holder");
  return (records[0]?.get('holder') as string | null) ?? null;
}

it('drains on SIGTERM under load: 503 from /readyz, no reset connection, the lease on the other replica within 2 s, exit 0', async () => {
  const env = { ...stack.env, SHUTDOWN_DRAIN_MS: '1500', SHUTDOWN_GRACE_MS: '10000', RATE_LIMIT_PER_SECOND: '0' };
  const leaving = await startReplica(env, path.join(logDir, 'leaving.log'));
  replicas.push(leaving);
  await eventually('the first replica holds the relay lease', async () => (await leaseHolder())?.startsWith(`${hostname()}:${leaving.pid}:`) === true, 30_000);
  const staying = await startReplica(env, path.join(logDir, 'staying.log'));
  replicas.push(staying);

  const org = `organization:${uid('drain')}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const outcomes: Outcome[] = [];
  const written: Array<{ user: string; revision: string }> = [];
  let running = true;
  // A balancer stops sending once readiness fails, well inside the drain: so does this load, 1 s after
  // the signal, before the listener closes at 1.5 s (closing it resets connections still in its
  // accept queue, which only a client ignoring readiness opens).
  let stopAt = Infinity;
  const worker = async (w: number) => {
    for (let i = 0; running && Date.now() < stopAt; i++) {
      const user = `user:${uid(`w${w}-${i}`)}`;
      const wrote = await send(agent, leaving.url, 'POST', '/v1/tuples', { writes: [T(user, 'member', org)] });
      outcomes.push(wrote);
      if ('status' in wrote && (wrote.status === 200 || wrote.status === 202)) written.push({ user, revision: wrote.body.revision! });
      outcomes.push(await send(agent, leaving.url, 'POST', '/v1/check', { user, relation: 'can_view', object: org }));
      if ('error' in wrote && wrote.error === 'ECONNREFUSED') return;
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  try {
    await eventually('the load is running', () => written.length >= 40, 60_000);
    const signalled = Date.now();
    stopAt = signalled + 1000;
    leaving.signal('SIGTERM');
    await eventually('the replica says it is shutting down', () => readLogSince(leaving.logFile, 0).includes('shutting down'), 5000);
    const ready = await fetch(`${leaving.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining', draining: true });
    await eventually('the other replica holds the relay lease', async () => (await leaseHolder())?.startsWith(`${hostname()}:${staying.pid}:`) === true, 2000, 20);
    expect(Date.now() - signalled).toBeLessThan(2000 + 500);
    expect(await leaving.exited).toBe(0);
  } finally {
    running = false;
    await Promise.all(workers);
    agent.destroy();
  }

  const errors = outcomes.filter((o): o is { error: string } => 'error' in o).map((o) => o.error);
  // Once the listener closed, a new connection is refused, which a client or balancer can retry safely; nothing else.
  expect(errors.filter((e) => e !== 'ECONNREFUSED')).toEqual([]);
  const statuses = new Set(outcomes.filter((o): o is { status: number; body: object } => 'status' in o).map((o) => o.status));
  expect([...statuses].filter((s) => s !== 200 && s !== 202)).toEqual([]);
  const last = String(Math.max(...written.map((w) => Number(w.revision))));
  for (const w of written) {
    const res = await fetch(`${staying.url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ user: w.user, relation: 'can_view', object: org, consistency: { atLeast: last } }),
    });
    expect(((await res.json()) as { allowed: boolean }).allowed).toBe(true);
  }
});
