/**
 * Starts the real Neo4j and OpenFGA (memory datastore) once for the whole run, on free ports
 * with throwaway data, and hands their addresses to the test workers through the environment.
 * startSharedStack is also the integration-postgres project's setup (global-setup-postgres.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureInstalled, type OpenFgaDatastore, type Stack, startStack } from '../src/stack';
import { THROWAWAY_POSTGRES } from './fixtures/private-stack';

/** SharedStack is what global-teardown stops and removes, kept under a key of each project's own. */
export interface SharedStack {
  stack: Stack;
  dataDir: string;
}

/**
 * startSharedStack starts one stack and sets `${envPrefix}NEO4J_URI`, `${envPrefix}OPENFGA_API_URL`
 * and `${envPrefix}DATA_DIR`; every project's setup runs in the same Jest process, so each needs its own prefix.
 */
export async function startSharedStack(datastore: OpenFgaDatastore, envPrefix: string, key: string): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await ensureInstalled(log);
  const dataDir = mkdtempSync(path.join(tmpdir(), `partnergraph-test-${datastore}-`));
  const started = Date.now();
  const stack = await startStack({ dataDir, datastore, postgresSettings: THROWAWAY_POSTGRES, log: () => undefined });
  const on = stack.postgres ? ` on PostgreSQL ${stack.postgres.address}` : ` (${datastore})`;
  log(`[test] Neo4j ${stack.neo4j.uri} and OpenFGA ${stack.openfga.apiUrl}${on} up in ${Date.now() - started} ms (data in ${dataDir})`);
  process.env[`${envPrefix}NEO4J_URI`] = stack.neo4j.uri;
  process.env[`${envPrefix}OPENFGA_API_URL`] = stack.openfga.apiUrl;
  process.env[`${envPrefix}DATA_DIR`] = dataDir;
  (globalThis as Record<string, unknown>)[key] = { stack, dataDir } satisfies SharedStack;
}

export default async function globalSetup(): Promise<void> {
  await startSharedStack('memory', 'TEST_', '__PARTNERGRAPH_STACK__');
}
