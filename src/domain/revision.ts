/**
 * Read-your-writes for every read: `consistency: {atLeast: revision}` waits, boundedly, until the
 * check engine holds that revision, or answers 503 with Retry-After.
 */
import { DependencyUnavailableError, InvalidInputError } from './errors';
import type { Revisions } from './ports';

/**
 * Consistency is the optional consistency requirement of a read: atLeast a revision, or fresh, an
 * answer past every cache from state that includes every write acknowledged before the call
 * (OpenFGA's HIGHER_CONSISTENCY: an acknowledged write is in the check engine already).
 */
export interface Consistency {
  atLeast?: string;
  fresh?: boolean;
}

/** parseRevision reads a revision string; revisions are non-negative integers written as strings. */
export function parseRevision(value: string, field = 'consistency.atLeast'): number {
  if (!/^\d{1,15}$/.test(value)) throw new InvalidInputError(`${field} must be a revision returned by a write (digits only); got ${JSON.stringify(value.slice(0, 40))}`, 'invalid_revision');
  return Number(value);
}

/** RevisionGate makes reads wait for a revision; fresh tells the engine to skip its caches. */
export class RevisionGate {
  constructor(private readonly revisions: Revisions, private readonly waitMs: number) {}

  /** reach resolves { fresh } once the state includes consistency.atLeast, or throws a 503 after the bound. */
  async reach(consistency: Consistency | undefined): Promise<{ fresh: boolean }> {
    if (consistency?.atLeast === undefined) return { fresh: consistency?.fresh === true };
    const revision = parseRevision(consistency.atLeast);
    if (!(await this.revisions.waitFor(revision, this.waitMs))) {
      throw new DependencyUnavailableError('openfga', `revision ${revision} has not reached the check engine yet; retry shortly`, 1, 'revision_not_reached');
    }
    return { fresh: true };
  }
}
