/**
 * The AuthZEN surface's one shape of error. The spec gives an error's body as "an error message
 * string" inside a JSON object, and words an evaluation's error as `{error: {status, message}}`:
 * so every error here is that object, with the contract's stable code beside them.
 */
import type { ErrorBody } from '../errors';

/** authzenErrorBody renders a transport error's body, and the context of an evaluation that failed alone. */
export const authzenErrorBody: ErrorBody = (status, code, message) => ({ error: { status, code, message } });
