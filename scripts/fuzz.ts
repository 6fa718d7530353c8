/**
 * `npm run fuzz`: the long fuzz run. Starts a throwaway local Neo4j and OpenFGA and the service,
 * then runs schemathesis against its /openapi.json for FUZZ_SECONDS (default 600) with
 * FUZZ_EXAMPLES cases per operation (default 500). Or point it at a running service with
 * FUZZ_BASE_URL and FUZZ_TOKEN (an admin token). Exits non-zero on any failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { signToken } from '../src/http/auth';
import { closeNow, listen } from '../src/http/listen';
import { createService, type ServiceConfig } from '../src/service';
import { ensureInstalled, startStack } from '../src/stack';
import { runSchemathesis } from './fuzz-lib';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const seconds = Number(process.env.FUZZ_SECONDS ?? 600);
  const examples = Number(process.env.FUZZ_EXAMPLES ?? 500);
  const reportDir = path.resolve(__dirname, '..', '.local', 'fuzz-report');
  if (process.env.FUZZ_BASE_URL) {
    if (!process.env.FUZZ_TOKEN) throw new Error('FUZZ_BASE_URL needs FUZZ_TOKEN, an admin token for that service (npm run -s token -- --sub fuzz --scope admin)');
    const r = await runSchemathesis({ baseUrl: process.env.FUZZ_BASE_URL, token: process.env.FUZZ_TOKEN, maxExamples: examples, maxTimeSeconds: seconds, reportDir, log: say });
    return r.exitCode;
  }
  await ensureInstalled(say);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'partnergraph-fuzz-'));
  say(`[fuzz] starting a throwaway Neo4j and OpenFGA in ${dataDir}`);
  const stack = await startStack({ dataDir, datastore: 'memory', log: () => undefined });
  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    NEO4J_URI: stack.neo4j.uri,
    OPENFGA_API_URL: stack.openfga.apiUrl,
    AUTH_JWT_SECRET: secret,
  }) as ServiceConfig;
  const service = await createService(config, pino({ level: process.env.LOG_LEVEL ?? 'warn' }));
  const server = await listen(service.app, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    say(`[fuzz] service on ${baseUrl}; fuzzing for up to ${seconds} s, ${examples} cases per operation`);
    const r = await runSchemathesis({
      baseUrl,
      token: await signToken(secret, { sub: 'fuzz', scope: 'admin' }, seconds + 3600),
      maxExamples: examples,
      maxTimeSeconds: seconds,
      phases: 'examples,coverage,fuzzing,stateful',
      reportDir,
      log: say,
    });
    say(`[fuzz] ${r.exitCode === 0 ? 'passed' : 'FAILED'}: ${r.cases} cases in ${r.seconds} s; report in ${reportDir}`);
    return r.exitCode;
  } finally {
    await closeNow(server);
    await service.stop();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
