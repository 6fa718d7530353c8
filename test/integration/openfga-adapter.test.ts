/**
 * The OpenFGA adapter held to the AuthzEngine contract suite (test/contract/engine.contract.ts),
 * on a real OpenFGA of this file's own (memory datastore), so that losing the store is what it is
 * in production: the process restarts empty. openfga-engine.test.ts covers what only this adapter
 * does (model bootstrap, batching, shedding).
 */
import { AuthzModel } from '../../src/domain/authz-model';
import { startOpenFga, type OpenFgaProcess } from '../../src/stack';
import { OpenFgaEngine } from '../../src/storage/openfga/engine';
import { engineContract } from '../contract/engine.contract';
import { uid } from '../fixtures/harness';

const model = AuthzModel.load();
let openfga: OpenFgaProcess;

beforeAll(async () => {
  openfga = await startOpenFga({ datastore: 'memory' });
});
afterAll(() => openfga?.stop());

/** createStore makes an empty store of the test's own, so tests never see each other's tuples. */
async function createStore(): Promise<string> {
  const res = await fetch(`${openfga.apiUrl}/stores`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: uid('contract') }) });
  return ((await res.json()) as { id: string }).id;
}

describe('the OpenFGA adapter', () => {
  engineContract({
    async fresh() {
      const engine = new OpenFgaEngine({ apiUrl: openfga.apiUrl, storeId: await createStore(), timeoutMs: 10_000, model: model.json });
      await engine.bootstrap();
      return {
        engine,
        loseStore: async () => {
          await openfga.stop();
          openfga = await startOpenFga({ datastore: 'memory', port: openfga.port });
        },
      };
    },
  });
});
