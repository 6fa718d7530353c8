/** Stops the stack global-setup started, even when tests failed, and removes its data. */
import { rmSync } from 'node:fs';
import type { Stack } from '../src/stack';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as Record<string, unknown>).__PARTNERGRAPH_STACK__ as { stack: Stack; dataDir: string } | undefined;
  if (!started) return;
  await started.stack.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}
