/**
 * Debian's Chromium for the browser tests: installed with apt-get when missing (as root, once, with
 * a progress line), never a browser download of Playwright's own, which this network refuses.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** CHROMIUM is where Debian's package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** ensureChromium installs Debian's chromium when it is missing; a second run does nothing. */
export function ensureChromium(log: (line: string) => void): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing and this is not root: install Debian's package (apt-get install -y chromium) and run the tests again`);
  const started = Date.now();
  log('[test] installing Debian\'s chromium for the browser tests with apt-get (first run only, a few minutes)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is not there`);
  log(`[test] chromium installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** freshProfile is an empty user-data-dir, so no run sees another's storage. */
export function freshProfile(): string {
  return mkdtempSync(path.join(tmpdir(), 'partnergraph-chromium-'));
}

/** CHROMIUM_ARGS keep Chromium headless, quiet and off the network but for the service under test. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
