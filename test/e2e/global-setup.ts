/**
 * The browser tests' setup: Debian's Chromium (installed when missing), the console's build (a no-op
 * when up to date, as after bootstrap.mjs), and a Neo4j and OpenFGA: the integration project's when
 * it set them up in this run, else a stack of this project's own.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startSharedStack } from '../global-setup';
import { ensureChromium } from './chromium';

/** OWN_STACK is the key of the stack this setup started, for global-teardown.ts to stop. */
export const OWN_STACK = '__PARTNERGRAPH_E2E_STACK__';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  ensureChromium(log);
  execFileSync(process.execPath, [path.join(__dirname, '../../scripts/build-console.mjs')], { stdio: 'inherit' });
  if (!process.env.TEST_NEO4J_URI) await startSharedStack('memory', 'TEST_', OWN_STACK);
}
