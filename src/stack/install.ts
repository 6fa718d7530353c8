// Downloads and builds the local Neo4j and OpenFGA into <root>/.local once, so later starts only launch them.
import type { Log } from './paths';
import { ensureNeo4jInstalled } from './install-neo4j';
import { ensureOpenFgaInstalled } from './install-openfga';

export {
  ensureNeo4jInstalled, isNeo4jInstalled, javaCommand, NEO4J_JVM_ARGS, neo4jInstallation, neo4jJavaArgs, type Neo4jInstallation,
} from './install-neo4j';
export { ensureOpenFgaInstalled, installedOpenFgaVersion } from './install-openfga';

/** ensureInstalled installs whatever is missing (Neo4j jars + launcher, OpenFGA binary) in parallel, and is silent when all is cached. */
export async function ensureInstalled(log: Log): Promise<void> {
  await Promise.all([ensureNeo4jInstalled(log), ensureOpenFgaInstalled(log)]);
}
