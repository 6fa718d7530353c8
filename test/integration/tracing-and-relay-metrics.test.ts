/**
 * Tracing and the relay's metrics on a private Neo4j and OpenFGA, where this file decides which
 * replica holds the relay lease and may freeze OpenFGA. Tracing registers process-wide providers,
 * so the traced service runs as `src/main.ts` in a child process of its own, sending to a small
 * OTLP/HTTP receiver here.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { signToken } from '../../src/http/auth';
import { startTestService, T, TEST_SECRET, uid, type TestService } from '../fixtures/harness';
import { eventually } from '../fixtures/eventually';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../fixtures/otlp-receiver';
import { startPrivateStack, type PrivateStack } from '../fixtures/private-stack';
import { scrape } from '../fixtures/prometheus';

jest.setTimeout(180_000);

const BOUNDS = { WRITE_ACK_TIMEOUT_MS: '1000', OPENFGA_TIMEOUT_MS: '1000', CONSISTENCY_WAIT_MS: '20000', NEO4J_TIMEOUT_MS: '8000' };

let stack: PrivateStack;
beforeAll(async () => {
  stack = await startPrivateStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** ServiceProcess is `src/main.ts` running in a child process. */
interface ServiceProcess {
  url: string;
  /** stop sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/main.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, ...stack.env, ...BOUNDS, PORT: '0', LOG_LEVEL: 'info', AUTH_JWT_SECRET: TEST_SECRET, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+).*partnergraph listening/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => reject(new Error(`service exited early (${code}): ${out.slice(-2000)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('tracing, with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let rx: OtlpReceiver;
  let svc: ServiceProcess;
  const admin = () => signToken(TEST_SECRET, { sub: 'trace-test', scope: 'admin' }, 3600);

  beforeAll(async () => {
    rx = await startOtlpReceiver();
    svc = await startServiceProcess({ OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
  });
  afterAll(async () => {
    expect(await svc?.stop()).toBe(0);
    await rx?.stop();
  });

  /** call sends one request as a caller that is itself traced, with its own traceparent. */
  async function call(method: string, route: string, body: unknown) {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const res = await fetch(svc.url + route, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await admin()}`, traceparent: `00-${traceId}-${callerSpan}-01` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return { traceId, callerSpan, body: (await res.json()) as Record<string, unknown> };
  }

  const traceOf = (traceId: string) => rx.spans.filter((s) => s.traceId === traceId);
  const named = (spans: ReceivedSpan[], name: string) => spans.find((s) => s.name === name);

  it('makes one trace of a write: the request continuing the caller, its Neo4j transaction and the OpenFGA write the relay made for it', async () => {
    const { traceId, callerSpan } = await call('POST', '/v1/tuples', { writes: [T(`user:${uid('traced')}`, 'member', `organization:${uid('traced')}`)] });
    const neo4jWrite = 'neo4j lock-revision+create-tuples+record-changes+set-revision';
    await eventually('the write\'s spans arrive', () => ['POST /v1/tuples', neo4jWrite, 'openfga write'].every((n) => named(traceOf(traceId), n)), 20_000);
    const spans = traceOf(traceId);
    const request = named(spans, 'POST /v1/tuples')!;
    expect(request).toMatchObject({ kind: 2, parentSpanId: callerSpan, service: 'partnergraph' });
    expect(request.attributes['http.route']).toBe('/v1/tuples');
    expect(named(spans, neo4jWrite)).toMatchObject({ kind: 3, parentSpanId: request.spanId });
    expect(named(spans, 'openfga write')).toMatchObject({ kind: 3, parentSpanId: request.spanId });
    // Everything else in the trace (the relay's applied mark) hangs under the request too.
    expect(spans.filter((s) => s !== request && s.parentSpanId !== request.spanId)).toEqual([]);
  });

  it('puts the OpenFGA call of a check batch in the trace of the request that asked', async () => {
    const org = `organization:${uid('batch')}`;
    const { traceId, callerSpan } = await call('POST', '/v1/check/batch', {
      checks: [
        { user: `user:${uid('a')}`, relation: 'can_view', object: org },
        { user: `user:${uid('b')}`, relation: 'can_manage', object: org },
      ],
    });
    await eventually('the batch\'s spans arrive', () => Boolean(named(traceOf(traceId), 'openfga batch-check')), 20_000);
    const request = named(traceOf(traceId), 'POST /v1/check/batch')!;
    expect(request.parentSpanId).toBe(callerSpan);
    expect(named(traceOf(traceId), 'openfga batch-check')!.parentSpanId).toBe(request.spanId);
  });

  it('names a span by its route pattern, not its path, and leaves the probes and the scrape untraced', async () => {
    const id = uid('pattern');
    const res = await fetch(`${svc.url}/v1/users/${id}`, { headers: { authorization: `Bearer ${await admin()}` } });
    expect(res.status).toBe(404);
    for (const probe of ['/healthz', '/readyz', '/metrics']) expect((await fetch(svc.url + probe)).status).toBe(200);
    await eventually('the read\'s span arrives', () => rx.spans.some((s) => s.name === 'GET /v1/users/:id'), 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(rx.spans.filter((s) => s.name.includes(id) || JSON.stringify(s.attributes).includes('/metrics') || /healthz|readyz/.test(JSON.stringify(s.attributes)))).toEqual([]);
  });
});

describe('the relay in the metrics, with two replicas', () => {
  let a: TestService | undefined;
  let b: TestService | undefined;
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  const gauges = async (svc: TestService) => {
    const m = await scrape(svc.url);
    return { leader: m.value('partnergraph_relay_leader'), committed: m.value('partnergraph_revision', { state: 'committed' }), applied: m.value('partnergraph_revision', { state: 'applied' }), pending: m.value('partnergraph_tuple_writes_total', { ack: 'pending' }) };
  };

  it('shows the lease holder as leader 1 and the other replica as 0, and the holder\'s successor once it stops', async () => {
    a = await startTestService({ ...stack.env, ...BOUNDS });
    await eventually('the first replica holds the lease', async () => (await gauges(a!)).leader === 1);
    b = await startTestService({ ...stack.env, ...BOUNDS });
    // Once b has looked at the store (its committed gauge caught up with a's), it has tried for the lease.
    const { committed } = await gauges(a);
    await eventually('the second replica has read the counters', async () => (await gauges(b!)).committed >= committed);
    expect((await gauges(b)).leader).toBe(0);
    expect((await gauges(a)).leader).toBe(1);
  });

  it('counts a write answered while OpenFGA is frozen as pending, and shows the lag as committed minus applied on both replicas', async () => {
    const before = await gauges(a!);
    stack.openfga.signal('SIGSTOP');
    let revision: number;
    try {
      const res = await a!.post('/v1/tuples', { writes: [T(`user:${uid('frozen')}`, 'member', `organization:${uid('frozen')}`)] });
      expect(res.status).toBe(202);
      revision = Number(res.body.revision);
      expect((await gauges(a!)).pending - before.pending).toBe(1);
      for (const replica of [a!, b!]) {
        await eventually('the replica sees the revision committed but not applied', async () => {
          const g = await gauges(replica);
          return g.committed >= revision && g.applied < revision;
        });
      }
    } finally {
      stack.openfga.signal('SIGCONT');
    }
    for (const replica of [a!, b!]) {
      await eventually('the lag closes once OpenFGA is back', async () => {
        const g = await gauges(replica);
        return g.applied >= revision && g.committed === g.applied;
      });
    }
  });

  it('moves the leader to the other replica when the holder stops', async () => {
    await a!.stop();
    a = undefined;
    await eventually('the remaining replica holds the lease', async () => (await gauges(b!)).leader === 1, 30_000);
  });
});
