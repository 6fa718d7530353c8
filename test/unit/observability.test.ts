/**
 * The observability pieces on their own: the route label a request gets, the metrics' families and
 * their bounded labels, and where the service's own spans land in a trace (an SDK in this file's
 * process with an in-memory exporter; jest gives each test file a global of its own).
 */
import { context, trace } from '@opentelemetry/api';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { routeMatcher } from '../../src/http/metrics';
import { OPERATIONS } from '../../src/http/v1/operations';
import { ServiceMetrics } from '../../src/observability/metrics';
import { childSpan, currentContext, enableTracing, runIn, sharedContext, tracingEnabled } from '../../src/observability/tracing';
import { parseMetrics } from '../fixtures/prometheus';

describe('routeMatcher', () => {
  const match = routeMatcher(OPERATIONS);

  it('gives the pattern of the operation a method and path belong to, as Express matches them', () => {
    expect(match('GET', '/v1/users/anna')).toBe('/v1/users/:id');
    expect(match('GET', '/v1/resellers/webbyran/commission?month=2026-11')).toBe('/v1/resellers/:id/commission');
    expect(match('POST', '/v1/check/')).toBe('/v1/check');
    expect(match('POST', '/V1/Check')).toBe('/v1/check');
  });

  it('gives nothing for a path or method no operation has', () => {
    expect(match('GET', '/v1/users/anna/extra')).toBeUndefined();
    expect(match('PATCH', '/v1/check')).toBeUndefined();
    expect(match('GET', '/wp-admin.php')).toBeUndefined();
  });
});

describe('ServiceMetrics', () => {
  it('renders every family with the labels the README lists, and reads the relay at scrape time', async () => {
    const metrics = new ServiceMetrics();
    const relay = { committedRevision: 7, appliedRevision: 5, holdsLease: true };
    metrics.watchRelay(relay);
    metrics.observeRequest('POST', '/v1/check', 200, 0.002);
    metrics.countCheck(true, 'hit');
    metrics.countCheck(false, 'miss');
    metrics.countCheck(false, 'miss');
    metrics.countWrite(true);
    metrics.observeOpenFga('batch-check', 0.004);
    metrics.observeNeo4j('read-counters', 0.001);
    const m = parseMetrics(await metrics.render());
    expect(m.value('http_request_duration_seconds_count', { method: 'POST', route: '/v1/check', status: '200' })).toBe(1);
    expect(m.value('partnergraph_checks_total', { result: 'allowed', cache: 'hit' })).toBe(1);
    expect(m.value('partnergraph_checks_total', { result: 'denied', cache: 'miss' })).toBe(2);
    expect(m.value('partnergraph_tuple_writes_total', { ack: 'pending' })).toBe(1);
    expect(m.value('partnergraph_tuple_writes_total', { ack: 'applied' })).toBe(0);
    expect(m.value('partnergraph_revision', { state: 'committed' }) - m.value('partnergraph_revision', { state: 'applied' })).toBe(2);
    expect(m.value('partnergraph_relay_leader')).toBe(1);
    expect(m.value('partnergraph_openfga_request_duration_seconds_count', { op: 'batch-check' })).toBe(1);
    expect(m.value('partnergraph_neo4j_transaction_duration_seconds_count', { op: 'read-counters' })).toBe(1);
    expect(m.value('process_cpu_seconds_total')).toBeGreaterThan(0);
    relay.holdsLease = false;
    relay.appliedRevision = 7;
    const later = parseMetrics(await metrics.render());
    expect(later.value('partnergraph_relay_leader')).toBe(0);
    expect(later.value('partnergraph_revision', { state: 'applied' })).toBe(7);
  });

  it('keeps two services in one process apart, and shares the process metrics between them', async () => {
    const [one, two] = [new ServiceMetrics(), new ServiceMetrics()];
    one.countWrite(false);
    const [a, b] = [parseMetrics(await one.render()), parseMetrics(await two.render())];
    expect(a.value('partnergraph_tuple_writes_total', { ack: 'applied' })).toBe(1);
    expect(b.value('partnergraph_tuple_writes_total', { ack: 'applied' })).toBe(0);
    expect(b.samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });
});

describe('the service\'s own spans', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const sdk = new NodeSDK({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)], instrumentations: [], metricReaders: [], logRecordProcessors: [], autoDetectResources: false });
  const tracer = trace.getTracer('test');
  beforeAll(() => {
    expect(tracingEnabled()).toBe(false);
    expect(currentContext()).toBeUndefined();
    sdk.start();
    enableTracing();
  });
  afterAll(() => sdk.shutdown());
  beforeEach(() => exporter.reset());

  /** request runs fn inside an open span standing for one traced request; end() answers the request. */
  const request = <T>(name: string, fn: () => T) => {
    const span = tracer.startSpan(name);
    const result = context.with(trace.setSpan(context.active(), span), fn);
    return { result, ...span.spanContext(), end: () => span.end() };
  };

  it('hangs a child span under the active request span, and makes none outside any request', () => {
    expect(childSpan('neo4j read-counters', {})).toBeUndefined();
    const r = request('POST /v1/tuples', () => childSpan('neo4j write', {})!);
    r.end();
    r.result.rename('neo4j lock-revision+set-revision');
    r.result.end(new Error('down'));
    const [span] = exporter.getFinishedSpans().filter((s) => s.name.startsWith('neo4j'));
    expect(span.name).toBe('neo4j lock-revision+set-revision');
    expect(span.parentSpanContext?.spanId).toBe(r.spanId);
    expect(span.status.code).toBe(2);
  });

  it('puts work done for several requests in the first one\'s trace, linked from the others', async () => {
    const asks = [request('first', () => currentContext()), request('second', () => currentContext()), request('first again', () => currentContext())];
    const shared = sharedContext([asks[0].result, asks[1].result, asks[0].result]);
    const span = await runIn(shared, async () => {
      await new Promise((r) => setImmediate(r));
      return childSpan('openfga batch-check', {})!;
    });
    span.end();
    for (const a of asks) a.end();
    const [done] = exporter.getFinishedSpans().filter((s) => s.name === 'openfga batch-check');
    expect(done.spanContext().traceId).toBe(asks[0].traceId);
    expect(done.parentSpanContext?.spanId).toBe(asks[0].spanId);
    expect(done.links.map((l) => l.context.spanId)).toEqual([asks[1].spanId]);
  });

  it('runs work that has no context of its own in none, rather than in whatever request happens to be current', () => {
    const r = request('unrelated', () => runIn(undefined, () => childSpan('openfga check', {})));
    r.end();
    expect(r.result).toBeUndefined();
  });
});
