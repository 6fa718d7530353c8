/** Stops the stack the browser tests' setup started, if it started one. */
import { stopSharedStack } from '../global-teardown';
import { OWN_STACK } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await stopSharedStack(OWN_STACK);
}
