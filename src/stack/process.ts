// Child-process plumbing shared by the Neo4j, OpenFGA and PostgreSQL starters: spawning with output to a log file, stopping, and never leaving orphans.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** ManagedProcess is one child of the local stack that tests may signal, stop and restart on its own. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** signal sends a raw signal (SIGKILL, SIGSTOP, SIGCONT...) for fault tests; it is a no-op once the process has exited. */
  signal(sig: NodeJS.Signals): void;
  /** stop ends the process gracefully (its stop signal, then SIGKILL after a timeout) and resolves when it has exited; safe to call twice. */
  stop(): Promise<void>;
  /** exited resolves with the exit code (null when a signal ended it) when the process exits for any reason. */
  readonly exited: Promise<number | null>;
}

export interface SpawnSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** logFile receives the child's stdout and stderr (appended, so restarts keep earlier runs). */
  logFile: string;
  /**
   * parentWatch says how the child learns that Node died, even by SIGKILL:
   * 'stdin' when the child exits by itself on stdin EOF (our Neo4j launcher),
   * 'watchdog' when a tiny shell does it for a child that cannot (OpenFGA).
   */
  parentWatch: 'stdin' | 'watchdog';
  /** stopTimeoutMs is how long stop() waits after the stop signal before SIGKILL. */
  stopTimeoutMs: number;
  /** stopSignal asks the child to end cleanly; SIGTERM unless the child reads another one so (PostgreSQL: SIGINT). */
  stopSignal?: NodeJS.Signals;
  /** runAs runs the child as another user, for programs that refuse to run as root (PostgreSQL). */
  runAs?: { uid: number; gid: number };
}

/** ChildHandle is the ManagedProcess implementation; logStart lets callers read only this run's part of the log. */
export class ChildHandle implements ManagedProcess {
  readonly exited: Promise<number | null>;
  private hasExited = false;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly name: string,
    readonly pid: number,
    child: ChildProcess,
    private readonly watchdog: ChildProcess | undefined,
    readonly logFile: string,
    readonly logStart: number,
    private readonly stopTimeoutMs: number,
    private readonly stopSignal: NodeJS.Signals = 'SIGTERM',
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.hasExited = true;
        child.stdin?.destroy();
        this.killWatchdog();
        live.delete(this);
        updateSignalHandlers();
        resolve(code);
      });
    });
  }

  get running(): boolean {
    return !this.hasExited;
  }

  signal(sig: NodeJS.Signals): void {
    if (this.hasExited) return;
    try {
      process.kill(this.pid, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  /** terminateNow asks the child to end without waiting; used from process 'exit', where nothing async runs. */
  terminateNow(): void {
    this.signal(this.stopSignal);
    // A SIGSTOPped child would hold the signal pending forever; wake it so it can act on it.
    this.signal('SIGCONT');
  }

  private async doStop(): Promise<void> {
    if (this.hasExited) return;
    this.terminateNow();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.stopTimeoutMs);
    });
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.signal('SIGKILL');
    await this.exited;
  }

  private killWatchdog(): void {
    const dog = this.watchdog;
    if (!dog || dog.exitCode !== null || dog.signalCode !== null || dog.pid === undefined) return;
    try {
      // The watchdog leads its own process group; kill the group so its `sleep` goes too.
      process.kill(-dog.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    dog.stdin?.destroy();
  }
}

// The watchdog blocks on stdin (a pipe from Node); EOF means Node is gone, so it stops the child
// the way stop() would ($2 is the stop signal). Node kills the watchdog as soon as the child exits, so $1 is never a reused pid.
const WATCHDOG_SCRIPT = [
  'while read -r _; do :; done',
  'kill -"$2" "$1" 2>/dev/null; kill -CONT "$1" 2>/dev/null',
  'i=0; while kill -0 "$1" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done',
  'kill -KILL "$1" 2>/dev/null',
].join('\n');

/** spawnManaged starts a child in its own process group (so a terminal Ctrl-C reaches only Node, which then stops it in order). */
export async function spawnManaged(spec: SpawnSpec): Promise<ChildHandle> {
  const fd = fs.openSync(spec.logFile, 'a');
  let child: ChildProcess;
  let logStart: number;
  try {
    fs.writeSync(fd, `\n=== ${new Date().toISOString()} starting ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`);
    logStart = fs.fstatSync(fd).size;
    child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: [spec.parentWatch === 'stdin' ? 'pipe' : 'ignore', fd, fd],
      detached: true,
      ...spec.runAs,
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  } catch (err) {
    throw new Error(`${spec.name}: could not run ${spec.command}: ${(err as Error).message}`);
  } finally {
    fs.closeSync(fd);
  }
  child.stdin?.on('error', () => undefined);
  child.on('error', () => undefined);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.name}: spawned without a pid`);

  let watchdog: ChildProcess | undefined;
  if (spec.parentWatch === 'watchdog') {
    const stopSignal = (spec.stopSignal ?? 'SIGTERM').replace(/^SIG/, '');
    watchdog = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'watchdog', String(pid), stopSignal], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    watchdog.stdin?.on('error', () => undefined);
    watchdog.on('error', () => undefined);
  }

  const handle = new ChildHandle(spec.name, pid, child, watchdog, spec.logFile, logStart, spec.stopTimeoutMs, spec.stopSignal);
  live.add(handle);
  updateSignalHandlers();
  return handle;
}

// Every child still running, so Node's exit and termination signals can stop them.
const live = new Set<ChildHandle>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;

function onExit(): void {
  for (const handle of live) handle.terminateNow();
}

function onSignal(sig: NodeJS.Signals): void {
  // When we are the only listener, Node's default (exit) is suppressed by our listener, so we exit
  // after stopping; when the host app listens too, it owns the exit and we only stop our children.
  const alone = process.listenerCount(sig) === 1;
  void stopAll().finally(() => {
    if (alone) process.exit(128 + (os.constants.signals[sig] ?? 0));
  });
}

function updateSignalHandlers(): void {
  if (live.size > 0 && !handlersInstalled) {
    process.on('exit', onExit);
    for (const sig of SIGNALS) process.on(sig, onSignal);
    handlersInstalled = true;
  } else if (live.size === 0 && handlersInstalled) {
    process.off('exit', onExit);
    for (const sig of SIGNALS) process.off(sig, onSignal);
    handlersInstalled = false;
  }
}

/** stopAll stops every child this process started and has not yet seen exit. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((handle) => handle.stop()));
}

/** sleep waits ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** childEnv copies the environment without variables a child would misread as its own configuration. */
export function childEnv(dropPrefix: string | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (dropPrefix && key.startsWith(dropPrefix)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}
