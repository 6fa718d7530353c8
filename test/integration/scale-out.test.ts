/**
 * Scale-out with real processes, as production runs it: two OpenFGA processes on one PostgreSQL,
 * and two service replicas (src/main.ts, each a process of its own, decision cache on) each asking
 * its own OpenFGA, both on one Neo4j of this file's own. Any replica takes writes; a read with
 * consistency.atLeast on either sees a write the other acknowledged, never a cached answer from before
 * it; OpenFGA's database replaced by an empty one is rebuilt and both replicas follow; the relay's
 * lease holder SIGKILLed mid-stream loses no acknowledged write. Runs in the
 * integration-postgres project only (jest.config.js).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { startNeo4j, startOpenFga, startPostgres, type Neo4jProcess, type OpenFgaProcess, type PostgresProcess } from '../../src/stack';
import { signToken } from '../../src/http/auth';
import { eventually } from '../fixtures/eventually';
import { T, TEST_SECRET, uid } from '../fixtures/harness';
import { THROWAWAY_POSTGRES } from '../fixtures/private-stack';
import { startReplica, type ReplicaProcess } from '../fixtures/replica-process';

jest.setTimeout(240_000);

let dataDir: string;
let neo: Neo4jProcess;
let postgres: PostgresProcess;
let openfgas: OpenFgaProcess[] = [];
let replicas: ReplicaProcess[] = [];
let driver: Driver;
let token: string;
// Store bounds as in production, but patient reads: this file is about who sees what, not about time.
const SERVICE_ENV = { DECISION_CACHE: 'on', WRITE_ACK_TIMEOUT_MS: '2000', CONSISTENCY_WAIT_MS: '20000', NEO4J_TIMEOUT_MS: '20000', OPENFGA_TIMEOUT_MS: '5000' };

beforeAll(async () => {
  token = await signToken(TEST_SECRET, { sub: 'scale-out-test', scope: 'admin' }, 3600);
  dataDir = mkdtempSync(path.join(tmpdir(), 'partnergraph-scale-out-'));
  [neo, postgres] = await Promise.all([startNeo4j({ dataDir }), startPostgres({ dataDir, settings: THROWAWAY_POSTGRES })]);
  // One after the other: the first migrates the database, the second finds it migrated.
  for (let i = 0; i < 2; i++) openfgas.push(await startOpenFga({ datastore: 'postgres', postgresUri: postgres.uri }));
  // Both replicas at once, on a database with no store yet, as a fresh deployment starts.
  replicas = await Promise.all(openfgas.map((fga, i) =>
    startReplica({ ...SERVICE_ENV, NEO4J_URI: neo.uri, OPENFGA_API_URL: fga.apiUrl }, path.join(dataDir, `replica-${i}.log`))));
  driver = neo4j.driver(neo.uri, neo4j.auth.basic('neo4j', ''));
});

afterAll(async () => {
  await driver?.close();
  await Promise.all(replicas.map((r) => r.stop()));
  await Promise.all(openfgas.map((f) => f.stop()));
  await Promise.all([postgres?.stop(), neo?.stop()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function call(replica: ReplicaProcess, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(replica.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: await res.json() };
}

async function allowed(replica: ReplicaProcess, user: string, object: string, atLeast?: string): Promise<boolean> {
  const res = await call(replica, '/v1/check', { user, relation: 'can_view', object, ...(atLeast ? { consistency: { atLeast } } : {}) });
  expect(res.status).toBe(200);
  return res.body.allowed;
}

/** leaseHolderPid reads from Neo4j which process holds the relay's lease (the holder is host:pid:random). */
async function leaseHolderPid(): Promise<number | undefined> {
  const { records } = await driver.executeQuery("MATCH (l:Lease {name: 'relay'}) WHERE l.until > $now RETURN l.holder AS holder", { now: Date.now() });
  const holder = records[0]?.get('holder') as string | undefined;
  return holder === undefined ? undefined : Number(holder.split(':')[1]);
}

it('has both replicas on one OpenFGA store, though they started at once on an empty database', () => {
  expect(replicas[0].storeId).toBeTruthy();
  expect(replicas[1].storeId).toBe(replicas[0].storeId);
});

it('never answers the old true of an acknowledged delete from either decision cache, asked with consistency.atLeast', async () => {
  const [a, b] = replicas;
  const user = `user:${uid('flip')}`;
  const org = `organization:${uid('flip')}`;
  // The same tuple written and deleted over and over, by each replica in turn, so a stale entry would be found.
  for (let round = 0; round < 12; round++) {
    const [writer, other] = round % 2 === 0 ? [a, b] : [b, a];
    const written = await call(writer, '/v1/tuples', { writes: [T(user, 'member', org)] });
    expect(written.status).toBe(200);
    expect(await allowed(other, user, org, written.body.revision)).toBe(true);
    // Asked twice without atLeast, so each replica's cache holds true when the delete comes.
    for (const replica of [writer, other, writer, other]) expect(await allowed(replica, user, org)).toBe(true);
    const deleted = await call(other, '/v1/tuples', { deletes: [T(user, 'member', org)] });
    expect(deleted.status).toBe(200);
    expect(await allowed(writer, user, org, deleted.body.revision)).toBe(false);
    expect(await allowed(other, user, org, deleted.body.revision)).toBe(false);
  }
});

it('rebuilds OpenFGA\'s store from Neo4j when its database is replaced by an empty one, and both replicas move to the new store', async () => {
  const [a, b] = replicas;
  const user = `user:${uid('restored')}`;
  const org = `organization:${uid('restored')}`;
  const before = await call(a, '/v1/tuples', { writes: [T(user, 'member', org)] });
  expect(before.status).toBe(200);
  await Promise.all(openfgas.map((f) => f.stop()));
  await postgres.stop();
  rmSync(path.join(dataDir, 'postgres'), { recursive: true, force: true });
  rmSync(path.join(dataDir, 'postgres.password'), { force: true });
  postgres = await startPostgres({ dataDir, port: postgres.port, settings: THROWAWAY_POSTGRES });
  openfgas = [
    await startOpenFga({ datastore: 'postgres', postgresUri: postgres.uri, port: openfgas[0].port }),
    await startOpenFga({ datastore: 'postgres', postgresUri: postgres.uri, port: openfgas[1].port }),
  ];
  for (const replica of replicas) {
    await eventually('the replica answers from the rebuilt store', async () => allowed(replica, user, org, before.body.revision), 60_000, 250);
  }
  // Both ask the same store again: what one acknowledges, the other shows.
  const [user2, user3] = [`user:${uid('after-a')}`, `user:${uid('after-b')}`];
  const byA = await call(a, '/v1/tuples', { writes: [T(user2, 'member', org)] });
  const byB = await call(b, '/v1/tuples', { writes: [T(user3, 'member', org)] });
  expect([byA.status, byB.status]).toEqual([200, 200]);
  expect(await allowed(b, user2, org, byA.body.revision)).toBe(true);
  expect(await allowed(a, user3, org, byB.body.revision)).toBe(true);
});

it('keeps every write either replica acknowledged when the lease holder is SIGKILLed mid-stream: the survivor shows each, eventually without consistency.atLeast and at once with it', async () => {
  await eventually('a replica holds the relay lease', async () => (await leaseHolderPid()) !== undefined);
  const holderPid = await leaseHolderPid();
  const holder = replicas.find((r) => r.pid === holderPid)!;
  const survivor = replicas.find((r) => r !== holder)!;
  expect(holder).toBeDefined();
  const org = `organization:${uid('stream')}`;
  const acked: Array<{ user: string; revision: string; by: ReplicaProcess }> = [];
  const WRITES = 60;
  const KILL_AT = 24;
  let next = 0;
  // Four writers at once, the writes alternating between the replicas; the holder dies with writes in flight.
  const writer = async () => {
    while (next < WRITES) {
      const i = next++;
      if (i === KILL_AT) holder.signal('SIGKILL');
      const by = replicas[i % 2];
      const user = `user:${uid(`s${i}`)}`;
      // A write the killed replica never answered was not acknowledged (it may have committed: the survivor applies it).
      const res = await call(by, '/v1/tuples', { writes: [T(user, 'member', org)] }).catch(() => undefined);
      if (res?.status === 200 || res?.status === 202) acked.push({ user, revision: res.body.revision, by });
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  await holder.exited;
  expect(acked.filter((w) => w.by === holder).length).toBeGreaterThanOrEqual(KILL_AT / 2 - 4);
  expect(acked.filter((w) => w.by === survivor)).toHaveLength(WRITES / 2);

  await eventually('the survivor shows every acknowledged write without consistency.atLeast', async () =>
    (await Promise.all(acked.map((w) => allowed(survivor, w.user, org)))).every(Boolean), 60_000, 250);
  const last = String(Math.max(...acked.map((w) => Number(w.revision))));
  for (const w of acked) expect(await allowed(survivor, w.user, org, last)).toBe(true);
  expect(await leaseHolderPid()).toBe(survivor.pid);
  const reconciled = await call(survivor, '/v1/admin/reconcile', {});
  expect(reconciled.status).toBe(200);
  expect(reconciled.body).toMatchObject({ missing: 0, extra: 0 });
});
