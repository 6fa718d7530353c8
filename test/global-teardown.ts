/** Stops the stack a global setup started, even when tests failed, and removes its data. */
import { rmSync } from 'node:fs';
import type { SharedStack } from './global-setup';

/** stopSharedStack stops what startSharedStack kept under key. */
export async function stopSharedStack(key: string): Promise<void> {
  const started = (globalThis as Record<string, unknown>)[key] as SharedStack | undefined;
  if (!started) return;
  await started.stack.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}

export default async function globalTeardown(): Promise<void> {
  await stopSharedStack('__PARTNERGRAPH_STACK__');
}
