/**
 * The Neo4j adapters held to the contract suites of their ports (test/contract/), on a Neo4j of
 * this file's own, emptied before each test: the suites read exact revisions and move the relay's
 * applied mark, which the shared test Neo4j's services depend on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { AccessRules } from '../../src/domain/access-rules';
import { AuthzModel } from '../../src/domain/authz-model';
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
    await raw.executeQuery('MATCH (n) DETACH DELETE n');
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
