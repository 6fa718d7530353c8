// Installs the Node dependencies when they are missing or older than package-lock.json, then builds
// the web console when its build is missing or stale (build-console.mjs), so that `npm start` and
// `npm test` work on a fresh clone with nothing done by hand. No dependencies itself.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const marker = path.join(root, 'node_modules', '.partnergraph-lock-hash');
const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');

if (!existsSync(marker) || readFileSync(marker, 'utf8') !== hash) {
  const started = Date.now();
  process.stdout.write('[setup] installing Node dependencies with npm ci (first run only)...\n');
  execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: root, stdio: 'inherit' });
  writeFileSync(marker, hash);
  process.stdout.write(`[setup] Node dependencies installed in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

// The console's build needs the dependencies above; it does nothing when console/dist is up to date.
await import('./build-console.mjs');
