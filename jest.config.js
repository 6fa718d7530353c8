// Four projects: unit tests run in seconds with nothing but Node (no Java, Go, Neo4j or OpenFGA);
// integration tests run against one real Neo4j and OpenFGA (memory datastore) that test/global-setup.ts
// starts; integration-postgres runs the files where OpenFGA's datastore matters again, on a Neo4j and an
// OpenFGA on PostgreSQL of its own (test/global-setup-postgres.ts), and the scale-out test, which needs PostgreSQL;
// e2e drives the console in a real browser. `npm test` runs them all, `npm run test:unit` only the first.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  // jose ships only ES modules; jest runs CommonJS, so its files are compiled like ours.
  '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }],
};
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

/**
 * ON_POSTGRES are the files run on both datastores: the write path, the relay and reconcile (write-path,
 * replicas, decision-cache), the faults, the differential and seed tests that compare OpenFGA's answers,
 * and the adapter's own (openfga-adapter, openfga-engine, authz-model). The rest read Neo4j alone, or
 * test HTTP concerns that no datastore changes.
 */
const ON_POSTGRES = [
  'write-path', 'replicas', 'decision-cache', 'faults', 'list-differential', 'seed-scenarios',
  'openfga-adapter', 'openfga-engine', 'authz-model',
];
/** POSTGRES_ONLY need PostgreSQL by their nature: several OpenFGA processes on one database. */
const POSTGRES_ONLY = ['scale-out'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: POSTGRES_ONLY.map((name) => `/${name}\\.test\\.ts$`),
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      // The console in Debian's Chromium against the real service (test/e2e/global-setup.ts installs the
      // browser when missing and shares the integration project's stack when that runs too).
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
    {
      displayName: 'integration-postgres',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/integration'],
      testMatch: [...ON_POSTGRES, ...POSTGRES_ONLY].map((name) => `**/${name}.test.ts`),
      transform,
      transformIgnorePatterns,
      setupFiles: ['<rootDir>/test/postgres-env.ts'],
      globalSetup: '<rootDir>/test/global-setup-postgres.ts',
      globalTeardown: '<rootDir>/test/global-teardown-postgres.ts',
    },
  ],
  testTimeout: 120_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
