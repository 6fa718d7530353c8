/**
 * The OpenFGA surface's one shape of error, OpenFGA's own `{code, message}`, with OpenFGA's codes:
 * the SDKs read them into their error types (FgaApiValidationError, FgaApiNotFoundError, ...). The
 * status stays the service's; the contract's codes are worded as OpenFGA words the same refusal.
 */
import type { ErrorBody } from '../errors';

/** RENAMED are the contract's codes whose refusal OpenFGA names otherwise (compared with a real OpenFGA in openfga-differential.test.ts). */
const RENAMED: Record<string, string> = {
  too_many_tuples: 'exceeded_entity_limit',
  empty_write: 'invalid_write_input',
  conflicting_tuple: 'cannot_allow_duplicate_tuples_in_one_request',
  tuple_exists: 'write_failed_due_to_invalid_input',
  tuple_missing: 'write_failed_due_to_invalid_input',
  invalid_cursor: 'invalid_continuation_token',
  route_not_found: 'undefined_endpoint',
  insufficient_scope: 'forbidden',
  request_timeout: 'deadline_exceeded',
};

/** KEPT are OpenFGA's codes this surface raises itself. */
const KEPT = new Set([
  'validation_error', 'store_id_not_found', 'authorization_model_not_found', 'invalid_continuation_token', 'exceeded_entity_limit',
  'cannot_allow_duplicate_tuples_in_one_request', 'invalid_write_input', 'write_failed_due_to_invalid_input', 'forbidden', 'unauthenticated',
]);

/** BY_STATUS words every other refusal by its status, as OpenFGA's gateway maps gRPC codes. */
const BY_STATUS: Record<number, string> = { 400: 'validation_error', 401: 'unauthenticated', 403: 'forbidden', 404: 'undefined_endpoint', 413: 'validation_error', 429: 'resource_exhausted', 503: 'unavailable' };

/** openfgaCode is the OpenFGA code of a refusal the service words with code and status. */
export function openfgaCode(status: number, code: string): string {
  return RENAMED[code] ?? (KEPT.has(code) ? code : (BY_STATUS[status] ?? 'internal_error'));
}

/** openfgaErrorBody renders every error of the surface. */
export const openfgaErrorBody: ErrorBody = (status, code, message) => ({ code: openfgaCode(status, code), message });
