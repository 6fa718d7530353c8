// The local Neo4j + OpenFGA (+ PostgreSQL) stack (no Docker): install once, start, signal and stop from tests, `npm start` and `npm run stack`.
export {
  ensureInstalled, ensureNeo4jInstalled, ensureOpenFgaInstalled, installedOpenFgaVersion, isNeo4jInstalled, NEO4J_JVM_ARGS,
  neo4jInstallation, type Neo4jInstallation,
} from './install';
export { startNeo4j, type Neo4jProcess, type StartNeo4jOptions } from './neo4j';
export { OPENFGA_DATASTORES, OPENFGA_RUN_FLAGS, type OpenFgaDatastore, startOpenFga, type OpenFgaProcess, type StartOpenFgaOptions } from './openfga';
export { ensurePostgresInstalled, postgresBinDir } from './install-postgres';
export { startPostgres, type PostgresProcess, type StartPostgresOptions } from './postgres';
export { defaultDataDir, localDir, type Log, NEO4J_VERSION, OPENFGA_VERSION, projectRoot, resolveDataDir } from './paths';
export { freePort, freePorts, isPortFree } from './free-ports';
export { type ManagedProcess, stopAll } from './process';
export { startStack, type Stack, type StartStackOptions } from './stack';
