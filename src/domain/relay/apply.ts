/**
 * Sending changes to the check engine in order: at most CHUNK tuples a call, never the same tuple
 * twice in one call, calls without a tuple in common PARALLEL at a time. The outbox and reconcile's
 * repairs both go this way.
 */
import { tupleKey } from '../tuple';
import type { AuthzEngine, Outbox, OutboxEntry, TupleChange } from '../ports';

/** CHUNK is the most tuples sent to OpenFGA in one write (its default max-tuples-per-write). */
export const CHUNK = 100;
/** PARALLEL is how many chunks of one wave are in flight to the engine at once. */
export const PARALLEL = 4;

/**
 * applyInOrder sends changes so that the engine ends in the state they describe in order. They
 * are cut into waves in which no tuple repeats; the chunks of one wave go PARALLEL at a time, since
 * their order cannot change the outcome, and a tuple seen again starts the next wave, so a write
 * and its later delete still reach the engine in that order. It rejects with the first failure,
 * once no chunk is in flight any more.
 */
export async function applyInOrder(engine: Pick<AuthzEngine, 'apply'>, changes: TupleChange[]): Promise<void> {
  for (const wave of waves(changes)) {
    let next = 0;
    let failed = false;
    const sender = async () => {
      while (!failed && next < wave.length) {
        await engine.apply(wave[next++]).catch((err: unknown) => {
          failed = true;
          throw err;
        });
      }
    };
    // Settle every sender before failing: a chunk still in flight when the round is retried could
    // land after a later wave's change to the same tuple and undo it.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL, wave.length) }, sender));
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }
}

/** waves cuts changes, in order, into waves of chunks of at most CHUNK in which no tuple repeats. */
export function waves(changes: TupleChange[]): TupleChange[][][] {
  const out: TupleChange[][][] = [];
  let wave: TupleChange[][] = [];
  let keys = new Set<string>();
  for (const c of changes) {
    const key = tupleKey(c.tuple);
    if (keys.has(key)) {
      out.push(wave);
      wave = [];
      keys = new Set();
    }
    const chunk = wave[wave.length - 1];
    if (!chunk || chunk.length === CHUNK) wave.push([c]);
    else chunk.push(c);
    keys.add(key);
  }
  if (wave.length) out.push(wave);
  return out;
}

/**
 * applyRevisionInPages walks one revision too large for one pending read (a bulk import) into the
 * engine, pageSize changes at a time, asking stillHeld between pages since a walk can outlast the
 * relay's lease. It answers false when fewer than the revision's size of its changes were visible
 * (Neo4j still applying its commit) or the lease was lost on the way: walk it again, since writing
 * a tuple twice is harmless.
 */
export async function applyRevisionInPages(
  outbox: Pick<Outbox, 'revisionChanges'>,
  engine: Pick<AuthzEngine, 'apply'>,
  first: Pick<OutboxEntry, 'revision' | 'revisionSize'>,
  pageSize: number,
  stillHeld: () => Promise<boolean>,
): Promise<boolean> {
  let seen = 0;
  for (let afterSeq = -1; ;) {
    const page = await outbox.revisionChanges(first.revision, afterSeq, pageSize);
    await applyInOrder(engine, page);
    seen += page.length;
    if (page.length < pageSize) return seen === first.revisionSize;
    afterSeq = page[page.length - 1].seq;
    if (!(await stillHeld())) return false;
  }
}
