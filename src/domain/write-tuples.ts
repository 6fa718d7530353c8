/**
 * WriteTuples: the one write path for relationships. Validates the whole request against the
 * model first (so a bad request writes nothing), records it in Neo4j in one transaction, then
 * waits a bounded time for the relay to put it into OpenFGA.
 */
import { InvalidInputError, underField } from './errors';
import { MAX_TUPLES_PER_WRITE } from './limits';
import type { AuthzModel } from './authz-model';
import { tupleKey, type Tuple } from './tuple';
import type { Revisions, TupleStore } from './ports';

export interface WriteTuplesInput {
  writes: Tuple[];
  deletes: Tuple[];
  actor: string;
  requestId: string;
  /** onDuplicate and onMissing 'error' refuse the whole request over a write already live or a delete not live (TupleStore.writeTuples). */
  onDuplicate?: 'error' | 'ignore';
  onMissing?: 'error' | 'ignore';
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
    /** onAcknowledged is told of every acknowledged write, pending or applied: the metrics hook. */
    private readonly onAcknowledged?: (pending: boolean) => void,
  ) {}

  async execute(input: WriteTuplesInput): Promise<WriteTuplesResult> {
    const { writes, deletes } = validateTupleChanges(this.model, input.writes, input.deletes);
    const { revision } = await this.store.writeTuples({ writes, deletes, actor: input.actor, requestId: input.requestId, at: new Date(), onDuplicate: input.onDuplicate, onMissing: input.onMissing });
    const applied = await acknowledged(this.revisions, revision, this.ackTimeoutMs, this.onAcknowledged);
    return { revision: String(revision), pending: !applied };
  }
}

/**
 * acknowledged is how every write is acknowledged: the relay is woken, the write waits up to
 * timeoutMs for OpenFGA to have its revision, and the hook hears whether it is still pending.
 */
export async function acknowledged(revisions: Revisions, revision: number, timeoutMs: number, onAcknowledged?: (pending: boolean) => void): Promise<boolean> {
  revisions.kick();
  const applied = await revisions.waitFor(revision, timeoutMs);
  onAcknowledged?.(!applied);
  return applied;
}

/**
 * validateTupleChanges is the validation of every tuple write request (and of what-if questions,
 * which must be refused exactly as the write would be): each tuple against the model, the size
 * limit, nothing written and deleted at once. It returns the request without repeats.
 */
export function validateTupleChanges(model: AuthzModel, writesIn: Tuple[], deletesIn: Tuple[]): { writes: Tuple[]; deletes: Tuple[] } {
  const writes = validated(model, writesIn, 'writes');
  const deletes = validated(model, deletesIn, 'deletes');
  if (writes.length + deletes.length === 0) throw new InvalidInputError('the request writes and deletes nothing: give at least one tuple in writes or deletes', 'empty_write');
  if (writesIn.length + deletesIn.length > MAX_TUPLES_PER_WRITE) {
    throw new InvalidInputError(`a request takes at most ${MAX_TUPLES_PER_WRITE} tuples in writes and deletes together; got ${writesIn.length + deletesIn.length}`, 'too_many_tuples');
  }
  const writeKeys = new Set(writes.map(tupleKey));
  const both = deletes.find((t) => writeKeys.has(tupleKey(t)));
  if (both) throw new InvalidInputError(`tuple ${tupleKey(both)} is both written and deleted in one request; send one or the other`, 'conflicting_tuple');
  return { writes, deletes };
}

/** validated checks every tuple against the model and drops repeats, keeping the first. */
function validated(model: AuthzModel, tuples: Tuple[], field: string): Tuple[] {
  const seen = new Map<string, Tuple>();
  tuples.forEach((t, i) => {
    underField(`${field}[${i}]`, () => model.validateWrite(t));
    seen.set(tupleKey(t), seen.get(tupleKey(t)) ?? t);
  });
  return [...seen.values()];
}
