/**
 * A short schemathesis run against the real service from its own /openapi.json: no 5xx, no
 * crash, every answer inside the document. `npm run fuzz` is the long form.
 */
import path from 'node:path';
import { ensureSchemathesis, runSchemathesis } from '../../scripts/fuzz-lib';
import { startTestService, type TestService } from '../fixtures/harness';

/** BUDGET_SECONDS keeps the run inside `npm test`; FUZZ_TEST_SECONDS stretches it. */
const BUDGET_SECONDS = Number(process.env.FUZZ_TEST_SECONDS ?? 40);

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.stop();
});

it(
  'finds no server error and no answer outside the document',
  async () => {
    const log = (line: string) => process.stderr.write(`${line}\n`);
    ensureSchemathesis(log);
    const r = await runSchemathesis({
      baseUrl: svc.url,
      token: await svc.token('admin', 'fuzz'),
      maxExamples: 10,
      maxTimeSeconds: BUDGET_SECONDS,
      phases: 'examples,coverage,fuzzing',
      seed: Number(process.env.FUZZ_SEED ?? 20240601),
      // Reconciling would make other test files' OpenFGA state move under them; closing a month is
      // for good and for everyone, and would freeze months other test files close themselves.
      excludePaths: ['/v1/admin/reconcile', '/v1/commission/months/{month}/close'],
      reportDir: path.resolve(__dirname, '../../.local/fuzz-report'),
      log: () => undefined,
    });
    log(`[fuzz] ${r.cases} cases in ${r.seconds} s, exit ${r.exitCode}`);
    if (r.exitCode !== 0) log(r.output.slice(r.output.indexOf('FAILURES') > 0 ? r.output.indexOf('FAILURES') - 60 : 0));
    expect(r.cases).toBeGreaterThan(50);
    expect(r.exitCode).toBe(0);
  },
  // The first run installs schemathesis (~40 s) before fuzzing.
  BUDGET_SECONDS * 1000 + 180_000,
);
