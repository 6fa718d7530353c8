// The steps an install is made of: run a build command into a log, require a tool, and a lock so that two processes never build into .local at once.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { localDir, type Log, projectRoot } from './paths';
import { logTail } from './logs';
import { sleep } from './process';

/** seconds renders the time since a start for progress lines. */
export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export function requireTool(command: string, args: string[], what: string): void {
  const probe = spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 });
  if (probe.error || probe.status !== 0) {
    throw new Error(`the local stack needs \`${command}\` on PATH: install ${what}`);
  }
}

/** run executes a build step with its output appended to logFile, failing with the log tail. */
export async function run(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv, timeoutMs = 20 * 60_000): Promise<void> {
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
export async function withLock(name: string, log: Log, body: () => Promise<void>): Promise<void> {
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

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
