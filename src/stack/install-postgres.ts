// Finds the PostgreSQL server programs (initdb, postgres) for OpenFGA's postgres datastore, and installs Debian's package when it runs as root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { localDir, type Log } from './paths';
import { run, seconds, withLock } from './install-steps';

/** DEBIAN_ROOT is where Debian and Ubuntu put each major version's server programs, off PATH. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
const PROGRAMS = ['initdb', 'postgres'];

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** postgresBinDir is the first directory holding both initdb and postgres: PATH first, then Debian's newest /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string | undefined {
  let majors: string[] = [];
  try {
    majors = fs.readdirSync(DEBIAN_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    // Not Debian's layout; PATH is all there is.
  }
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean),
    ...majors.map((major) => path.join(DEBIAN_ROOT, major, 'bin')),
  ];
  return candidates.find((dir) => PROGRAMS.every((program) => isExecutable(path.join(dir, program))));
}

/**
 * ensurePostgresInstalled returns the directory of the server programs. When they are missing it
 * installs Debian's `postgresql` with apt-get if this process is root, saying so in a progress line,
 * and otherwise fails naming what to install.
 */
export async function ensurePostgresInstalled(log: Log): Promise<string> {
  const found = postgresBinDir();
  if (found) return found;
  const aptGet = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!aptGet) {
    throw new Error(`OpenFGA on PostgreSQL needs the PostgreSQL server programs ${PROGRAMS.join(' and ')}, on PATH or in ${DEBIAN_ROOT}/<major>/bin: `
      + 'install a PostgreSQL server (Debian and Ubuntu: sudo apt-get install postgresql), or use OPENFGA_DATASTORE=sqlite');
  }
  const logFile = path.join(localDir, 'postgres-install.log');
  await withLock('postgres', log, async () => {
    if (postgresBinDir()) return;
    const started = Date.now();
    log(`[stack] installing PostgreSQL with apt-get (first run only, about a minute; output in ${logFile})...`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update'], logFile, env, 10 * 60_000);
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], logFile, env, 10 * 60_000);
    log(`[stack] PostgreSQL installed (${seconds(started)})`);
  });
  const dir = postgresBinDir();
  if (!dir) throw new Error(`apt-get installed postgresql, yet no directory holds ${PROGRAMS.join(' and ')}; see ${logFile}`);
  return dir;
}
