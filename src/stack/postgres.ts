// Runs a local PostgreSQL for OpenFGA's postgres datastore: a cluster made once in <dataDir>/postgres, served on a loopback port behind a password.
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, isPortFree } from './free-ports';
import { ensurePostgresInstalled } from './install-postgres';
import { logTail, readLogSince } from './logs';
import type { Log } from './paths';
import { type ChildHandle, childEnv, type ManagedProcess, sleep, spawnManaged } from './process';

/** PostgresProcess is a running PostgreSQL with OpenFGA's database in it. */
export interface PostgresProcess extends ManagedProcess {
  /** port is the TCP port on 127.0.0.1; a restart with the same port gives the same uri. */
  readonly port: number;
  /** uri is OpenFGA's datastore URI, password included: pass it by environment, never on a command line or into a log. */
  readonly uri: string;
  /** address is the uri without the password, for people. */
  readonly address: string;
  readonly logFile: string;
}

export interface StartPostgresOptions {
  /** dataDir holds the cluster (<dataDir>/postgres), its password (postgres.password) and its log (postgres.log); a restart on it keeps the data. */
  dataDir: string;
  /** port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  log?: Log;
  /** settings are extra server settings (`-c name=value`), e.g. a test's fsync=off. */
  settings?: Record<string, string>;
  /** readyTimeoutMs bounds the wait for "ready to accept connections"; default 60 s. */
  readyTimeoutMs?: number;
}

const USER = 'partnergraph';
const DATABASE = 'openfga';
const READY_TIMEOUT_MS = 60_000;
// A fast shutdown (SIGINT) ends the sessions and writes a checkpoint; past this we SIGKILL.
const STOP_TIMEOUT_MS = 30_000;
const SETUP_TIMEOUT_MS = 120_000;

/**
 * startPostgres makes the cluster on first use (initdb with a random password, scram-sha-256 only,
 * then the `openfga` database), starts the server on 127.0.0.1 only, without a unix socket, and
 * resolves once it accepts connections. As root it runs PostgreSQL as the `postgres` system user,
 * since PostgreSQL refuses to run as root.
 */
export async function startPostgres(opts: StartPostgresOptions): Promise<PostgresProcess> {
  const log = opts.log ?? (() => undefined);
  const binDir = await ensurePostgresInstalled(log);
  const runAs = postgresUser();
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (runAs) letTraverse(dataDir);
  const cluster = path.join(dataDir, 'postgres');
  const logFile = path.join(dataDir, 'postgres.log');
  const password = await ensureCluster(binDir, cluster, logFile, runAs, log);
  const settings = Object.entries(opts.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  // A port found free can be taken before PostgreSQL binds it; after a SIGKILL the old server's
  // sessions may hold its shared memory for a moment. Both pass: try again.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port || (await freePort());
    if (!(await isPortFree(port))) {
      throw new Error(`PostgreSQL: port 127.0.0.1:${port} is already in use (is another PostgreSQL still running?)`);
    }
    const child = await spawnManaged({
      name: 'postgres',
      command: path.join(binDir, 'postgres'),
      args: ['-D', cluster, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...settings],
      cwd: cluster,
      env: childEnv('PG'),
      logFile,
      parentWatch: 'watchdog',
      stopTimeoutMs: STOP_TIMEOUT_MS,
      stopSignal: 'SIGINT',
      runAs,
    });
    try {
      await waitForReady(child, port, opts.readyTimeoutMs ?? READY_TIMEOUT_MS);
    } catch (err) {
      const message = (err as Error).message;
      const busy = /already in use|could not bind/i.test(message) && !opts.port;
      if (attempt < 20 && (busy || /shared memory block .* is still in use/i.test(message))) {
        await sleep(250);
        continue;
      }
      throw err;
    }
    const address = `postgres://${USER}@127.0.0.1:${port}/${DATABASE}`;
    const uri = `postgres://${USER}:${password}@127.0.0.1:${port}/${DATABASE}?sslmode=disable`;
    log(`[stack] POSTGRES_READY ${address} (pid ${child.pid}, log ${logFile})`);
    return Object.assign(child, { port, uri, address });
  }
}

/** postgresUser is whom PostgreSQL runs as when we are root: the `postgres` system user that Debian's package makes. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout?.trim() || NaN);
  const [uid, gid] = [id('-u'), id('-g')];
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) {
    throw new Error('PostgreSQL refuses to run as root, and there is no `postgres` system user to run it as: '
      + 'create one (useradd --system postgres), or run as another user');
  }
  return { uid, gid };
}

/** letTraverse lets the postgres user through dataDir (search, not read) to its own cluster; every parent must already let it. */
function letTraverse(dataDir: string): void {
  const mode = fs.statSync(dataDir).mode;
  if ((mode & 0o001) === 0) fs.chmodSync(dataDir, (mode & 0o7777) | 0o001);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(`PostgreSQL runs as the postgres user and cannot reach ${dataDir}: ${dir} is closed to other users (chmod o+x ${dir}, or choose another DATA_DIR)`);
    }
  }
}

/** ensureCluster returns the password of the cluster at `cluster`, making the cluster first if there is none (into a staging directory, renamed when complete). */
async function ensureCluster(binDir: string, cluster: string, logFile: string, runAs: { uid: number; gid: number } | undefined, log: Log): Promise<string> {
  const passwordFile = `${cluster}.password`;
  if (fs.existsSync(path.join(cluster, 'PG_VERSION'))) {
    if (!fs.existsSync(passwordFile)) {
      throw new Error(`${passwordFile} is gone, so nothing can log in to the PostgreSQL in ${cluster}: delete ${cluster} to start OpenFGA's database afresh`);
    }
    return fs.readFileSync(passwordFile, 'utf8').trim();
  }
  log(`[stack] creating OpenFGA's PostgreSQL database in ${cluster} (first start only)...`);
  const password = randomBytes(24).toString('hex');
  const staging = `${cluster}.tmp-${process.pid}`;
  const stagingPassword = `${staging}.password`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  fs.writeFileSync(stagingPassword, password, { mode: 0o600 });
  try {
    if (runAs) {
      fs.chownSync(staging, runAs.uid, runAs.gid);
      fs.chownSync(stagingPassword, runAs.uid, runAs.gid);
    }
    await runStep(path.join(binDir, 'initdb'), ['-D', staging, '-U', USER, '--auth=scram-sha-256', `--pwfile=${stagingPassword}`,
      '-E', 'UTF8', '--locale=C', '--no-instructions'], logFile, runAs);
    // Single-user mode makes the database before any server listens, with no client program needed.
    await runStep(path.join(binDir, 'postgres'), ['--single', '-D', staging, '-c', 'exit_on_error=on', 'postgres'], logFile, runAs,
      `CREATE DATABASE ${DATABASE};\n`);
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    fs.renameSync(staging, cluster);
  } finally {
    fs.rmSync(stagingPassword, { force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return password;
}

/** runStep runs one setup program to completion, output appended to logFile, failing with its tail. */
async function runStep(command: string, args: string[], logFile: string, runAs: { uid: number; gid: number } | undefined, input?: string): Promise<void> {
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} ${path.basename(command)} ${args.join(' ')}\n`);
  const start = fs.fstatSync(fd).size;
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: path.dirname(logFile), env: childEnv('PG'), stdio: [input === undefined ? 'ignore' : 'pipe', fd, fd],
        timeout: SETUP_TIMEOUT_MS, killSignal: 'SIGKILL', ...runAs,
      });
      child.once('error', reject);
      child.once('exit', resolve);
      child.stdin?.end(input);
    });
    if (code !== 0) throw new Error(`PostgreSQL: \`${path.basename(command)}\` failed (exit ${code ?? 'by signal'}); ${logTail(logFile, start)}`);
  } finally {
    fs.closeSync(fd);
  }
}

async function waitForReady(child: ChildHandle, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = readLogSince(child.logFile, child.logStart);
    if (/database system is ready to accept connections/.test(out)) return;
    if (!child.running || /^.*FATAL: .*$/m.test(out)) {
      await child.stop();
      const fatal = /^.*FATAL: .*$/m.exec(out)?.[0] ?? `exited with code ${await child.exited}`;
      throw new Error(`PostgreSQL on 127.0.0.1:${port} failed to start: ${fatal}; ${logTail(child.logFile, child.logStart)}`);
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`PostgreSQL on 127.0.0.1:${port} was not ready within ${timeoutMs / 1000} s; ${logTail(child.logFile, child.logStart)}`);
    }
    await sleep(50);
  }
}
