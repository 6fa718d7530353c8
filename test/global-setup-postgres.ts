/**
 * The integration-postgres project's own Neo4j and OpenFGA, this OpenFGA on a fresh PostgreSQL. It
 * needs a Neo4j of its own too: the relay's lease and applied mark live in Neo4j, so two OpenFGAs fed
 * from one Neo4j would each miss what the other's relay applied. postgres-env.ts hands it to the tests.
 */
import { startSharedStack } from './global-setup';

export default async function globalSetupPostgres(): Promise<void> {
  await startSharedStack('postgres', 'TEST_PG_', '__PARTNERGRAPH_PG_STACK__');
}
