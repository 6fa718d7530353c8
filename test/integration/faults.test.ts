/**
 * Fault injection with real processes: OpenFGA killed and restarted (empty on memory, with its
 * stores on PostgreSQL), OpenFGA frozen past the acknowledgement bound, the service killed between
 * the Neo4j commit and the OpenFGA apply, Neo4j gone, and on PostgreSQL the database itself killed.
 * Each case proves no acknowledged write is lost and nothing is half-written.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestService, T, uid, type TestService } from '../fixtures/harness';
import { eventually } from '../fixtures/eventually';
import { startPrivateStack, testDatastore, type PrivateStack } from '../fixtures/private-stack';
import { startReplica } from '../fixtures/replica-process';

jest.setTimeout(180_000);

let stack: PrivateStack;
let svc: TestService;
const BOUNDS = { WRITE_ACK_TIMEOUT_MS: '1000', OPENFGA_TIMEOUT_MS: '1000', CONSISTENCY_WAIT_MS: '20000', NEO4J_TIMEOUT_MS: '8000' };

beforeAll(async () => {
  stack = await startPrivateStack();
  svc = await startTestService({ ...stack.env, ...BOUNDS });
});
afterAll(async () => {
  await svc?.stop();
  await stack?.stop();
});

/** writeOne writes one membership with a hard client-side time-out, so a hung request fails the test. */
async function writeOne(user: string, object: string) {
  const res = await fetch(`${svc.url}/v1/tuples`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await svc.token()}` },
    body: JSON.stringify({ writes: [T(user, 'member', object)] }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: (await res.json()) as { revision?: string; pending?: boolean; error?: { code: string } } };
}

async function allowedAtLeast(user: string, object: string, revision: string): Promise<boolean> {
  const res = await svc.post('/v1/check', { user, relation: 'can_view', object, consistency: { atLeast: revision } });
  expect(res.status).toBe(200);
  return res.body.allowed;
}

const ready = async () => (await svc.get('/readyz', null)).status === 200;

/**
 * writeThroughOutage writes 30 memberships one by one, running `down` before the 11th and `up`
 * before the 21st, and proves that the ten written in between were taken (in Neo4j) and acknowledged
 * as pending, and that every one of the 30 is in OpenFGA once it is back, with nothing to repair.
 */
async function writeThroughOutage(name: string, down: () => Promise<void>, up: () => Promise<void>): Promise<void> {
  const org = `organization:${uid(name)}`;
  const acked: Array<{ user: string; revision: string; status: number }> = [];
  for (let i = 0; i < 30; i++) {
    if (i === 10) await down();
    if (i === 20) await up();
    const user = `user:${uid(`w${i}`)}`;
    const res = await writeOne(user, org);
    expect([200, 202]).toContain(res.status);
    acked.push({ user, revision: res.body.revision!, status: res.status });
  }
  expect(acked.slice(10, 20).map((a) => a.status)).toEqual(Array(10).fill(202));
  await eventually('the service is ready again', ready, 60_000, 250);
  const last = acked[acked.length - 1].revision;
  for (const a of acked) expect(await allowedAtLeast(a.user, org, last)).toBe(true);
  const report = await svc.service.relay.reconcile();
  expect({ missing: report.missing, extra: report.extra }).toEqual({ missing: 0, extra: 0 });
}

const restartedOpenFga = testDatastore === 'postgres' ? 'restarts on its PostgreSQL, its store kept' : 'restarts with an empty memory store';
it(`brings every acknowledged tuple back after OpenFGA is SIGKILLed mid-stream and ${restartedOpenFga}`, async () => {
  await writeThroughOutage('stream', async () => {
    stack.openfga.signal('SIGKILL');
    await stack.openfga.exited;
  }, () => stack.restartOpenFga());
});

if (testDatastore === 'postgres') {
  it('brings every acknowledged tuple back after OpenFGA\'s PostgreSQL is SIGKILLed mid-stream and restarts, and answers checks 503 while it is gone', async () => {
    await writeThroughOutage('pg-stream', async () => {
      stack.postgres!.signal('SIGKILL');
      await stack.postgres!.exited;
      // A question never asked before, so the decision cache cannot answer it.
      const check = await svc.post('/v1/check', { user: `user:${uid('asker')}`, relation: 'can_view', object: `organization:${uid('pg-down')}` });
      expect(check.status).toBe(503);
      expect(check.headers.get('retry-after')).toBeTruthy();
    }, () => stack.restartPostgres());
  });
}

/** processState reads a process's state letter from /proc (T: stopped by a signal). */
const processState = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];

it('answers 202 instead of hanging while OpenFGA is SIGSTOPped, and shows every write after SIGCONT', async () => {
  const org = `organization:${uid('frozen')}`;
  stack.openfga.signal('SIGSTOP');
  await eventually('OpenFGA is stopped', () => processState(stack.openfga.pid) === 'T', 10_000);
  const written: Array<{ user: string; revision: string }> = [];
  try {
    for (let i = 0; i < 4; i++) {
      const user = `user:${uid(`f${i}`)}`;
      const res = await writeOne(user, org);
      // Said with the relay's view, should it ever answer 200 here: which revision, and what it took as applied.
      expect({ status: res.status, revision: res.body.revision, applied: svc.service.relay.appliedRevision, openfga: processState(stack.openfga.pid) }).toMatchObject({ status: 202 });
      expect(res.body.pending).toBe(true);
      written.push({ user, revision: res.body.revision! });
    }
  } finally {
    stack.openfga.signal('SIGCONT');
  }
  const last = written[written.length - 1].revision;
  for (const w of written) expect(await allowedAtLeast(w.user, org, last)).toBe(true);
});

it('applies the pending outbox entries of a service SIGKILLed between the Neo4j commit and the OpenFGA apply, once it restarts', async () => {
  await svc.stop();
  const child = await startReplica({ ...stack.env, ...BOUNDS }, path.join(mkdtempSync(path.join(tmpdir(), 'partnergraph-killed-')), 'service.log'));
  try {
    const user = `user:${uid('killed')}`;
    const org = `organization:${uid('killed')}`;
    stack.openfga.signal('SIGSTOP');
    let revision: string;
    try {
      const res = await fetch(`${child.url}/v1/tuples`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await svc.token()}` },
        body: JSON.stringify({ writes: [T(user, 'member', org)] }),
        signal: AbortSignal.timeout(15_000),
      });
      expect(res.status).toBe(202);
      revision = ((await res.json()) as { revision: string }).revision;
      child.signal('SIGKILL');
      await child.exited;
    } finally {
      stack.openfga.signal('SIGCONT');
    }
    svc = await startTestService({ ...stack.env, ...BOUNDS });
    expect(await allowedAtLeast(user, org, revision)).toBe(true);
  } finally {
    await child.stop();
  }
});

it('answers 503 to writes and writes nothing while Neo4j is down, and keeps answering checks from OpenFGA', async () => {
  const org = `organization:${uid('neo-down')}`;
  const before = `user:${uid('before')}`;
  expect((await writeOne(before, org)).status).toBe(200);
  stack.neo4j.signal('SIGKILL');
  await stack.neo4j.exited;
  const lost = `user:${uid('lost')}`;
  try {
    const res = await writeOne(lost, org);
    expect(res.status).toBe(503);
    expect(res.body.error?.code).toBe('neo4j_unavailable');
    const check = await svc.post('/v1/check', { user: before, relation: 'can_view', object: org });
    expect(check.status).toBe(200);
    expect(check.body.allowed).toBe(true);
  } finally {
    await stack.restartNeo4j();
  }
  await eventually('Neo4j answers again', async () => (await svc.get(`/v1/tuples?object=${org}`)).status === 200, 60_000, 250);
  const tuples = await svc.get(`/v1/tuples?object=${org}`);
  expect(tuples.body.tuples.map((t: { user: string }) => t.user)).toEqual([before]);
  expect((await svc.post('/v1/check', { user: lost, relation: 'can_view', object: org })).body.allowed).toBe(false);
});
