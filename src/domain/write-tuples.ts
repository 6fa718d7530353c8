/**
 * WriteTuples: the one write path for relationships. Validates the whole request against the
 * model first (so a bad request writes nothing), records it in Neo4j in one transaction, then
 * waits a bounded time for the relay to put it into OpenFGA.
 */
import { InvalidInputError } from './errors';
import type { AuthzModel } from './authz-model';
import { tupleKey, type Tuple } from './tuple';
import type { TupleStore } from '../storage/ports';

/** MAX_TUPLES_PER_WRITE is the contract's limit on writes plus deletes in one request. */
export const MAX_TUPLES_PER_WRITE = 1000;

/** Revisions is what a use case needs of the relay: wait until a revision reached OpenFGA. */
export interface Revisions {
  kick(): void;
  waitFor(revision: number, timeoutMs: number): Promise<boolean>;
}

export interface WriteTuplesInput {
  writes: Tuple[];
  deletes: Tuple[];
  actor: string;
  requestId: string;
}

/** WriteTuplesResult: pending is true when OpenFGA had not applied the write within the bound. */
export interface WriteTuplesResult {
  revision: string;
  pending: boolean;
}

/** WriteTuplesCommand writes and deletes tuples atomically in Neo4j and acknowledges once OpenFGA has them. */
export class WriteTuplesCommand {
  constructor(
    private readonly model: AuthzModel,
    private readonly store: Pick<TupleStore, 'writeTuples'>,
    private readonly revisions: Revisions,
    private readonly ackTimeoutMs: number,
  ) {}

  async execute(input: WriteTuplesInput): Promise<WriteTuplesResult> {
    const writes = this.validated(input.writes, 'writes');
    const deletes = this.validated(input.deletes, 'deletes');
    const total = writes.length + deletes.length;
    if (total === 0) throw new InvalidInputError('the request writes and deletes nothing: give at least one tuple in writes or deletes', 'empty_write');
    if (input.writes.length + input.deletes.length > MAX_TUPLES_PER_WRITE) {
      throw new InvalidInputError(`a request takes at most ${MAX_TUPLES_PER_WRITE} tuples in writes and deletes together; got ${input.writes.length + input.deletes.length}`, 'too_many_tuples');
    }
    const writeKeys = new Set(writes.map(tupleKey));
    const both = deletes.find((t) => writeKeys.has(tupleKey(t)));
    if (both) throw new InvalidInputError(`tuple ${tupleKey(both)} is both written and deleted in one request; send one or the other`, 'conflicting_tuple');
    const { revision } = await this.store.writeTuples({ writes, deletes, actor: input.actor, requestId: input.requestId, at: new Date() });
    this.revisions.kick();
    const applied = await this.revisions.waitFor(revision, this.ackTimeoutMs);
    return { revision: String(revision), pending: !applied };
  }

  /** validated checks every tuple against the model and drops repeats, keeping the first. */
  private validated(tuples: Tuple[], field: string): Tuple[] {
    const seen = new Map<string, Tuple>();
    tuples.forEach((t, i) => {
      try {
        this.model.validateWrite(t);
      } catch (err) {
        if (err instanceof InvalidInputError) throw new InvalidInputError(`${field}[${i}]: ${err.message}`, err.code);
        throw err;
      }
      seen.set(tupleKey(t), seen.get(tupleKey(t)) ?? t);
    });
    return [...seen.values()];
  }
}
