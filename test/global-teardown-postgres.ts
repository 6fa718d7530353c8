/** Stops the integration-postgres project's stack, even when tests failed, and removes its data. */
import { stopSharedStack } from './global-teardown';

export default async function globalTeardownPostgres(): Promise<void> {
  await stopSharedStack('__PARTNERGRAPH_PG_STACK__');
}
