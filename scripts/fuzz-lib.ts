/**
 * Runs schemathesis (from PyPI, in a project-local venv installed on first use) against a running
 * Partnergraph from its own /openapi.json: no 5xx, no crash, every answer inside the document.
 * Used by the short fuzz test in `npm test` and by `npm run fuzz`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureVenv, LOCAL, type Venv } from './venv';

/** SCHEMATHESIS_VERSION is pinned so a run means the same thing on every machine. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** SCHEMATHESIS is the venv schemathesis lives in; .local/ is not committed. */
const SCHEMATHESIS: Venv = { dir: path.join(LOCAL, 'fuzz-venv'), requirement: `schemathesis==${SCHEMATHESIS_VERSION}` };
/** VENV is where schemathesis lives. */
export const VENV = SCHEMATHESIS.dir;
/**
 * RUN_CLI starts schemathesis's command line through the venv's python rather than its `st` script:
 * pip writes the venv's absolute path into the script's first line, and .local/ is shared by
 * worktrees through a symlink, so a venv made from a worktree that is gone left `st` pointing at a
 * python that no longer exists (spawn ENOENT).
 */
const RUN_CLI = ['-c', 'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "st"; sys.exit(schemathesis())'];

/**
 * CHECKS are what every answer must pass. positive_data_acceptance is left out on purpose: the
 * document cannot say which types and relations the model has, so a schema-valid tuple may
 * rightly be a 400 naming the types; negative_data_rejection proves the reverse direction.
 */
export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
];

/** ensureSchemathesis creates the venv and installs the pinned schemathesis once; later calls are instant. */
export function ensureSchemathesis(log: (line: string) => void): string {
  return ensureVenv(SCHEMATHESIS, log);
}

/** FuzzOptions: where the service is, the token to send, and how long to run. */
export interface FuzzOptions {
  baseUrl: string;
  token: string;
  maxExamples: number;
  maxTimeSeconds?: number;
  phases?: string;
  seed?: number;
  /** paths left out, e.g. operator calls that would disturb tests sharing the stack. */
  excludePaths?: string[];
  reportDir: string;
  log: (line: string) => void;
}

/** FuzzResult: the exit code of schemathesis, its summary lines and how many cases it ran. */
export interface FuzzResult {
  exitCode: number;
  output: string;
  cases: number;
  seconds: number;
}

/** runSchemathesis runs one schemathesis session and streams its progress lines to log. */
export async function runSchemathesis(o: FuzzOptions): Promise<FuzzResult> {
  const bin = ensureSchemathesis(o.log);
  mkdirSync(o.reportDir, { recursive: true });
  const args = [
    'run',
    `${o.baseUrl}/openapi.json`,
    '--header',
    `Authorization: Bearer ${o.token}`,
    '--checks',
    CHECKS.join(','),
    '--max-examples',
    String(o.maxExamples),
    // One worker: hypothesis parses lambda sources with ast, which CPython 3.11 does not survive in threads.
    '--workers',
    '1',
    '--phases',
    o.phases ?? 'examples,coverage,fuzzing',
    '--request-timeout',
    '20',
    '--suppress-health-check',
    'all',
    '--output-sanitize',
    'true',
    '--report',
    'ndjson',
    '--report-dir',
    o.reportDir,
    ...(o.maxTimeSeconds ? ['--max-time', String(o.maxTimeSeconds)] : []),
    ...(o.seed !== undefined ? ['--seed', String(o.seed)] : []),
    ...(o.excludePaths ?? []).flatMap((p) => ['--exclude-path', p]),
  ];
  const started = Date.now();
  // fuzz_hooks.py teaches it the NDJSON body of the bulk import.
  const hooks = { SCHEMATHESIS_HOOKS: 'fuzz_hooks', PYTHONPATH: [__dirname, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter) };
  const child = spawn(bin, [...RUN_CLI, ...args], { env: { ...process.env, ...hooks, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false', COLUMNS: '120' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim()) o.log(`[fuzz] ${line}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exitCode = await new Promise<number>((resolve) => {
    child.on('close', (code) => resolve(code ?? 1));
    // A python that cannot start never closes: say why instead of waiting out the test.
    child.once('error', (err) => {
      output += `${err.message}\n`;
      resolve(127);
    });
  });
  return { exitCode, output, cases: countCases(output), seconds: Math.round((Date.now() - started) / 1000) };
}

/** countCases reads the "N test cases" total from schemathesis's summary (0 when absent). */
function countCases(output: string): number {
  const m = /(\d+) test cases?/i.exec(output) ?? /(\d+) generated/i.exec(output);
  return m ? Number(m[1]) : 0;
}
