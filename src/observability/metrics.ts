/**
 * The service's Prometheus metrics (GET /metrics): the families the README's "Metrics" table
 * explains, each with a bounded set of labels, and the Node process's own (CPU, memory, event-loop
 * lag, GC). The adapters and use cases know nothing of prom-client: they take small hooks that
 * service.ts wires to the methods here.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** RelayState is what the revision and leader gauges read from the relay, at scrape time. */
export interface RelayState {
  readonly committedRevision: number;
  readonly appliedRevision: number;
  readonly holdsLease: boolean;
}

/** UNMATCHED_ROUTE is the one route label of every request no route of the API matched (404s, probes for other paths). */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Buckets in seconds: a cached check answers in well under a millisecond, a bulk write may take seconds. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;

/**
 * processMetrics are prom-client's Node defaults, once per process: they describe the process, so
 * two services in one process (as in the tests) share them rather than each watching the event
 * loop and the GC again.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

type Inc = () => void;
type Observe = (seconds: number) => void;

/** ServiceMetrics is one service's registry; render() is the /metrics document. */
export class ServiceMetrics {
  /** contentType is the Prometheus text format's media type. */
  readonly contentType: string;
  private readonly registry = new Registry();
  private readonly requests: Histogram<'method' | 'route' | 'status'>;
  private readonly checks: Record<'allowed' | 'denied', Record<'hit' | 'miss', Inc>>;
  private readonly writes: Record<'applied' | 'pending', Inc>;
  private readonly openfga: Histogram<'op'>;
  private readonly neo4j: Histogram<'op'>;
  /** Children bound to their label values once, so the hot path hashes no label object. */
  private readonly openfgaOps = new Map<string, Observe>();
  private readonly neo4jOps = new Map<string, Observe>();
  private relay?: RelayState;

  constructor() {
    // Started now, not at the first scrape: the GC and event-loop figures count from here.
    processMetrics();
    const registers = [this.registry];
    this.contentType = this.registry.contentType;
    this.requests = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    const checks = new Counter({
      name: 'partnergraph_checks_total',
      help: 'Checks answered, by answer (allowed|denied) and by whether the decision cache had it (hit|miss).',
      labelNames: ['result', 'cache'],
      registers,
    });
    const bind = (result: 'allowed' | 'denied', cache: 'hit' | 'miss') => {
      const child = checks.labels(result, cache);
      return () => child.inc();
    };
    this.checks = {
      allowed: { hit: bind('allowed', 'hit'), miss: bind('allowed', 'miss') },
      denied: { hit: bind('denied', 'hit'), miss: bind('denied', 'miss') },
    };
    const writes = new Counter({
      name: 'partnergraph_tuple_writes_total',
      help: 'Tuple writes acknowledged: applied (200, OpenFGA has it) or pending (202, OpenFGA did not have it within WRITE_ACK_TIMEOUT_MS).',
      labelNames: ['ack'],
      registers,
    });
    const applied = writes.labels('applied');
    const pending = writes.labels('pending');
    this.writes = { applied: () => applied.inc(), pending: () => pending.inc() };
    const state = this;
    new Gauge({
      name: 'partnergraph_revision',
      help: 'The latest revision committed to Neo4j and the latest applied to OpenFGA, as this replica last read them; the relay lag is committed - applied.',
      labelNames: ['state'],
      registers,
      collect() {
        if (!state.relay) return;
        this.set({ state: 'committed' }, state.relay.committedRevision);
        this.set({ state: 'applied' }, state.relay.appliedRevision);
      },
    });
    new Gauge({
      name: 'partnergraph_relay_leader',
      help: '1 on the replica holding the relay lease (the one applying the outbox to OpenFGA), 0 on the others.',
      registers,
      collect() {
        this.set(state.relay?.holdsLease ? 1 : 0);
      },
    });
    this.openfga = new Histogram({
      name: 'partnergraph_openfga_request_duration_seconds',
      help: 'Time of each call to OpenFGA, by call (check, batch-check, write, read, ...), failures included.',
      labelNames: ['op'],
      buckets: STORE_BUCKETS,
      registers,
    });
    this.neo4j = new Histogram({
      name: 'partnergraph_neo4j_transaction_duration_seconds',
      help: 'Time of each Neo4j transaction, retries included, by the cypher/ statements it ran (joined with +), failures included.',
      labelNames: ['op'],
      buckets: STORE_BUCKETS,
      registers,
    });
  }

  /** observeRequest counts one answered request; route is a pattern or UNMATCHED_ROUTE, never a raw path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe({ method, route, status }, seconds);
  }

  /** countCheck counts one check answer; cache is hit when the decision cache answered it. */
  countCheck(allowed: boolean, cache: 'hit' | 'miss'): void {
    this.checks[allowed ? 'allowed' : 'denied'][cache]();
  }

  /** countWrite counts one acknowledged tuple write. */
  countWrite(pending: boolean): void {
    this.writes[pending ? 'pending' : 'applied']();
  }

  /** observeOpenFga times one OpenFGA call; op comes from a fixed set (storage/openfga/http-client.ts). */
  observeOpenFga(op: string, seconds: number): void {
    bound(this.openfgaOps, this.openfga, op)(seconds);
  }

  /** observeNeo4j times one Neo4j transaction; op names its statements, a set fixed by the code. */
  observeNeo4j(op: string, seconds: number): void {
    bound(this.neo4jOps, this.neo4j, op)(seconds);
  }

  /** watchRelay makes the revision and leader gauges read relay at every scrape. */
  watchRelay(relay: RelayState): void {
    this.relay = relay;
  }

  /** render is the Prometheus text document: this service's families, then the process's. */
  async render(): Promise<string> {
    const [own, processWide] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own}\n${processWide}`;
  }
}

function bound(cache: Map<string, Observe>, histogram: Histogram<'op'>, op: string): Observe {
  let observe = cache.get(op);
  if (!observe) {
    const child = histogram.labels(op);
    observe = (seconds) => child.observe(seconds);
    cache.set(op, observe);
  }
  return observe;
}
