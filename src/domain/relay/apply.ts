/**
 * Sending changes to the check engine in order: at most CHUNK tuples a call, never the same tuple
 * twice in one call, calls without a tuple in common PARALLEL at a time. The outbox and reconcile's
 * repairs both go this way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { tupleKey } from '../tuple';
import type { AuthzEngine, Outbox, OutboxEntry, TupleChange } from '../ports';

/** CHUNK is the most tuples sent to OpenFGA in one write (its default max-tuples-per-write). */
export const CHUNK = 100;
/** PARALLEL is how many chunks of one wave are in flight to the engine at once. */
export const PARALLEL = 4;
/** BULK_PARALLEL is PARALLEL for a revision walked page by page (a bulk import: its tuples never repeat, so a page is one wave). */
export const BULK_PARALLEL = 8;

/**
 * applyInOrder sends changes so that the engine ends in the state they describe in order. They
 * are cut into waves in which no tuple repeats; the chunks of one wave go PARALLEL at a time, since
 * their order cannot change the outcome, and a tuple seen again starts the next wave, so a write
 * and its later delete still reach the engine in that order. It rejects with the first failure,
 * once no chunk is in flight any more.
 */
export async function applyInOrder(engine: Pick<AuthzEngine, 'apply'>, changes: TupleChange[], parallel = PARALLEL): Promise<void> {
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
    const settled = await Promise.allSettled(Array.from({ length: Math.min(parallel, wave.length) }, sender));
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

/** PAGE_WAIT_MS is how long a walk waits for the next page of a revision still being published before it gives up the round. */
export const PAGE_WAIT_MS = 60_000;
/** PAGE_POLL_MS is how often a walk looks for the next page of a revision still being published. */
const PAGE_POLL_MS = 50;

/**
 * applyRevisionInPages walks one revision too large for one pending read (a bulk import) into the
 * engine, pageSize changes at a time, asking stillHeld between pages since a walk can outlast the
 * relay's lease. A bulk import publishes its revision page by page, so a walk that has seen fewer
 * than the revision's size waits for the rest, for up to waitMs without a new change. It answers
 * false when the rest did not come in time or the lease was lost on the way: walk it again, since
 * writing a tuple twice is harmless.
 */
export async function applyRevisionInPages(
  outbox: Pick<Outbox, 'revisionChanges'>,
  engine: Pick<AuthzEngine, 'apply'>,
  first: Pick<OutboxEntry, 'revision' | 'revisionSize'>,
  pageSize: number,
  stillHeld: () => Promise<boolean>,
  waitMs = PAGE_WAIT_MS,
): Promise<boolean> {
  const read = (afterSeq: number) => outbox.revisionChanges(first.revision, afterSeq, pageSize);
  let seen = 0;
  let afterSeq = -1;
  let heardAt = Date.now();
  let page = await read(afterSeq);
  for (;;) {
    if (page.length) {
      afterSeq = page[page.length - 1].seq;
      heardAt = Date.now();
    }
    // The next page is read while this one is written: Neo4j and OpenFGA work side by side.
    const next = page.length === pageSize ? read(afterSeq) : undefined;
    next?.catch(() => undefined);
    await applyInOrder(engine, page, BULK_PARALLEL);
    seen += page.length;
    if (seen >= first.revisionSize) return seen === first.revisionSize;
    if (!next && Date.now() - heardAt > waitMs) return false;
    if (!(await stillHeld())) return false;
    if (!next) await sleep(PAGE_POLL_MS);
    page = await (next ?? read(afterSeq));
  }
}
