/** Every surface the app serves, in the order /openapi.json lists them: doors onto the same use cases. */
import { AUTHZEN } from './authzen/surface';
import { OPENFGA } from './openfga/surface';
import type { Operation } from './operation';
import type { Surface } from './surface';
import { V1 } from './v1/surface';

/** SURFACES are mounted by app.ts and documented together; add a surface by adding it here. */
export const SURFACES: readonly Surface[] = [V1, OPENFGA, AUTHZEN];

/** ALL_OPERATIONS is every route the app mounts, whatever its surface. */
export const ALL_OPERATIONS: readonly Operation[] = SURFACES.flatMap((s) => s.operations);
