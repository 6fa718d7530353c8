// Starts the whole local stack (Neo4j + OpenFGA, and the PostgreSQL under OpenFGA when asked) together and stops it as one.
import path from 'node:path';
import { startNeo4j, type Neo4jProcess } from './neo4j';
import { type OpenFgaDatastore, startOpenFga, type OpenFgaProcess } from './openfga';
import type { Log } from './paths';
import { startPostgres, type PostgresProcess } from './postgres';

/** Stack is a running Neo4j and OpenFGA pair; each can still be signalled, stopped and restarted alone. */
export interface Stack {
  neo4j: Neo4jProcess;
  openfga: OpenFgaProcess;
  /** postgres is OpenFGA's database when the datastore is postgres. */
  postgres?: PostgresProcess;
  /** stop stops Neo4j and OpenFGA in parallel, then PostgreSQL; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartStackOptions {
  /** dataDir holds the stores and their logs (neo4j/, neo4j.log, openfga.db or postgres/, openfga.log, postgres.log). */
  dataDir: string;
  datastore: OpenFgaDatastore;
  neo4jPort?: number;
  openfgaPort?: number;
  /** postgresSettings are extra PostgreSQL server settings (see StartPostgresOptions.settings). */
  postgresSettings?: Record<string, string>;
  log?: Log;
}

/** startStack starts both in parallel; if one fails the other is stopped and the error says which failed and shows its log tail. */
export async function startStack(opts: StartStackOptions): Promise<Stack> {
  const dataDir = path.resolve(opts.dataDir);
  let postgres: PostgresProcess | undefined;
  const startFga = async () => {
    if (opts.datastore === 'postgres') {
      postgres = await startPostgres({ dataDir, settings: opts.postgresSettings, log: opts.log });
    }
    try {
      return await startOpenFga({ datastore: opts.datastore, postgresUri: postgres?.uri, dataDir, port: opts.openfgaPort, log: opts.log });
    } catch (err) {
      await postgres?.stop();
      throw err;
    }
  };
  const [neo4j, openfga] = await Promise.allSettled([
    startNeo4j({ dataDir, port: opts.neo4jPort, log: opts.log }),
    startFga(),
  ]);
  if (neo4j.status === 'fulfilled' && openfga.status === 'fulfilled') {
    const started = { neo4j: neo4j.value, openfga: openfga.value, postgres };
    let stopping: Promise<void> | undefined;
    return {
      ...started,
      stop() {
        // OpenFGA goes before its database, so it never logs a lost connection on the way down.
        stopping ??= Promise.all([started.neo4j.stop(), started.openfga.stop().then(() => started.postgres?.stop())]).then(() => undefined);
        return stopping;
      },
    };
  }
  const problems: string[] = [];
  if (neo4j.status === 'fulfilled') await neo4j.value.stop();
  else problems.push(`Neo4j failed: ${(neo4j.reason as Error).message}`);
  if (openfga.status === 'fulfilled') await openfga.value.stop().then(() => postgres?.stop());
  else problems.push(`OpenFGA failed: ${(openfga.reason as Error).message}`);
  throw new Error(`the local stack did not start.\n${problems.join('\n')}`);
}
