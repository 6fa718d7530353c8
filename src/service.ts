/**
 * The composition root: wires config to adapters, use cases and the app, and owns their
 * lifecycle (start the relay, stop everything in order). main.ts and the tests both use it.
 */
import { ExportTuplesQuery } from './domain/export-tuples';
import { ImportTuplesCommand } from './domain/import-tuples';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { buildApp, type Readiness } from './app';
import type { Config } from './config';
import { AuthzModel } from './domain/authz-model';
import { AccessRules } from './domain/access-rules';
import { CheckAccessQuery } from './domain/check-access';
import { CheckBatchQuery } from './domain/check-batch';
import { CloseMonthCommand } from './domain/close-month';
import { CommissionPayoutsQuery } from './domain/commission-payouts';
import { CommissionPlansQuery } from './domain/commission-plans';
import { CommissionStatementQuery } from './domain/commission-statement';
import { DeleteEntityCommand } from './domain/delete-entity';
import { DescribeStoreQuery } from './domain/describe-store';
import { ExpandRelationQuery } from './domain/expand-relation';
import { ExplainAccessQuery } from './domain/explain-access';
import { GetEntityQuery } from './domain/get-entity';
import { ListEntitiesQuery } from './domain/list-entities';
import { ListInvoicesQuery } from './domain/list-invoices';
import { ListObjectsQuery } from './domain/list-objects';
import { ListRelationsQuery } from './domain/list-relations';
import { ListUsersQuery } from './domain/list-users';
import { SnapshotPages } from './domain/sorted-page';
import { PutEntityCommand } from './domain/put-entity';
import { ReadChangesQuery } from './domain/read-changes';
import { ReadTuplesQuery } from './domain/read-tuples';
import { ReconcileStoresCommand } from './domain/reconcile-stores';
import { RecordInvoiceCommand } from './domain/record-invoice';
import { SearchEntitiesQuery } from './domain/search-entities';
import { OutboxRelay } from './domain/relay';
import { RevisionGate } from './domain/revision';
import { WhatIfQuery } from './domain/what-if';
import { WriteTuplesCommand } from './domain/write-tuples';
import { Verifier } from './http/auth';
import { ServiceMetrics } from './observability/metrics';
import { queryNames } from './storage/neo4j/cypher';
import { Neo4jEntityStore } from './storage/neo4j/entity-store';
import { Neo4jExecutor } from './storage/neo4j/executor';
import { Neo4jGraphStore } from './storage/neo4j/graph-store';
import { Neo4jCommissionStore } from './storage/neo4j/commission-store';
import { Neo4jInvoiceStore } from './storage/neo4j/invoice-store';
import { Neo4jTupleStore } from './storage/neo4j/tuple-store';
import { OpenFgaEngine } from './storage/openfga/engine';
import { CachingEngine } from './storage/caching-engine';

/** ServiceConfig is the part of Config the service needs, with both stores resolved. */
export type ServiceConfig = Config & { NEO4J_URI: string; OPENFGA_API_URL: string };

/** Service is a wired, startable Partnergraph. */
export interface Service {
  app: Express;
  relay: OutboxRelay;
  engine: OpenFgaEngine;
  /** decisionCache is the check cache when DECISION_CACHE is on. */
  decisionCache?: CachingEngine;
  /** metrics are what GET /metrics serves, when METRICS is on. */
  metrics?: ServiceMetrics;
  model: AuthzModel;
  /**
   * beginShutdown starts a graceful exit: /readyz answers 503 from now on, every answer closes its
   * connection, and the relay gives its lease to another replica while still answering this one's
   * waiting writes. The caller then drains its HTTP server and calls stop.
   */
  beginShutdown(): Promise<void>;
  /** stop ends the relay and closes Neo4j; the caller closes its HTTP server first. */
  stop(): Promise<void>;
}

/** createService connects to Neo4j and OpenFGA, applies the schema and model, and starts the relay. */
export async function createService(config: ServiceConfig, logger: Logger): Promise<Service> {
  const model = AuthzModel.load();
  // The adapters and use cases take plain hooks; only this file knows they feed Prometheus.
  const metrics = config.METRICS === 'on' ? new ServiceMetrics() : undefined;
  const db = Neo4jExecutor.connect({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    timeoutMs: config.NEO4J_TIMEOUT_MS,
    observe: metrics && ((op, seconds) => metrics.observeNeo4j(op, seconds)),
  });
  await db.applySchema();
  await db.warmUp(queryNames());
  const store = new Neo4jTupleStore(db);
  const engine = new OpenFgaEngine({
    apiUrl: config.OPENFGA_API_URL,
    storeId: config.OPENFGA_STORE_ID,
    apiToken: config.OPENFGA_API_TOKEN,
    timeoutMs: config.OPENFGA_TIMEOUT_MS,
    model: model.json,
    log: (msg) => logger.info(msg),
    observe: metrics && ((op, seconds) => metrics.observeOpenFga(op, seconds)),
    // Every answer OpenFGA gives is one the decision cache (if any) did not have.
    onCheck: metrics && ((allowed) => metrics.countCheck(allowed, 'miss')),
  });
  await engine.bootstrap();
  const relayLog = logger.child({ component: 'relay' });
  // The relay applies through the cache so every change to OpenFGA empties it; see caching-engine.ts.
  let relay: OutboxRelay | undefined;
  const decisionCache = config.DECISION_CACHE === 'on'
    ? new CachingEngine(engine, {
        appliedRevision: () => relay?.appliedRevision ?? -1,
        maxEntries: config.DECISION_CACHE_SIZE,
        onHit: metrics && ((allowed) => metrics.countCheck(allowed, 'hit')),
      })
    : undefined;
  relay = new OutboxRelay(store, store, decisionCache ?? engine, {
    holder: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    log: { info: (o, m) => relayLog.info(o, m), warn: (o, m) => relayLog.warn(o, m) },
  });
  relay.start(true);
  metrics?.watchRelay(relay);

  const gate = new RevisionGate(relay, config.CONSISTENCY_WAIT_MS);
  let draining = false;
  const readiness = async (): Promise<Readiness> => {
    const [neo4j, fga] = await Promise.all([
      db.ping().then(() => true, () => false),
      engine.health().then((h) => h, () => 'down' as const),
    ]);
    return { neo4j, openfga: fga !== 'down', model: fga === 'ok', draining };
  };
  const writeTuples = new WriteTuplesCommand(model, store, relay, config.WRITE_ACK_TIMEOUT_MS, metrics && ((pending) => metrics.countWrite(pending)));
  const entities = new Neo4jEntityStore(db);
  const invoices = new Neo4jInvoiceStore(db);
  const commissions = new Neo4jCommissionStore(db);
  const migrated = await commissions.migrateLegacyPlans();
  if (migrated) logger.info({ migrated }, 'moved commission plans kept on reseller nodes into the plan history, in force from 1970-01');
  const checkAccess = new CheckAccessQuery(model, decisionCache ?? engine, gate);
  const checkBatch = new CheckBatchQuery(model, checkAccess, gate);
  const rules = new AccessRules(model.json);
  const graph = new Neo4jGraphStore(db, rules);
  const pages = new SnapshotPages({ latestRevision: async () => (await store.counters()).latest });
  const verifier = new Verifier(
    {
      secret: config.AUTH_JWT_SECRET,
      publicKey: config.AUTH_JWT_PUBLIC_KEY,
      jwksUrl: config.AUTH_JWKS_URL,
      oidcIssuer: config.AUTH_OIDC_ISSUER,
      jwksCooldownMs: config.AUTH_JWKS_COOLDOWN_MS,
      jwksMaxAgeMs: config.AUTH_JWKS_MAX_AGE_MS,
      issuer: config.AUTH_JWT_ISSUER ?? config.AUTH_OIDC_ISSUER,
      audience: config.AUTH_JWT_AUDIENCE,
    },
    logger.child({ component: 'auth' }),
  );
  // Not awaited: an identity provider that is down must not stop the boot (tokens get 503 until it is back).
  void verifier.prefetch();
  const app = buildApp({
    logger,
    verifier,
    readiness,
    draining: () => draining,
    rateLimit: { perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST },
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    metrics,
    authzenBaseUrl: config.AUTHZEN_BASE_URL,
    useCases: {
      writeTuples,
      readTuples: new ReadTuplesQuery(model, store),
      importTuples: new ImportTuplesCommand(model, store, relay, config.WRITE_ACK_TIMEOUT_MS, metrics && ((pending) => metrics.countWrite(pending))),
      exportTuples: new ExportTuplesQuery(store),
      checkAccess,
      checkBatch,
      listObjects: new ListObjectsQuery(model, rules, graph, pages),
      listUsers: new ListUsersQuery(model, rules, graph, pages),
      listRelations: new ListRelationsQuery(model, checkBatch, pages),
      expandRelation: new ExpandRelationQuery(model, decisionCache ?? engine, gate),
      describeStore: new DescribeStoreQuery(model, engine),
      explainAccess: new ExplainAccessQuery(model, rules, graph),
      whatIf: new WhatIfQuery(model, rules, graph),
      readChanges: new ReadChangesQuery(model, graph),
      reconcileStores: new ReconcileStoresCommand(relay),
      putEntity: new PutEntityCommand(entities, commissions),
      getEntity: new GetEntityQuery(entities, commissions),
      listEntities: new ListEntitiesQuery(entities),
      searchEntities: new SearchEntitiesQuery(entities),
      deleteEntity: new DeleteEntityCommand(entities, writeTuples, store),
      recordInvoice: new RecordInvoiceCommand(invoices),
      listInvoices: new ListInvoicesQuery(invoices),
      commissionStatement: new CommissionStatementQuery(entities, invoices, commissions),
      commissionPlans: new CommissionPlansQuery(entities, commissions),
      closeMonth: new CloseMonthCommand(invoices, commissions),
      commissionPayouts: new CommissionPayoutsQuery(invoices, commissions),
    },
  });
  return {
    app,
    relay,
    engine,
    decisionCache,
    metrics,
    model,
    async beginShutdown() {
      draining = true;
      await relay.resign();
    },
    async stop() {
      await relay.stop();
      await db.close();
    },
  };
}
