/**
 * The load generator, run as a child process so it does not share the service's event loop.
 * It takes jobs over IPC: closed loop (c requests always in flight) or open loop (requests sent
 * on a fixed schedule whatever the answers do, latency measured from the scheduled time so a
 * slow server cannot hide its queue), over keep-alive HTTP/1.1, and answers with percentiles.
 *
 * Hand-written rather than autocannon: autocannon's rate mode is a throttled closed loop and
 * suffers coordinated omission, and we need the same client code against two different servers.
 */
import http from 'node:http';
import { serve } from './child';

/** Target is one kind of request, sent with bodies taken in turn. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
}

/** LoadJob: closed loop with concurrency, or open loop at rate per second; warmup seconds are not recorded. */
export interface LoadJob {
  target: Target;
  mode: 'closed' | 'open';
  concurrency?: number;
  rate?: number;
  seconds: number;
  warmupSeconds: number;
  /** maxRequests ends the run early once this many were recorded (closed loop only). */
  maxRequests?: number;
}

/** LoadResult: recorded requests, non-200 answers, achieved throughput and latency percentiles in ms. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** late99 and lateMax: how late the generator sent requests after they were due, in ms (open loop). */
  late99: number;
  lateMax: number;
  /** answered counts every answer of the job, warm-up included: what a server's CPU time over the whole job was spent on. */
  answered: number;
  firstError?: string;
}

/** percentile of sorted ms values, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function send(agent: http.Agent, url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** run executes one job and measures it. */
export async function run(job: LoadJob): Promise<LoadResult> {
  const url = new URL(job.target.url);
  const bodies = job.target.bodies.map((b) => Buffer.from(b));
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.mode === 'closed' ? job.concurrency ?? 1 : 512 });
  const latencies: number[] = [];
  const lateness: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let n = 0;
  let answered = 0;
  const start = performance.now();
  const recordFrom = start + job.warmupSeconds * 1000;
  const end = recordFrom + job.seconds * 1000;
  const one = async (scheduled: number) => {
    const body = bodies[n++ % bodies.length];
    const late = performance.now() - scheduled;
    let ok = false;
    try {
      const res = await send(agent, url, job.target.headers, body);
      ok = res.status === 200;
      if (!ok) firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
    } catch (err) {
      firstError ??= (err as Error).message;
    }
    const done = performance.now();
    answered++;
    if (scheduled >= recordFrom && scheduled < end) {
      latencies.push(done - scheduled);
      lateness.push(late);
      if (!ok) errors++;
    }
  };
  if (job.mode === 'closed') {
    const worker = async () => {
      while (performance.now() < end && !(job.maxRequests && latencies.length >= job.maxRequests)) await one(performance.now());
    };
    await Promise.all(Array.from({ length: job.concurrency ?? 1 }, worker));
  } else {
    const interval = 1000 / (job.rate ?? 100);
    const inFlight = new Set<Promise<void>>();
    let k = 0;
    while (performance.now() < end) {
      const now = performance.now();
      while (start + k * interval <= now) {
        const p = one(start + k * interval).finally(() => inFlight.delete(p));
        inFlight.add(p);
        k++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(inFlight);
  }
  agent.destroy();
  const recordedSeconds = job.maxRequests && latencies.length >= job.maxRequests ? (performance.now() - recordFrom) / 1000 : job.seconds;
  const sorted = Float64Array.from(latencies).sort();
  const lateSorted = Float64Array.from(lateness).sort();
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    seconds: round(recordedSeconds),
    rps: Math.round(latencies.length / recordedSeconds),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    late99: round(percentile(lateSorted, 99)),
    lateMax: round(lateSorted[lateSorted.length - 1] ?? NaN),
    answered,
    firstError,
  };
}

if (require.main === module && process.send) serve<LoadJob>(true, run);
