// Starts a local OpenFGA (memory, SQLite or PostgreSQL datastore) on loopback ports and waits until /healthz says SERVING.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureOpenFgaInstalled } from './install';
import { type Log, paths } from './paths';
import { freePorts, isPortFree } from './free-ports';
import { logTail } from './logs';
import { type ChildHandle, childEnv, type ManagedProcess, sleep, spawnManaged } from './process';

/** OpenFgaProcess is a running OpenFGA; apiUrl is what OPENFGA_API_URL should be. */
export interface OpenFgaProcess extends ManagedProcess {
  readonly apiUrl: string;
  /** port is the HTTP port; a restart with the same port gives the same apiUrl. */
  readonly port: number;
  readonly grpcPort: number;
  /** metricsUrl is where OpenFGA's own Prometheus metrics are (its RPCs, datastore, check resolution), on a free loopback port. */
  readonly metricsUrl: string;
  readonly logFile: string;
}

/** OpenFgaDatastore is where a local OpenFGA keeps its stores. */
export type OpenFgaDatastore = 'memory' | 'sqlite' | 'postgres';

/** OPENFGA_DATASTORES lists them, for the places that read one from the environment. */
export const OPENFGA_DATASTORES: readonly OpenFgaDatastore[] = ['sqlite', 'postgres', 'memory'];

export interface StartOpenFgaOptions {
  /**
   * datastore 'memory' starts empty every time (tests); 'sqlite' persists in <dataDir>/openfga.db;
   * 'postgres' uses the database at postgresUri, which several OpenFGA processes may share.
   */
  datastore: OpenFgaDatastore;
  /** postgresUri is required for postgres (PostgresProcess.uri); it is handed over by environment, so its password stays out of logs. */
  postgresUri?: string;
  /** dataDir is required for sqlite; it also holds openfga.log (else .local/run/openfga-<port>.log). */
  dataDir?: string;
  /** port is the HTTP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  log?: Log;
  /** extraArgs are appended to `openfga run`, and win over the defaults below (later flags override). */
  extraArgs?: string[];
  /** readyTimeoutMs bounds the wait for /healthz; default 30 s. */
  readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const MIGRATE_TIMEOUT_MS = 60_000;

/**
 * OPENFGA_RUN_FLAGS are the flags every local OpenFGA gets. Why each one:
 * the playground is off because its fixed default port (3000) would clash between two instances and
 * with the service; metrics are on (with latency histograms per RPC and for the datastore), each
 * instance on a free port of its own given with --metrics-addr; list results are unlimited and deadlines long so OpenFGA can be the
 * complete reference oracle in property tests (defaults cap ListObjects/ListUsers at 1000 results and 3 s,
 * and silently return a partial list when the deadline hits); the request timeout is raised with them
 * because it otherwise cuts those calls off at 3 s. Write and batch-check limits stay at the defaults
 * (100 tuples, 50 checks) so the service is tested against the same limits a production OpenFGA has.
 */
export const OPENFGA_RUN_FLAGS: readonly string[] = [
  '--playground-enabled=false',
  '--metrics-enabled=true',
  '--metrics-enable-rpc-histograms=true',
  '--datastore-metrics-enabled=true',
  '--profiler-enabled=false',
  '--trace-enabled=false',
  '--log-level=warn',
  '--log-format=json',
  '--listObjects-max-results=0',
  '--listUsers-max-results=0',
  '--listObjects-deadline=60s',
  '--listUsers-deadline=60s',
  '--request-timeout=60s',
  '--http-upstream-timeout=60s',
];

/** startOpenFga launches OpenFGA and resolves once it serves HTTP; it builds OpenFGA first if needed. */
export async function startOpenFga(opts: StartOpenFgaOptions): Promise<OpenFgaProcess> {
  const log = opts.log ?? (() => undefined);
  if (opts.datastore === 'sqlite' && !opts.dataDir) {
    throw new Error('startOpenFga: the sqlite datastore needs a dataDir');
  }
  if (opts.datastore === 'postgres' && !opts.postgresUri) {
    throw new Error('startOpenFga: the postgres datastore needs a postgresUri');
  }
  await ensureOpenFgaInstalled(log);
  const workDir = opts.dataDir ? path.resolve(opts.dataDir) : paths.runDir;
  fs.mkdirSync(workDir, { recursive: true });
  if (!opts.dataDir) pruneRunLogs();
  // OpenFGA reads OPENFGA_* variables and ./config.yaml as its own settings; the service's
  // OPENFGA_API_URL and friends must not leak into it, and its cwd is a directory we own.
  const env = childEnv('OPENFGA_');

  const datastoreArgs = ['--datastore-engine', opts.datastore];
  // Migrating is idempotent: a datastore already at OpenFGA's schema version is left as it is.
  if (opts.datastore === 'sqlite') {
    const uri = `file:${path.join(workDir, 'openfga.db')}`;
    datastoreArgs.push('--datastore-uri', uri);
    await migrate('sqlite', uri, workDir, env, path.join(workDir, 'openfga.log'));
  } else if (opts.datastore === 'postgres') {
    // OpenFGA reads OPENFGA_DATASTORE_URI as --datastore-uri; unlike an argument, it is never written to the log.
    env.OPENFGA_DATASTORE_URI = opts.postgresUri;
    const migrateLog = opts.dataDir ? path.join(workDir, 'openfga.log') : path.join(workDir, 'openfga-migrate.log');
    await migrate('postgres', opts.postgresUri!, workDir, env, migrateLog);
  }

  // A port found free can be taken by a parallel test before OpenFGA binds it; then try fresh ports.
  for (let attempt = 1; ; attempt++) {
    const httpPort = opts.port || (await freePorts(1))[0]!;
    if (!(await isPortFree(httpPort))) {
      throw new Error(`OpenFGA: port 127.0.0.1:${httpPort} is already in use (is another OpenFGA still running?)`);
    }
    const [grpcPort, metricsPort] = (await freePorts(3)).filter((p) => p !== httpPort);
    const logFile = opts.dataDir ? path.join(workDir, 'openfga.log') : path.join(workDir, `openfga-${httpPort}.log`);
    const child = await spawnManaged({
      name: 'openfga',
      command: paths.openfgaBin,
      args: ['run', '--http-addr', `127.0.0.1:${httpPort}`, '--grpc-addr', `127.0.0.1:${grpcPort}`, '--metrics-addr', `127.0.0.1:${metricsPort}`,
        ...datastoreArgs, ...OPENFGA_RUN_FLAGS, ...(opts.extraArgs ?? [])],
      cwd: workDir,
      env,
      logFile,
      parentWatch: 'watchdog',
      stopTimeoutMs: STOP_TIMEOUT_MS,
    });
    const apiUrl = `http://127.0.0.1:${httpPort}`;
    try {
      await waitForHealthy(child, apiUrl, opts.readyTimeoutMs ?? READY_TIMEOUT_MS);
    } catch (err) {
      if (attempt < 3 && /address already in use/i.test((err as Error).message)) continue;
      throw err;
    }
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    log(`[stack] OPENFGA_READY ${apiUrl} (${opts.datastore}, pid ${child.pid}, log ${logFile}, metrics ${metricsUrl})`);
    return Object.assign(child, { apiUrl, port: httpPort, grpcPort, metricsUrl });
  }
}

/** pruneRunLogs drops day-old logs of memory instances, which tests start by the hundred on random ports. */
function pruneRunLogs(): void {
  const cutoff = Date.now() - 24 * 3600_000;
  for (const name of fs.readdirSync(paths.runDir)) {
    if (!/^openfga-\d+\.log$/.test(name)) continue;
    const file = path.join(paths.runDir, name);
    try {
      if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}

async function migrate(engine: 'sqlite' | 'postgres', uri: string, cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  // A postgres URI carries the password: it goes by environment (OPENFGA_DATASTORE_URI) and the log names only where.
  const where = engine === 'postgres' ? uri.replace(/\/\/([^:@/]+):[^@]*@/, '//$1@') : uri;
  const uriArgs = engine === 'postgres' ? [] : ['--datastore-uri', uri];
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} openfga migrate --datastore-engine ${engine} (${where})\n`);
  const start = fs.fstatSync(fd).size;
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(paths.openfgaBin, ['migrate', '--datastore-engine', engine, ...uriArgs, '--log-level', 'warn'], {
        cwd, env, stdio: ['ignore', fd, fd], timeout: MIGRATE_TIMEOUT_MS,
      });
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) {
      throw new Error(`OpenFGA: migrating ${where} failed (exit ${code}); ${logTail(logFile, start)}`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function waitForHealthy(child: ChildHandle, apiUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (!child.running) {
      const code = await child.exited;
      throw new Error(`OpenFGA on ${apiUrl} exited with code ${code ?? 'null (signal)'} before it was ready; ${logTail(child.logFile, child.logStart)}`);
    }
    try {
      const res = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      const body = await res.text();
      if (res.ok && body.includes('SERVING') && !body.includes('NOT_SERVING')) return;
      lastProblem = `/healthz answered ${res.status} ${body.slice(0, 200)}`;
    } catch (err) {
      lastProblem = (err as Error).message;
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`OpenFGA on ${apiUrl} was not ready within ${timeoutMs / 1000} s (${lastProblem}); ${logTail(child.logFile, child.logStart)}`);
    }
    await sleep(50);
  }
}
