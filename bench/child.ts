/**
 * A bench process of its own, asked over IPC. The bench keeps the load generator and each service
 * out of its own event loop, so no process's garbage collections or timers show up as another's
 * latency. The parent sends `{ id, request }`; the child answers `{ id, result }` or `{ id, error }`.
 */
import { fork, type ChildProcess } from 'node:child_process';

interface Answer {
  id?: number;
  ready?: unknown;
  result?: unknown;
  error?: string;
}

/** Child is the parent's handle on one forked bench process. */
export class Child<Request, Ready = unknown> {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly process: ChildProcess, readonly ready: Ready) {
    process.on('message', (msg: Answer) => {
      if (msg.id === undefined) return;
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.error !== undefined) w?.reject(new Error(msg.error));
      else w?.resolve(msg.result);
    });
    process.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the bench child exited with ${code}`));
      this.waiting.clear();
    });
  }

  /** start forks file (TypeScript, through tsx) and waits for its ready message. */
  static async start<Request, Ready = unknown>(file: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Child<Request, Ready>> {
    const child = fork(file, [], {
      execArgv: [...nodeArgs, '--import', 'tsx'],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (msg: Answer) => resolve(msg.ready as Ready));
      child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
    });
    return new Child<Request, Ready>(child, ready);
  }

  call<Result>(request: Request): Promise<Result> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      this.process.send({ id, request });
    });
  }

  kill(): void {
    this.process.kill();
  }
}

/** serve answers the parent's requests with handle, after announcing ready. Call it in the child. */
export function serve<Request>(ready: unknown, handle: (request: Request) => Promise<unknown>): void {
  const send = process.send!.bind(process);
  process.on('message', (msg: { id: number; request: Request }) => {
    handle(msg.request).then(
      (result) => send({ id: msg.id, result }),
      (err) => send({ id: msg.id, error: (err as Error).stack ?? String(err) }),
    );
  });
  send({ ready });
}
