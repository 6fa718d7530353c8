// Starts the embedded Neo4j (neo4j-launcher/Launcher.java) on a loopback Bolt port and waits until it serves.
import fs from 'node:fs';
import path from 'node:path';
import { ensureNeo4jInstalled, javaCommand, neo4jJavaArgs } from './install';
import type { Log } from './paths';
import { freePort, isPortFree } from './free-ports';
import { logTail, readLogSince } from './logs';
import { type ChildHandle, childEnv, type ManagedProcess, sleep, spawnManaged } from './process';

/** Neo4jProcess is a running embedded Neo4j; uri is what NEO4J_URI should be. */
export interface Neo4jProcess extends ManagedProcess {
  readonly uri: string;
  readonly port: number;
  /** logFile holds the launcher's output; Neo4j's own debug.log is under <dataDir>/neo4j/logs. */
  readonly logFile: string;
}

export interface StartNeo4jOptions {
  /** dataDir holds the store (<dataDir>/neo4j) and the output (<dataDir>/neo4j.log); restarting on it keeps the data. */
  dataDir: string;
  /** port is the Bolt port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  log?: Log;
  /** readyTimeoutMs bounds the wait for the ready line; default 90 s. */
  readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 90_000;
// A clean DBMS shutdown takes a few seconds (Bolt drains, then a checkpoint); past this we SIGKILL.
const STOP_TIMEOUT_MS = 30_000;

/** startNeo4j launches Neo4j on dataDir and resolves once Bolt accepts connections; it installs Neo4j first if needed. */
export async function startNeo4j(opts: StartNeo4jOptions): Promise<Neo4jProcess> {
  const log = opts.log ?? (() => undefined);
  const installation = await ensureNeo4jInstalled(log);
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'neo4j.log');
  // A port found free can be taken by a parallel test before the JVM binds it; then try a fresh one.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port || (await freePort());
    if (!(await isPortFree(port))) {
      throw new Error(`Neo4j: port 127.0.0.1:${port} is already in use (is another Neo4j still running or shutting down?)`);
    }
    const child = await spawnManaged({
      name: 'neo4j',
      command: javaCommand(),
      args: neo4jJavaArgs(installation, ['--home', path.join(dataDir, 'neo4j'), '--port', String(port)]),
      cwd: dataDir,
      env: childEnv('NEO4J_'),
      logFile,
      parentWatch: 'stdin',
      stopTimeoutMs: STOP_TIMEOUT_MS,
    });
    let uri: string;
    try {
      uri = await waitForReady(child, port, opts.readyTimeoutMs ?? READY_TIMEOUT_MS);
    } catch (err) {
      if (!opts.port && attempt < 3 && /address already in use/i.test((err as Error).message)) continue;
      throw err;
    }
    log(`[stack] NEO4J_READY ${uri} (pid ${child.pid}, log ${logFile})`);
    return Object.assign(child, { uri, port });
  }
}

async function waitForReady(child: ChildHandle, port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void child.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    const out = readLogSince(child.logFile, child.logStart);
    const ready = /^NEO4J_READY (\S+)/m.exec(out);
    if (ready?.[1]) return ready[1];
    const failed = /^NEO4J_FAILED .*$/m.exec(out) ?? /Address already in use.*$/m.exec(out);
    if (failed || exitCode !== undefined || !child.running) {
      await child.stop();
      const why = failed ? failed[0] : `exited with code ${exitCode ?? 'null (signal)'}`;
      throw new Error(`Neo4j on 127.0.0.1:${port} failed to start: ${why}; ${logTail(child.logFile, child.logStart)}`);
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`Neo4j on 127.0.0.1:${port} was not ready within ${timeoutMs / 1000} s; ${logTail(child.logFile, child.logStart)}`);
    }
    await sleep(100);
  }
}
