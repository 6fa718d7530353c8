/**
 * The Neo4j adapters held to the contract suites of their ports (test/contract/), on a Neo4j of
 * this file's own, emptied before each test: the suites read exact revisions and move the relay's
 * applied mark, which the shared test Neo4j's services depend on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j, { type Driver } from 'neo4j-driver';
import { AccessRules } from '../../src/domain/access-rules';
import { AuthzModel } from '../../src/domain/authz-model';
import type { ImportPeriod } from '../../src/domain/ports';
import { startNeo4j, type Neo4jProcess } from '../../src/stack';
import { Neo4jCommissionStore } from '../../src/storage/neo4j/commission-store';
import { Neo4jEntityStore } from '../../src/storage/neo4j/entity-store';
import { Neo4jExecutor } from '../../src/storage/neo4j/executor';
import { Neo4jGraphStore } from '../../src/storage/neo4j/graph-store';
import { Neo4jInvoiceStore } from '../../src/storage/neo4j/invoice-store';
import { Neo4jTupleStore } from '../../src/storage/neo4j/tuple-store';
import { graphStoreContract } from '../contract/graph-store.contract';
import type { StoreHarness } from '../contract/harness';
import { outboxContract } from '../contract/outbox.contract';
import { commissionContract } from '../contract/commission.contract';
import { partnersContract } from '../contract/partners.contract';
import { tupleImportContract } from '../contract/tuple-import.contract';
import { tupleStoreContract } from '../contract/tuple-store.contract';
import { write } from '../contract/harness';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'partnergraph-contract-'));
let server: Neo4jProcess;
let db: Neo4jExecutor;
let raw: Driver;
const rules = new AccessRules(AuthzModel.load().json);

beforeAll(async () => {
  server = await startNeo4j({ dataDir });
  db = Neo4jExecutor.connect({ uri: server.uri, user: 'neo4j', password: '', timeoutMs: 90_000 });
  await db.applySchema();
  raw = neo4j.driver(server.uri, neo4j.auth.basic('neo4j', ''));
});
afterAll(async () => {
  await raw?.close();
  await db?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const neo4jStores: StoreHarness = {
  async fresh() {
    // A test-only statement on this file's own database, so it is not among the service's cypher/.
    // In batches (an auto-commit transaction), since a big import leaves more than one transaction may delete.
    const session = raw.session();
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS').finally(() => session.close());
    return { tuples: new Neo4jTupleStore(db), graph: new Neo4jGraphStore(db, rules), entities: new Neo4jEntityStore(db), invoices: new Neo4jInvoiceStore(db), commissions: new Neo4jCommissionStore(db) };
  },
};

describe('the Neo4j adapters', () => {
  tupleStoreContract(neo4jStores);
  tupleImportContract(neo4jStores);
  outboxContract(neo4jStores);
  graphStoreContract(neo4jStores);
  partnersContract(neo4jStores);
  commissionContract(neo4jStores);
});

describe('moving plans kept on reseller nodes into the plan history', () => {
  it('keeps each old plan in force for every month, removes it from the node, and moves nothing the second time', async () => {
    await neo4jStores.fresh();
    // A reseller as the service stored it before plans had history: the plan as properties of its node.
    await raw.executeQuery(
      "CREATE (:Entity {key: 'reseller:old', type: 'reseller', id: 'old', createdAt: '2024-01-05T00:00:00.000Z', updatedAt: '2024-02-01T00:00:00.000Z', updatedBy: 'finance', " +
        "commissionCurrency: 'SEK', commissionFrom: [0, 100000], commissionBasisPoints: [1000, 1500]})",
    );
    const store = new Neo4jCommissionStore(db);
    expect(await store.migrateLegacyPlans()).toBe(1);
    expect(await store.plans('reseller:old')).toEqual([
      expect.objectContaining({ reseller: 'reseller:old', effectiveFrom: '1970-01', currency: 'SEK', recordedBy: 'finance', tiers: [{ from: 0, basisPoints: 1000 }, { from: 100000, basisPoints: 1500 }] }),
    ]);
    const { records } = await raw.executeQuery("MATCH (e:Entity {key: 'reseller:old'}) RETURN e.commissionCurrency AS currency");
    expect(records[0].get('currency')).toBeNull();
    expect(await store.migrateLegacyPlans()).toBe(0);
    expect(await store.plans('reseller:old')).toHaveLength(1);
  });
});

/**
 * What the Neo4j import adds to the contract: it is staged, decided and published in small
 * transactions, so a file of any size imports; it holds other writes while it runs; and an import
 * whose importer died is finished (decided) or discarded (still staging) by whoever takes it over.
 */
describe('a bulk import in Neo4j, staged and published in small transactions', () => {
  const AT = new Date('2026-03-01T00:00:00.000Z');
  const member = (i: number) => ({ user: `user:u${i}`, relation: 'member', object: `organization:o${i % 100}` });
  const other = { user: 'user:late', relation: 'member', object: 'organization:late' };
  const count = async (query: string) => Number((await raw.executeQuery(query)).records[0].get(0));
  const stagedLines = () => count('MATCH (l:ImportLine) RETURN count(l)');
  /** leaseRunsOut makes the running import's lease end now, as if its importer had stopped renewing it that long ago. */
  const leaseRunsOut = () => raw.executeQuery("MATCH (c:Counter {name: 'revision'}) SET c.importUntil = 0");

  /** gated yields its lines 2000 a batch, stopping after the first batch until open() is called. */
  function gated(n: number) {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    async function* batches() {
      for (let i = 0; i < n; i += 2000) {
        if (i > 0) await opened;
        yield Array.from({ length: Math.min(2000, n - i) }, (_, k) => ({ line: i + k + 1, tuple: member(i + k) }));
      }
    }
    return { batches: batches(), open };
  }
  const ungated = (n: number) => {
    const file = gated(n);
    file.open();
    return file.batches;
  };
  const importOf = (tuples: Neo4jTupleStore, batches: AsyncIterable<ImportPeriod[]>) =>
    tuples.importTuples({ batches, actor: 'importer', requestId: 'staged', at: AT });
  const stagingBegan = async () => {
    while ((await stagedLines()) === 0) await sleep(50);
  };

  it('imports more lines than Neo4j could hold in one transaction, under one revision, leaving nothing staged', async () => {
    const { tuples } = await neo4jStores.fresh();
    const n = 40_000;
    const result = await importOf(tuples as Neo4jTupleStore, ungated(n));
    expect(result).toEqual({ revision: 1, written: n, skipped: 0 });
    expect(await count('MATCH ()-[t:TUPLE]->() WHERE t.endedAt IS NULL RETURN count(t)')).toBe(n);
    expect(await count("MATCH (c:Change {revision: 1, size: 40000}) RETURN count(DISTINCT c.seq)")).toBe(n);
    expect(await stagedLines()).toBe(0);
    expect(await tuples.counters()).toEqual({ latest: 1, applied: 0 });
  });

  it('holds a write that comes while it runs, which then lands after it', async () => {
    const { tuples } = await neo4jStores.fresh();
    const file = gated(4000);
    const importing = importOf(tuples as Neo4jTupleStore, file.batches);
    await stagingBegan();
    let wrote = false;
    const writing = write(tuples, { writes: [other] }).then((r) => ((wrote = true), r));
    await sleep(1000);
    expect(wrote).toBe(false);
    file.open();
    const [imported, written] = await Promise.all([importing, writing]);
    expect(imported.revision).toBe(1);
    expect(written.revision).toBe(2);
  });

  it('discards what it staged when a line is refused, and writes go on at once', async () => {
    const { tuples } = await neo4jStores.fresh();
    async function* batches() {
      yield Array.from({ length: 2000 }, (_, k) => ({ line: k + 1, tuple: member(k) }));
      yield [{ line: 2001, tuple: member(0), since: '2020-01-01T00:00:00.000Z' }];
    }
    await expect(importOf(tuples as Neo4jTupleStore, batches())).rejects.toMatchObject({ line: 2001, code: 'overlapping_period' });
    expect(await stagedLines()).toBe(0);
    expect(await write(tuples, { writes: [other] })).toEqual({ revision: 1, changed: 1 });
  });

  it('is finished by whoever takes it over when its importer dies after deciding, exactly once', async () => {
    const { tuples } = await neo4jStores.fresh();
    // An importer that dies between deciding and publishing: its every publishing transaction fails.
    const dying = Object.create(db) as Neo4jExecutor;
    dying.write = (work) => db.write((run) => work((name, params) => (name === 'publish-import-lines' ? Promise.reject(new Error('importer died')) : run(name, params))));
    await expect(importOf(new Neo4jTupleStore(dying), ungated(3000))).rejects.toMatchObject({ status: 503, code: 'import_unfinished', message: expect.stringContaining('accepted as revision 1') });
    await leaseRunsOut();
    // Decided, so written whatever happens: writes stay held until it is, even with its lease run out.
    const impatient = Neo4jExecutor.connect({ uri: server.uri, user: 'neo4j', password: '', timeoutMs: 1000 });
    await expect(write(new Neo4jTupleStore(impatient), { writes: [other] }).finally(() => impatient.close())).rejects.toMatchObject({ code: 'import_in_progress', status: 503 });
    expect(await tuples.counters()).toEqual({ latest: 1, applied: 0, importAbandoned: true });
    const takers = await Promise.all([tuples.finishAbandonedImport('replica-a'), tuples.finishAbandonedImport('replica-b')]);
    expect(takers.filter(Boolean)).toHaveLength(1);
    expect(await tuples.finishAbandonedImport('replica-c')).toBe(false);
    expect(await count('MATCH ()-[t:TUPLE]->() RETURN count(t)')).toBe(3000);
    expect(await count("MATCH (c:Change {revision: 1, size: 3000}) RETURN count(DISTINCT c.seq)")).toBe(3000);
    expect(await stagedLines()).toBe(0);
    expect(await write(tuples, { writes: [other] })).toEqual({ revision: 2, changed: 1 });
  });

  it('is discarded by whoever takes it over when its importer stops while staging, and the importer is told', async () => {
    const { tuples } = await neo4jStores.fresh();
    const file = gated(4000);
    const importing = importOf(tuples as Neo4jTupleStore, file.batches);
    await stagingBegan();
    await leaseRunsOut();
    expect(await tuples.finishAbandonedImport('replica-a')).toBe(true);
    expect(await stagedLines()).toBe(0);
    file.open();
    await expect(importing).rejects.toMatchObject({ code: 'import_abandoned' });
    expect(await write(tuples, { writes: [other] })).toEqual({ revision: 1, changed: 1 });
    expect(await count('MATCH ()-[t:TUPLE]->() RETURN count(t)')).toBe(1);
  });
});

describe('streaming a statement', () => {
  const seed = async (n: number) => {
    await neo4jStores.fresh();
    await raw.executeQuery(
      "UNWIND range(0, $n - 1) AS i CREATE (:Entity {key: 'user:s' + i})-[:TUPLE {relation: 'member', writtenAt: '2026-01-01T00:00:00.000Z', writtenRevision: 1}]->(:Entity {key: 'organization:s' + i})",
      { n: neo4j.int(n) },
    );
  };

  it('yields every row once, in pages of at most the page size, to a reader slower than Neo4j', async () => {
    await seed(60);
    const users: unknown[] = [];
    for await (const page of db.stream('export-tuples', { revision: 1, history: false }, 4, 30_000)) {
      expect(page.length).toBeLessThanOrEqual(4);
      users.push(...page.map((r) => r.user));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(users).toHaveLength(60);
    expect(new Set(users).size).toBe(60);
  }, 30_000); // a stream that never resumes after pausing would hang here

  it('ends the transaction when the reader stops early, and the next stream reads every row', async () => {
    await seed(60);
    for await (const page of db.stream('export-tuples', { revision: 1, history: false }, 4, 30_000)) {
      expect(page).toHaveLength(4);
      break;
    }
    let rows = 0;
    for await (const page of db.stream('export-tuples', { revision: 1, history: false }, 4, 30_000)) rows += page.length;
    expect(rows).toBe(60);
  });
});
