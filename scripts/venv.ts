/**
 * Python tools the tests and scripts use (schemathesis, the OpenFGA Python SDK), each pinned and
 * installed from PyPI into a project-local venv under .local/ on first use; a later run finds the
 * venv's marker and downloads nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** ROOT is the repository; LOCAL is .local/, not committed. */
const ROOT = path.resolve(__dirname, '..');
export const LOCAL = path.join(ROOT, '.local');

/** Venv is one venv: where it lives and the pinned requirement (`name==version`) it holds. */
export interface Venv {
  dir: string;
  requirement: string;
}

/** pythonOf is the venv's interpreter. */
export const pythonOf = (venv: Venv): string => path.join(venv.dir, 'bin', 'python');

/** ensureVenv creates the venv and installs the requirement once, returning its python; later calls read a marker and are instant. */
export function ensureVenv(venv: Venv, log: (line: string) => void): string {
  const marker = path.join(venv.dir, '.partnergraph-requirement');
  const python = pythonOf(venv);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === venv.requirement && existsSync(python)) return python;
  const started = Date.now();
  log(`[setup] installing ${venv.requirement} into ${path.relative(ROOT, venv.dir)} (first run only)...`);
  mkdirSync(path.dirname(venv.dir), { recursive: true });
  const steps: string[][] = [
    [process.env.PYTHON ?? 'python3', '-m', 'venv', venv.dir],
    [python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', venv.requirement],
  ];
  for (const [cmd, ...args] of steps) {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`[setup] ${cmd} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
  }
  writeFileSync(marker, venv.requirement);
  log(`[setup] ${venv.requirement} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return python;
}
