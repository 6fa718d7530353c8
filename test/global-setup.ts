/**
 * Starts the real Neo4j and OpenFGA (memory datastore) once for the whole run, on free ports
 * with throwaway data, and hands their addresses to the test workers through the environment.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureInstalled, startStack } from '../src/stack';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await ensureInstalled(log);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnergraph-test-'));
  const started = Date.now();
  const stack = await startStack({ dataDir, datastore: 'memory', log: () => undefined });
  log(`[test] Neo4j ${stack.neo4j.uri} and OpenFGA ${stack.openfga.apiUrl} up in ${Date.now() - started} ms (data in ${dataDir})`);
  process.env.TEST_NEO4J_URI = stack.neo4j.uri;
  process.env.TEST_OPENFGA_API_URL = stack.openfga.apiUrl;
  process.env.TEST_DATA_DIR = dataDir;
  (globalThis as Record<string, unknown>).__PARTNERGRAPH_STACK__ = { stack, dataDir };
}
