// Builds the web console (console/) into console/dist when its sources, the API it calls or the
// locked packages changed since the last build: the API types are generated from the service's own
// /openapi.json (openapi-typescript), the console is type-checked, then Vite bundles it. A build
// that is up to date does nothing. Run by bootstrap.mjs (npm start, npm test) and npm run build.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'console', 'dist');
const stamp = path.join(dist, '.inputs-hash');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** INPUTS are what the built files depend on: the console, the API's schemas and rules (its /openapi.json), the packages. */
const INPUTS = ['console', 'src/http', 'src/domain', 'authz-model.fga', 'package-lock.json', 'scripts/build-console.mjs'];
const SKIP = new Set(['dist', '.generated', 'node_modules']);

function filesOf(p) {
  const full = path.join(root, p);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [p];
  return readdirSync(full).filter((n) => !SKIP.has(n)).sort().flatMap((n) => filesOf(path.join(p, n)));
}

const hash = createHash('sha256');
for (const file of INPUTS.flatMap(filesOf)) hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
const inputs = hash.digest('hex');

if (process.argv.includes('--force') || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== inputs) {
  const started = Date.now();
  const run = (cmd, args) => {
    try {
      execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    } catch {
      process.stderr.write(`[setup] the console build failed at: ${path.basename(cmd)} ${args.join(' ')} (its output is above)\n`);
      process.exit(1);
    }
  };
  process.stdout.write('[setup] building the console (first run, or its sources or the API changed)...\n');
  run(bin('tsx'), ['scripts/write-openapi.ts', 'console/.generated/openapi.json']);
  run(bin('openapi-typescript'), ['console/.generated/openapi.json', '--output', 'console/.generated/api.d.ts', '--silent']);
  run(bin('tsc'), ['--noEmit', '-p', 'console']);
  run(bin('vite'), ['build', '--config', 'console/vite.config.mts', '--logLevel', 'warn']);
  writeFileSync(stamp, inputs);
  process.stdout.write(`[setup] console built into console/dist in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
