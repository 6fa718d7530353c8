// Starts the whole local stack (Neo4j + OpenFGA) together and stops it as one.
import path from 'node:path';
import { startNeo4j, type Neo4jProcess } from './neo4j';
import { startOpenFga, type OpenFgaProcess } from './openfga';
import type { Log } from './paths';

/** Stack is a running Neo4j and OpenFGA pair; each can still be signalled, stopped and restarted alone. */
export interface Stack {
  neo4j: Neo4jProcess;
  openfga: OpenFgaProcess;
  /** stop stops both in parallel; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartStackOptions {
  /** dataDir holds both stores and their logs (neo4j/, neo4j.log, openfga.db, openfga.log). */
  dataDir: string;
  datastore: 'memory' | 'sqlite';
  neo4jPort?: number;
  openfgaPort?: number;
  log?: Log;
}

/** startStack starts both in parallel; if one fails the other is stopped and the error says which failed and shows its log tail. */
export async function startStack(opts: StartStackOptions): Promise<Stack> {
  const dataDir = path.resolve(opts.dataDir);
  const [neo4j, openfga] = await Promise.allSettled([
    startNeo4j({ dataDir, port: opts.neo4jPort, log: opts.log }),
    startOpenFga({ datastore: opts.datastore, dataDir, port: opts.openfgaPort, log: opts.log }),
  ]);
  if (neo4j.status === 'fulfilled' && openfga.status === 'fulfilled') {
    const started = { neo4j: neo4j.value, openfga: openfga.value };
    let stopping: Promise<void> | undefined;
    return {
      ...started,
      stop() {
        stopping ??= Promise.all([started.neo4j.stop(), started.openfga.stop()]).then(() => undefined);
        return stopping;
      },
    };
  }
  const problems: string[] = [];
  if (neo4j.status === 'fulfilled') await neo4j.value.stop();
  else problems.push(`Neo4j failed: ${(neo4j.reason as Error).message}`);
  if (openfga.status === 'fulfilled') await openfga.value.stop();
  else problems.push(`OpenFGA failed: ${(openfga.reason as Error).message}`);
  throw new Error(`the local stack did not start.\n${problems.join('\n')}`);
}
