/**
 * What a surface of the API is (/v1, AuthZEN, ...): a table of operations over the same use cases
 * and its own shape of errors, so router.ts mounts every surface and openapi.ts documents it alike.
 */
import type { z } from 'zod';
import type { ErrorBody } from './errors';
import type { Operation } from './operation';

/** Surface is one door into the service; it holds no rule of its own, only the translation to its callers' shapes. */
export interface Surface {
  /** name tags the surface's operations in /openapi.json. */
  name: string;
  /** description says what the surface is for and how its errors look: the tag's text in the document. */
  description: string;
  /** base is where the operations with a scope live, mounted behind the token; operations without one may be anywhere. */
  base: string;
  operations: readonly Operation[];
  /** errorBody words every error of the surface (its 401s, 429s and 500s too); errorSchema is that shape, for the document. */
  errorBody: ErrorBody;
  errorSchema: z.ZodType;
}
