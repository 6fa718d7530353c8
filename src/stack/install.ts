// Downloads and builds the local Neo4j and OpenFGA into <root>/.local once, so later starts only launch them.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localDir, type Log, NEO4J_VERSION, OPENFGA_MODULE, OPENFGA_VERSION, paths, projectRoot } from './paths';
import { freePort, logTail, sleep } from './process';

/** ensureInstalled installs whatever is missing (Neo4j jars + launcher, OpenFGA binary) in parallel, and is silent when all is cached. */
export async function ensureInstalled(log: Log): Promise<void> {
  await Promise.all([ensureNeo4jInstalled(log), ensureOpenFgaInstalled(log)]);
}

// ---------------------------------------------------------------------------------------------
// Neo4j

/** NEO4J_JVM_ARGS keep the JVM small and open the JDK internals Neo4j reaches into (as the server's neo4j.conf does). */
export const NEO4J_JVM_ARGS: readonly string[] = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
];

/** Neo4jInstallation is one cached, ready-to-run build of the launcher. */
export interface Neo4jInstallation {
  dir: string;
  /** classpath is identical at archive time and run time, as class-data sharing requires. */
  classpath: string;
  /** cdsArchive is the class-data archive that halves JVM start time, when training it worked. */
  cdsArchive: string | undefined;
}

function neo4jFingerprint(): string {
  const hash = crypto.createHash('sha256');
  hash.update(`layout 2\nneo4j ${NEO4J_VERSION}\n${NEO4J_JVM_ARGS.join(' ')}\n`);
  hash.update(fs.readFileSync(paths.neo4jPom));
  hash.update(fs.readFileSync(paths.neo4jLauncher));
  return hash.digest('hex').slice(0, 16);
}

function installationAt(dir: string): Neo4jInstallation {
  const cds = path.join(dir, 'neo4j.jsa');
  return {
    dir,
    classpath: [path.join(dir, 'launcher.jar'), path.join(dir, 'lib', '*')].join(path.delimiter),
    cdsArchive: fs.existsSync(cds) ? cds : undefined,
  };
}

/** neo4jInstallation returns the build matching the current sources, or undefined when ensureNeo4jInstalled must run. */
export function neo4jInstallation(): Neo4jInstallation | undefined {
  const dir = path.join(paths.neo4jRoot, neo4jFingerprint());
  return fs.existsSync(path.join(dir, 'installed.stamp')) ? installationAt(dir) : undefined;
}

/** isNeo4jInstalled reports whether the cached jars and launcher match neo4j-launcher/pom.xml and Launcher.java. */
export function isNeo4jInstalled(): boolean {
  return neo4jInstallation() !== undefined;
}

/** javaCommand prefers $JAVA_HOME/bin/java, like Neo4j's own scripts. */
export function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', 'java');
    if (fs.existsSync(candidate)) return candidate;
  }
  return 'java';
}

/** neo4jJavaArgs builds the full `java` argument list for running the launcher from an installation. */
export function neo4jJavaArgs(inst: Neo4jInstallation, launcherArgs: string[]): string[] {
  const cds = inst.cdsArchive ? [`-XX:SharedArchiveFile=${inst.cdsArchive}`] : [];
  return [...NEO4J_JVM_ARGS, ...cds, '-cp', inst.classpath, 'Launcher', ...launcherArgs];
}

/**
 * ensureNeo4jInstalled resolves Neo4j from Maven Central, compiles the launcher and trains its class-data
 * archive, into a directory keyed on a hash of the sources, so any edit rebuilds and nothing else does.
 */
export async function ensureNeo4jInstalled(log: Log): Promise<Neo4jInstallation> {
  const ready = neo4jInstallation();
  if (ready) return ready;
  await withLock('neo4j', log, async () => {
    if (neo4jInstallation()) return; // another process finished it while we waited
    requireTool('mvn', ['-v'], 'Maven 3 (apt-get install maven)');
    requireTool('javac', ['-version'], 'a JDK 17 (apt-get install openjdk-17-jdk-headless)');
    requireTool('jar', ['--version'], 'a JDK 17 (apt-get install openjdk-17-jdk-headless)');
    const started = Date.now();
    const fingerprint = neo4jFingerprint();
    const dir = path.join(paths.neo4jRoot, fingerprint);
    const staging = `${dir}.tmp-${process.pid}`;
    const installLog = path.join(localDir, 'neo4j-install.log');
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(path.join(staging, 'classes'), { recursive: true });

    const cached = fs.existsSync(path.join(os.homedir(), '.m2', 'repository', 'org', 'neo4j', 'neo4j', NEO4J_VERSION));
    log(cached
      ? `[stack] copying Neo4j ${NEO4J_VERSION} from the local Maven repository...`
      : `[stack] downloading Neo4j ${NEO4J_VERSION} from Maven Central (first run only, ~125 MB)...`);
    await run('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', paths.neo4jPom, 'dependency:copy-dependencies',
      `-DoutputDirectory=${path.join(staging, 'lib')}`, '-DincludeScope=runtime'], installLog, {});
    await run('javac', ['-nowarn', '-cp', path.join(staging, 'lib', '*'), '-d', path.join(staging, 'classes'),
      paths.neo4jLauncher], installLog, {});
    await run('jar', ['--create', '--file', path.join(staging, 'launcher.jar'), '-C', path.join(staging, 'classes'), '.'],
      installLog, {});
    fs.rmSync(path.join(staging, 'classes'), { recursive: true, force: true });

    // The archive records the jar paths, so it is trained where the jars will stay.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    await trainClassArchive(installationAt(dir), installLog, log);
    fs.writeFileSync(path.join(dir, 'installed.stamp'), `${fingerprint} ${new Date().toISOString()}\n`);
    removeStaleNeo4jBuilds(fingerprint);
    log(`[stack] Neo4j ${NEO4J_VERSION} ready in ${path.relative(projectRoot, dir)} (${seconds(started)})`);
  });
  const inst = neo4jInstallation();
  if (!inst) throw new Error(`Neo4j install finished but ${paths.neo4jRoot} has no build for the current sources`);
  return inst;
}

/**
 * trainClassArchive starts Neo4j once with -XX:ArchiveClassesAtExit and a Bolt warm-up, so later JVMs map
 * Neo4j's classes from the archive instead of loading them. Failing here only makes starts slower.
 */
async function trainClassArchive(inst: Neo4jInstallation, installLog: string, log: Log): Promise<void> {
  log('[stack] training a class-data archive so Neo4j starts faster (first run only, ~30 s)...');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'partnergraph-neo4j-train-'));
  const archive = path.join(inst.dir, 'neo4j.jsa');
  const partial = `${archive}.tmp`;
  try {
    const port = await freePort();
    // -Xlog:cds=off silences one "Skipping <class>: Signed JAR" line per class that cannot be archived.
    const args = [...NEO4J_JVM_ARGS, `-XX:ArchiveClassesAtExit=${partial}`, '-Xlog:cds=off', '-cp', inst.classpath, 'Launcher',
      '--home', home, '--port', String(port), '--warmup', '--ignore-stdin'];
    await run(javaCommand(), args, installLog, {}, 180_000);
    if (!fs.existsSync(partial)) throw new Error('the JVM wrote no archive');
    fs.renameSync(partial, archive);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    log(`[stack] warning: no class-data archive, Neo4j will start slower: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function removeStaleNeo4jBuilds(keep: string): void {
  for (const entry of fs.readdirSync(paths.neo4jRoot)) {
    if (entry === keep) continue;
    const tmp = /\.tmp-(\d+)$/.exec(entry);
    if (tmp && isAlive(Number(tmp[1]))) continue; // another process is still building there
    fs.rmSync(path.join(paths.neo4jRoot, entry), { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// OpenFGA

let versionMemo: { key: string; version: string | undefined } | undefined;

/** installedOpenFgaVersion returns the OpenFGA module version the cached binary was built from, or undefined. */
export function installedOpenFgaVersion(): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(paths.openfgaBin);
  } catch {
    return undefined;
  }
  // Every start asks, so remember the answer for this exact binary instead of spawning each time.
  const key = `${stat.size}:${stat.mtimeMs}`;
  if (versionMemo?.key !== key) versionMemo = { key, version: probeOpenFgaVersion() };
  return versionMemo.version;
}

function probeOpenFgaVersion(): string | undefined {
  // Built with our -ldflags the binary knows its version; a plain `go install` says "dev",
  // but the module version is still in its build info.
  const own = spawnSync(paths.openfgaBin, ['version'], { encoding: 'utf8', timeout: 10_000 });
  const ownMatch = /version `?(v\d+\.\d+\.\d+)/.exec(`${own.stdout}${own.stderr}`);
  if (ownMatch?.[1]) return ownMatch[1];
  const info = spawnSync('go', ['version', '-m', paths.openfgaBin], { encoding: 'utf8', timeout: 10_000 });
  const modMatch = new RegExp(`^\\s*mod\\s+${OPENFGA_MODULE.replace(/\./g, '\\.')}\\s+(v\\S+)`, 'm').exec(info.stdout ?? '');
  return modMatch?.[1];
}

/** ensureOpenFgaInstalled builds OpenFGA with `go install` into .local/bin unless a binary of the pinned version is there. */
export async function ensureOpenFgaInstalled(log: Log): Promise<void> {
  if (installedOpenFgaVersion() === OPENFGA_VERSION) return;
  await withLock('openfga', log, async () => {
    if (installedOpenFgaVersion() === OPENFGA_VERSION) return;
    requireTool('go', ['version'], 'Go 1.26 or newer (https://go.dev/dl/); OpenFGA v1.22.1 asks for it');
    const started = Date.now();
    log(`[stack] building OpenFGA ${OPENFGA_VERSION} with go install (first run only, a few minutes)...`);
    fs.mkdirSync(path.dirname(paths.openfgaBin), { recursive: true });
    await run('go', ['install', '-trimpath',
      `-ldflags=-s -w -X ${OPENFGA_MODULE}/internal/build.Version=${OPENFGA_VERSION}`,
      `${OPENFGA_MODULE}/cmd/openfga@${OPENFGA_VERSION}`],
    path.join(localDir, 'openfga-install.log'),
    { GOBIN: path.dirname(paths.openfgaBin), GOFLAGS: '', CGO_ENABLED: '0' }, 30 * 60_000);
    const version = installedOpenFgaVersion();
    if (version !== OPENFGA_VERSION) {
      throw new Error(`OpenFGA build finished but ${paths.openfgaBin} reports ${version ?? 'no version'}, expected ${OPENFGA_VERSION}`);
    }
    log(`[stack] OpenFGA ${OPENFGA_VERSION} built into ${path.relative(projectRoot, paths.openfgaBin)} (${seconds(started)})`);
  });
}

// ---------------------------------------------------------------------------------------------
// helpers

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function requireTool(command: string, args: string[], what: string): void {
  const probe = spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 });
  if (probe.error || probe.status !== 0) {
    throw new Error(`the local stack needs \`${command}\` on PATH: install ${what}`);
  }
}

/** run executes a build step with its output appended to logFile, failing with the log tail. */
async function run(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv, timeoutMs = 20 * 60_000): Promise<void> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  const start = fs.fstatSync(fd).size;
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], timeout: timeoutMs, killSignal: 'SIGKILL',
      });
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) {
      const shown = [command, ...args.slice(0, 2)].join(' ');
      throw new Error(`\`${shown} ...\` failed (exit ${code ?? 'by signal, timed out?'}); ${logTail(logFile, start)}`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * withLock serializes installs across processes (parallel test workers, a second terminal), because two
 * concurrent builds into .local would trample each other. A lock whose owner pid is dead is taken over.
 */
async function withLock(name: string, log: Log, body: () => Promise<void>): Promise<void> {
  fs.mkdirSync(localDir, { recursive: true });
  const lock = path.join(localDir, `install-${name}.lock`);
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readOr(path.join(lock, 'pid'), '0'));
      // No pid after a while means the owner died between mkdir and writing it.
      const orphaned = owner === 0 && Date.now() - mtimeOr(lock, Date.now()) > 10_000;
      if ((owner > 0 && !isAlive(owner)) || orphaned) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        log(`[stack] waiting for another process (pid ${owner || '?'}) that is installing ${name}...`);
        announced = true;
      }
      await sleep(500);
    }
  }
  try {
    await body();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function mtimeOr(file: string, fallback: number): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return fallback;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
