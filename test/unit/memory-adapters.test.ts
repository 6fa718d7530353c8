/**
 * The in-memory adapters the unit tests use, held to the same contract suites as the Neo4j and
 * OpenFGA adapters (test/integration/neo4j-adapters.test.ts, openfga-adapter.test.ts), so that a
 * unit test over them proves something about the real service.
 */
import { engineContract } from '../contract/engine.contract';
import { graphStoreContract } from '../contract/graph-store.contract';
import { outboxContract } from '../contract/outbox.contract';
import { commissionContract } from '../contract/commission.contract';
import { partnersContract } from '../contract/partners.contract';
import { tupleImportContract } from '../contract/tuple-import.contract';
import { tupleStoreContract } from '../contract/tuple-store.contract';
import type { StoreHarness } from '../contract/harness';
import { MemoryEngine, memoryStores } from '../fixtures/memory';

const memory: StoreHarness = { fresh: async () => memoryStores() };

describe('the in-memory store adapters', () => {
  tupleStoreContract(memory);
  tupleImportContract(memory);
  outboxContract(memory);
  graphStoreContract(memory);
  partnersContract(memory);
  commissionContract(memory);
});

describe('the in-memory engine', () => {
  engineContract({
    async fresh() {
      const engine = new MemoryEngine();
      return { engine, loseStore: async () => engine.loseStore() };
    },
  });
});
