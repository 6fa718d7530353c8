/**
 * The one place that owns Neo4j sessions and transactions. Statements are run by name from
 * cypher/ with parameters only, and driver errors stop here: they leave as domain errors.
 */
import neo4j, { type BookmarkManager, type Driver, type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import { childSpan, tracingEnabled } from '../../observability/tracing';
import { cypher, schemaStatements } from './cypher';
import { translate } from './driver-errors';
import { pagesOf } from './result-pages';

/** Row is one result record as a plain object. */
export type Row = Record<string, unknown>;

/** Run executes a named statement inside the current transaction. */
export type Run = (name: string, params?: Record<string, unknown>) => Promise<Row[]>;

/** Neo4jSettings are what the executor needs to connect. */
export interface Neo4jSettings {
  uri: string;
  user: string;
  password: string;
  timeoutMs: number;
  /** observe is told each transaction's statements (transactionOp) and time in seconds, retries and failures included: the metrics hook. */
  observe?: (op: string, seconds: number) => void;
}

/**
 * Neo4jExecutor runs named statements in read or write transactions with bounded time. Every
 * session shares one bookmark manager, so on a cluster (neo4j:// routing) a read transaction waits
 * for the writes this process committed before it: read-your-writes, whichever member serves it.
 */
export class Neo4jExecutor {
  /** bookmarks are the causal chain of this process's transactions, passed to every session. */
  readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();

  private constructor(
    private readonly driver: Driver,
    /** timeoutMs bounds every wait: connecting, a transaction, the driver's retries. */
    readonly timeoutMs: number,
    private readonly observe?: (op: string, seconds: number) => void,
  ) {}

  /** connect makes a driver whose every wait (connect, acquire, retry) is bounded by timeoutMs. */
  static connect(s: Neo4jSettings): Neo4jExecutor {
    const driver = neo4j.driver(s.uri, neo4j.auth.basic(s.user, s.password), {
      disableLosslessIntegers: true,
      connectionTimeout: s.timeoutMs,
      connectionAcquisitionTimeout: s.timeoutMs,
      maxTransactionRetryTime: s.timeoutMs,
      maxConnectionPoolSize: 50,
    });
    return new Neo4jExecutor(driver, s.timeoutMs, s.observe);
  }

  /** read runs one named statement in a read transaction. */
  async read(name: string, params: Record<string, unknown> = {}): Promise<Row[]> {
    return this.transact('read', (run) => run(name, params));
  }

  /** write runs work in one write transaction; everything it ran commits together or not at all. */
  async write<T>(work: (run: Run) => Promise<T>): Promise<T> {
    return this.transact('write', work);
  }

  /**
   * stream yields the rows of one named statement in a read transaction as Neo4j sends them, in
   * pages of at most pageSize, holding no more than two pages and one fetch: constant memory for
   * any number of rows. The transaction is bounded by timeoutMs.
   */
  async *stream(name: string, params: Record<string, unknown>, pageSize: number, timeoutMs: number): AsyncIterable<Row[]> {
    const session = this.driver.session({ defaultAccessMode: neo4j.session.READ, bookmarkManager: this.bookmarks, fetchSize: pageSize });
    const tx = await this.guard(() => session.beginTransaction({ timeout: timeoutMs }));
    try {
      yield* pagesOf(tx.run(cypher(name), integers(params)), pageSize);
      await this.guard(() => tx.commit());
    } finally {
      if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      await session.close().catch(() => undefined);
    }
  }

  /**
   * applySchema creates the constraints and indexes in cypher/schema-*.cypher (idempotent). Two
   * replicas starting together can both pass IF NOT EXISTS; the loser is told an equivalent rule
   * exists, which is the outcome it wanted.
   */
  async applySchema(): Promise<void> {
    for (const statement of schemaStatements()) {
      await this.guard(() => this.driver.executeQuery(statement, {}, { routing: neo4j.routing.WRITE }).catch((err: unknown) => {
        if (err instanceof Neo4jError && err.code === 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists') return undefined;
        throw err;
      }));
    }
  }

  /**
   * warmUp plans every statement once (EXPLAIN runs nothing), so the first real request does not
   * pay Cypher planning on a cold JVM, which can exceed the transaction time-out.
   */
  async warmUp(names: string[]): Promise<void> {
    for (const name of names) {
      await this.guard(() => this.driver.executeQuery(`EXPLAIN ${cypher(name)}`, {}, { routing: neo4j.routing.READ }));
    }
  }

  /** ping resolves when the database answers a trivial query. */
  async ping(): Promise<void> {
    await this.guard(() => this.driver.executeQuery('RETURN 1', {}, { routing: neo4j.routing.READ }));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  /**
   * transact runs work in one transaction, timed for the metrics and traced as one span named by
   * the statements it ran (`neo4j lock-revision+end-tuples+...`), the driver's retries included.
   */
  private async transact<T>(mode: 'read' | 'write', work: (run: Run) => Promise<T>): Promise<T> {
    const started = performance.now();
    const span = tracingEnabled() ? childSpan(`neo4j ${mode}`, { 'db.system.name': 'neo4j', 'db.operation.name': mode }) : undefined;
    const statements: string[] = [];
    const session = this.driver.session({ defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE, bookmarkManager: this.bookmarks });
    const txWork = (tx: Pick<ManagedTransaction, 'run'>) =>
      work(async (name, params = {}) => {
        if (!statements.includes(name)) statements.push(name);
        return (await tx.run(cypher(name), integers(params))).records.map((r) => r.toObject());
      });
    const config = { timeout: this.timeoutMs };
    let failure: unknown;
    try {
      return await this.guard(() => (mode === 'read' ? session.executeRead(txWork, config) : session.executeWrite(txWork, config)));
    } catch (err) {
      throw (failure = err);
    } finally {
      const op = transactionOp(statements);
      this.observe?.(op, (performance.now() - started) / 1000);
      if (span) {
        span.rename(`neo4j ${op}`);
        span.set('db.query.summary', op);
        span.end(failure);
      }
      await session.close().catch(() => undefined);
    }
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw translate(err);
    }
  }
}

/**
 * transactionOp names a transaction by the cypher/ statements it ran, in order, joined with `+`
 * (`read-counters`, `lock-revision+create-tuples+record-changes+set-revision`): a set bounded by
 * the code's paths, never by data. One that failed before running any is `none`.
 */
export function transactionOp(statements: readonly string[]): string {
  return statements.length ? statements.join('+') : 'none';
}

/**
 * integers sends whole JS numbers as Cypher integers (the driver would send them as floats, which
 * LIMIT refuses and which would store revisions as floats). The service keeps no fractional
 * numbers in Neo4j: money is in minor units.
 */
function integers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(integers);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, integers(v)]));
  }
  return value;
}
