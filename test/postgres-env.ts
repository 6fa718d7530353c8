/**
 * Runs before each test file of the integration-postgres project: points the harness's TEST_*
 * variables at that project's stack (OpenFGA on PostgreSQL) for this file only (Jest gives each
 * file its own copy of process.env), and tells the fixtures which datastore they are on.
 */
for (const name of ['NEO4J_URI', 'OPENFGA_API_URL', 'DATA_DIR']) {
  const value = process.env[`TEST_PG_${name}`];
  if (!value) throw new Error(`TEST_PG_${name} is not set: run this file in the integration-postgres project, whose global setup sets it`);
  process.env[`TEST_${name}`] = value;
}
process.env.TEST_OPENFGA_DATASTORE = 'postgres';
