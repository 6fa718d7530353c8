/** The /v1 surface: the contract's own API, its table of operations and the contract's error shape. */
import { contractErrorBody } from '../errors';
import type { Surface } from '../surface';
import { OPERATIONS } from './operations';
import { ErrorResponse } from './schemas';

/** V1 is the service's native API, with the public endpoints (health, metrics, this document). */
export const V1: Surface = {
  name: 'v1',
  description: 'The native API (the contract). Every error is {"error": {"code", "message"}}.',
  base: '/v1',
  operations: OPERATIONS,
  errorBody: contractErrorBody,
  errorSchema: ErrorResponse,
};
