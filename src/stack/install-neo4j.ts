// Builds the embedded Neo4j (jars from Maven Central, the launcher, a class-data archive) into .local/neo4j once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Log, NEO4J_VERSION, paths, projectRoot, localDir } from './paths';
import { freePort } from './free-ports';
import { isAlive, requireTool, run, seconds, withLock } from './install-steps';

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
