/**
 * The one error hierarchy of the service: each error carries its HTTP status, a stable code and a
 * message that says what was wrong and what is allowed. Adapters translate driver errors into
 * these; src/http/errors.ts maps them to responses in one place.
 */

/** DomainError is the base of every error the service means to show to a caller. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** InvalidInputError is a 400: the request is malformed or names something the model forbids. */
export class InvalidInputError extends DomainError {
  constructor(message: string, code = 'invalid_input', details?: Record<string, unknown>) {
    super(400, code, message, details);
  }
}

/** underField runs fn and puts `field: ` in front of the message of any InvalidInputError it throws, so a 400 says which item of a list was wrong. */
export function underField<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InvalidInputError) throw new InvalidInputError(`${field}: ${err.message}`, err.code, err.details);
    throw err;
  }
}

/**
 * refusedChange is the error of a write asked to fail on a tuple it would not change: a write of
 * a live tuple (tuple_exists) or a delete of one that is not live (tuple_missing).
 */
export function refusedChange(op: 'write' | 'delete', t: { user: string; relation: string; object: string }): InvalidInputError {
  const what = `user: '${t.user}', relation: '${t.relation}', object: '${t.object}'`;
  return op === 'write'
    ? new InvalidInputError(`cannot write a tuple which already exists: ${what}; ask to ignore duplicates to write it anyway`, 'tuple_exists')
    : new InvalidInputError(`cannot delete a tuple which does not exist: ${what}; ask to ignore missing tuples to delete anyway`, 'tuple_missing');
}

/** ImportLineError is a 400 naming the line of an import that was refused; the whole import is then refused. */
export class ImportLineError extends InvalidInputError {
  constructor(readonly line: number, message: string, code = 'invalid_import_line') {
    super(`line ${line}: ${message}`, code, { line });
  }
}

/** UnauthenticatedError is a 401: no token, or a token that does not verify. */
export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super(401, 'unauthenticated', message);
  }
}

/** ForbiddenError is a 403: the token is valid but its scopes are too small. */
export class ForbiddenError extends DomainError {
  constructor(message: string, readonly neededScope: string) {
    super(403, 'insufficient_scope', message, { neededScope });
  }
}

/** NotFoundError is a 404 for an unknown entity or route. */
export class NotFoundError extends DomainError {
  constructor(message: string, code = 'not_found') {
    super(404, code, message);
  }
}

/** ConflictError is a 409: the request contradicts what is stored. */
export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

/** PayloadTooLargeError is a 413 for a body over the limit. */
export class PayloadTooLargeError extends DomainError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

/** RateLimitedError is a 429; retryAfterSeconds goes into the Retry-After header. */
export class RateLimitedError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', message);
  }
}

/** RequestTimeoutError is a 503: the request took longer than the service allows one request. */
export class RequestTimeoutError extends DomainError {
  readonly retryAfterSeconds = 1;
  constructor(message: string) {
    super(503, 'request_timeout', message);
  }
}

/**
 * DependencyUnavailableError is a 503: Neo4j or OpenFGA did not answer, the state a caller asked
 * for (consistency.atLeast) is not there yet, or the identity provider's keys cannot be fetched
 * (auth_keys_unavailable). retryAfterSeconds feeds Retry-After.
 */
export class DependencyUnavailableError extends DomainError {
  constructor(
    readonly dependency: 'neo4j' | 'openfga' | 'identity_provider',
    message: string,
    readonly retryAfterSeconds = 1,
    code = `${dependency}_unavailable`,
  ) {
    super(503, code, message);
  }
}
