/** The OpenFGA-compatible surface: OpenFGA's HTTP API under /stores/{store_id}/..., so apps and the official SDKs use the service unchanged. */
import type { Surface } from '../surface';
import { openfgaErrorBody } from './errors';
import { QUERY_OPERATIONS } from './queries';
import { ErrorResponse } from './schemas';
import { STORE_OPERATIONS } from './store-operations';

/** OPENFGA answers as /v1 does, in OpenFGA's shapes, for the one store of the service. */
export const OPENFGA: Surface = {
  name: 'openfga',
  description:
    "OpenFGA's HTTP API (https://openfga.dev/api/service) for the service's one store: the official SDKs and the fga CLI work unchanged. " +
    'Writes go through Neo4j as POST /v1/tuples; lists are complete. Every error is {"code", "message"} with OpenFGA\'s codes.',
  base: '/stores',
  operations: [...STORE_OPERATIONS, ...QUERY_OPERATIONS],
  errorBody: openfgaErrorBody,
  errorSchema: ErrorResponse,
};
