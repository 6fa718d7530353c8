// `npm run stack`: runs only the local Neo4j and OpenFGA (on OPENFGA_DATASTORE) in the foreground and prints the environment that connects to them.
import path from 'node:path';
import { findOrCreateStore } from '../storage/openfga/bootstrap';
import { OpenFgaHttp } from '../storage/openfga/http-client';
import { ensureInstalled } from './install';
import { projectRoot, resolveDataDir } from './paths';
import { freePort, isPortFree } from './free-ports';
import { OPENFGA_DATASTORES, type OpenFgaDatastore } from './openfga';
import { startStack, type Stack } from './stack';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** pickPort keeps the wanted port when it is free and otherwise falls back to a free one, saying so. */
async function pickPort(envName: string, fallback: number): Promise<number> {
  const raw = process.env[envName];
  const wanted = raw ? Number(raw) : fallback;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    throw new Error(`${envName} must be a port number (0-65535), got "${raw}"`);
  }
  if (wanted !== 0 && (await isPortFree(wanted))) return wanted;
  const port = await freePort();
  if (wanted !== 0) log(`[stack] port ${wanted} (${envName}) is taken; using ${port} instead`);
  return port;
}

/** datastoreFromEnv reads OPENFGA_DATASTORE as the service's config does: sqlite unless it names another. */
function datastoreFromEnv(): OpenFgaDatastore {
  const raw = process.env.OPENFGA_DATASTORE?.trim() || 'sqlite';
  const found = OPENFGA_DATASTORES.find((d) => d === raw);
  if (!found) throw new Error(`OPENFGA_DATASTORE must be one of ${OPENFGA_DATASTORES.join(', ')}, got "${raw}"`);
  return found;
}

/** describeDatastore says where OpenFGA keeps its stores, for the ready line. */
function describeDatastore(stack: Stack, datastore: OpenFgaDatastore, dataDir: string): string {
  if (stack.postgres) return `PostgreSQL ${stack.postgres.address} (password in ${path.join(dataDir, 'postgres.password')})`;
  return datastore === 'sqlite' ? `SQLite ${path.join(dataDir, 'openfga.db')}` : 'memory (empty at every start)';
}

async function main(): Promise<void> {
  const dataDir = resolveDataDir(process.env.DATA_DIR);
  const datastore = datastoreFromEnv();
  await ensureInstalled(log);
  const [neo4jPort, openfgaPort] = [await pickPort('NEO4J_BOLT_PORT', 7687), await pickPort('OPENFGA_HTTP_PORT', 8080)];
  log(`[stack] starting Neo4j and OpenFGA on ${datastore} (data in ${path.relative(projectRoot, dataDir) || '.'})...`);
  const started = Date.now();
  const stack = await startStack({ dataDir, datastore, neo4jPort, openfgaPort, log });
  let shuttingDown = false;
  const shutdown = async (why: string, code: number): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`[stack] ${why}; stopping Neo4j and OpenFGA${stack.postgres ? ' and PostgreSQL' : ''}...`);
    await stack.stop();
    log('[stack] stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('interrupted', 0));
  process.once('SIGTERM', () => void shutdown('terminated', 0));
  void stack.neo4j.exited.then((c) => shutdown(`Neo4j exited unexpectedly (code ${c}), see ${stack.neo4j.logFile}`, 1));
  void stack.openfga.exited.then((c) => shutdown(`OpenFGA exited unexpectedly (code ${c}), see ${stack.openfga.logFile}`, 1));
  void stack.postgres?.exited.then((c) => shutdown(`PostgreSQL exited unexpectedly (code ${c}), see ${stack.postgres?.logFile}`, 1));

  const storeId = await findOrCreateStore(new OpenFgaHttp({ apiUrl: stack.openfga.apiUrl, timeoutMs: 10_000 }));
  log(`[stack] OpenFGA's datastore: ${describeDatastore(stack, datastore, dataDir)}`);
  log(`[stack] ready in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl-C stops ${stack.postgres ? 'all three' : 'both'}`);
  process.stdout.write([
    `NEO4J_URI=${stack.neo4j.uri}`,
    'NEO4J_USER=neo4j',
    // Auth is disabled on this loopback-only Neo4j; the driver still wants some password.
    'NEO4J_PASSWORD=unused-auth-disabled',
    `OPENFGA_API_URL=${stack.openfga.apiUrl}`,
    `OPENFGA_STORE_ID=${storeId}`,
    `# OpenFGA's own Prometheus metrics: ${stack.openfga.metricsUrl}`,
    '',
  ].join('\n'));
}

main().catch((err: unknown) => {
  log(`[stack] ${(err as Error).message}`);
  process.exit(1);
});
