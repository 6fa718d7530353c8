/**
 * The OpenFGA adapter held to the AuthzEngine contract suite (test/contract/engine.contract.ts), on
 * an OpenFGA of this file's own, so that losing the store is what it is in production: on memory,
 * OpenFGA restarts empty; on PostgreSQL (the integration-postgres project), where a restart keeps
 * every store and a deleted store still answers (OpenFGA only hides it), OpenFGA restarts on a new,
 * empty database, as after a restore gone wrong. openfga-engine.test.ts covers what only this adapter
 * does (model bootstrap, batching, shedding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuthzModel } from '../../src/domain/authz-model';
import { startOpenFga, startPostgres, type OpenFgaProcess, type PostgresProcess } from '../../src/stack';
import { OpenFgaEngine } from '../../src/storage/openfga/engine';
import { engineContract } from '../contract/engine.contract';
import { uid } from '../fixtures/harness';
import { testDatastore, THROWAWAY_POSTGRES } from '../fixtures/private-stack';

const model = AuthzModel.load();
let openfga: OpenFgaProcess;
let postgres: PostgresProcess | undefined;
let dataDir: string | undefined;

/** startDatastoreAndOpenFga starts OpenFGA (on the given port) on an empty datastore of this file's own. */
async function startDatastoreAndOpenFga(port?: number): Promise<void> {
  if (testDatastore === 'postgres') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'partnergraph-adapter-'));
    postgres = await startPostgres({ dataDir, settings: THROWAWAY_POSTGRES });
  }
  openfga = await startOpenFga({ datastore: testDatastore, postgresUri: postgres?.uri, port });
}

async function stopDatastoreAndOpenFga(): Promise<void> {
  await openfga?.stop();
  await postgres?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

beforeAll(() => startDatastoreAndOpenFga());
afterAll(() => stopDatastoreAndOpenFga());
const apiUrl = () => openfga.apiUrl;

/** createStore makes an empty store of the test's own, so tests never see each other's tuples. */
async function createStore(): Promise<string> {
  const res = await fetch(`${apiUrl()}/stores`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: uid('contract') }) });
  return ((await res.json()) as { id: string }).id;
}

describe(`the OpenFGA adapter (${testDatastore})`, () => {
  engineContract({
    async fresh() {
      const engine = new OpenFgaEngine({ apiUrl: apiUrl(), storeId: await createStore(), timeoutMs: 10_000, model: model.json });
      await engine.bootstrap();
      return {
        engine,
        loseStore: async () => {
          const port = openfga.port;
          await stopDatastoreAndOpenFga();
          await startDatastoreAndOpenFga(port);
        },
      };
    },
  });
});
