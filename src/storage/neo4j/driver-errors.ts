/** The one translation of Neo4j driver errors into the service's domain errors. */
import { Neo4jError } from 'neo4j-driver';
import { ConflictError, DependencyUnavailableError, PayloadTooLargeError } from '../../domain/errors';

/** translate turns a driver error into a domain error; anything unexpected passes through to become a plain 500. */
export function translate(err: unknown): unknown {
  if (!(err instanceof Neo4jError)) return err;
  if (err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new ConflictError('the write conflicts with an existing entity');
  }
  if (err.code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') {
    return new PayloadTooLargeError('the write is larger than Neo4j may hold in one transaction (dbms.memory.transaction.total.max); nothing was written: split it into smaller files');
  }
  const code = err.code ?? '';
  const unavailable =
    code === 'ServiceUnavailable' || code === 'SessionExpired' || code.startsWith('Neo.TransientError.') ||
    /Transaction\.(TransactionTimedOut|Terminated|LockClientStopped|TransactionTerminated)/.test(code) || Neo4jError.isRetryable(err) ||
    /acquisition timed out|connect|ECONNREFUSED/i.test(err.message);
  return unavailable ? new DependencyUnavailableError('neo4j', 'Neo4j did not answer in time; nothing was written, try again') : err;
}
