/**
 * Bulk import into Neo4j, of any size in constant memory, all or nothing. An import holds writes
 * from its start to its end (other writers wait, see lockRevision) and goes in three steps, each
 * a series of small transactions:
 * - stage: each batch of lines is judged against the periods kept in the graph and those staged
 *   before it, and kept as ImportLine nodes no reader looks at; a bad line discards the staging;
 * - decide: one transaction takes the revision, from which point the import will be written;
 * - publish: the staged lines become tuples and change records batch by batch, in file order,
 *   while the relay already applies the published pages to OpenFGA.
 * Its lease (on the revision counter) is renewed by every step; if the importer dies, the relay
 * finishes a decided import (finishAbandonedImport) and a staged one is discarded.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConflictError, DependencyUnavailableError } from '../../domain/errors';
import { judgeLine, periodOf, type Period } from '../../domain/periods';
import type { ImportPeriod, TupleImportRequest, TupleImportResult } from '../../domain/ports';
import { parseRef, tupleKey } from '../../domain/tuple';
import type { Neo4jExecutor, Run } from './executor';

/** IMPORT_LEASE_MS is how long an import holds writes without renewing: longer than any one step takes. */
export const IMPORT_LEASE_MS = 60_000;
/** PUBLISH_BATCH is how many staged lines one publishing transaction writes. */
export const PUBLISH_BATCH = 5000;
/** DISCARD_BATCH is how many staged lines one transaction of a discard deletes. */
const DISCARD_BATCH = 10_000;
/** WAIT_POLL_MS is how often a write held by an import asks again. */
const WAIT_POLL_MS = 200;

/** ImportHoldsWritesError is the 503 of a write that waited its whole time-out for an import to end. */
class ImportHoldsWritesError extends DependencyUnavailableError {
  constructor() {
    super('neo4j', 'a bulk import is being written and holds every other write until it ends; nothing was written, try again', 5, 'import_in_progress');
  }
}

/**
 * writeAtRevision runs work in one write transaction that first takes the revision lock every
 * write takes, and hands it the current revision. While a bulk import holds writes the transaction
 * is rolled back and tried again, for up to the executor's time-out; then ImportHoldsWritesError.
 */
export async function writeAtRevision<T>(db: Neo4jExecutor, at: string, work: (run: Run, current: number) => Promise<T>): Promise<T> {
  const until = Date.now() + db.timeoutMs;
  for (;;) {
    try {
      return await db.write(async (run) => {
        const [lock] = await run('lock-revision', { at, now: Date.now() });
        if (lock.importing === true) throw new ImportHoldsWritesError();
        return work(run, Number(lock.value));
      });
    } catch (err) {
      if (!(err instanceof ImportHoldsWritesError) || Date.now() + WAIT_POLL_MS > until) throw err;
      await sleep(WAIT_POLL_MS);
    }
  }
}

/** Held names one import and the replica that holds its lease. */
interface Held {
  importId: string;
  holder: string;
}

/** importTuples is TupleStore.importTuples on Neo4j. */
export async function importTuples(db: Neo4jExecutor, req: TupleImportRequest): Promise<TupleImportResult> {
  const at = req.at.toISOString();
  const held = { importId: randomUUID(), holder: randomUUID() };
  const [start] = await db.write((run) => run('begin-import', { ...held, at, now: Date.now(), until: Date.now() + IMPORT_LEASE_MS, actor: req.actor, requestId: req.requestId }));
  if (start.begun !== true) throw new ConflictError('another bulk import is being written; imports go one at a time, try again when it has ended', 'import_in_progress');
  let staged: Staged;
  try {
    await discardLines(db, { except: held.importId });
    staged = await stage(db, held, req.batches, at);
  } catch (err) {
    await discard(db, held).catch(() => undefined);
    throw err;
  }
  const [decided] = await db.write((run) => run('decide-import', { ...held, live: staged.live, until: Date.now() + IMPORT_LEASE_MS }));
  if (!decided) throw abandoned();
  const revision = Number(decided.revision);
  // Decided, so it will be written whatever stopped this importer: the caller must not read the failure as "nothing was written".
  await publish(db, held).catch(() => {
    throw new DependencyUnavailableError('neo4j', `the import was accepted as revision ${revision}, but writing it out was interrupted; the relay finishes it within ${IMPORT_LEASE_MS / 1000} s: wait for that revision (consistency.atLeast) rather than importing again, though importing the same file again changes nothing once it is finished`, 5, 'import_unfinished');
  });
  return { revision, written: staged.written, skipped: staged.skipped };
}

/**
 * finishAbandonedImport takes over an import whose importer stopped renewing its lease: a decided
 * one is published to the end, a staged one discarded. Exactly one caller takes it over; the
 * others return false.
 */
export async function finishAbandonedImport(db: Neo4jExecutor, holder: string): Promise<boolean> {
  const [found] = await db.read('abandoned-import', { now: Date.now() });
  if (!found) return false;
  const held = { importId: String(found.importId), holder };
  const [taken] = await db.write((run) => run('take-over-import', { ...held, previous: found.holder, now: Date.now(), until: Date.now() + IMPORT_LEASE_MS }));
  if (!taken) return false;
  if (taken.state === 'publishing') await publish(db, held);
  else await discard(db, held);
  return true;
}

interface Staged {
  written: number;
  skipped: number;
  live: number;
}

/** stage judges and stages the batches in order, each in a transaction of its own that renews the lease. */
async function stage(db: Neo4jExecutor, held: Held, batches: AsyncIterable<ImportPeriod[]>, at: string): Promise<Staged> {
  const staged = { written: 0, skipped: 0, live: 0 };
  for await (const batch of batches) {
    // Numbered inside the transaction function, which the driver may run again: the totals move once it committed.
    const { written, live } = await db.write(async (run) => {
      if (!(await renew(run, held, 'staging'))) throw abandoned();
      let liveSeq = staged.live;
      const lines = (await judgeBatch(run, held.importId, batch, at)).map((p, i) => ({
        ...withRefs(p), key: tupleKey(p.tuple), line: p.line, seq: staged.written + i, liveSeq: p.until === undefined ? liveSeq++ : null,
      }));
      if (lines.length) await run('stage-import-lines', { importId: held.importId, lines });
      return { written: lines.length, live: liveSeq - staged.live };
    });
    staged.written += written;
    staged.live += live;
    staged.skipped += batch.length - written;
  }
  return staged;
}

/** publish writes a decided import's staged lines batch by batch until none is left, then ends the import. */
async function publish(db: Neo4jExecutor, held: Held): Promise<void> {
  for (;;) {
    const [row] = await db.write((run) => run('publish-import-lines', { ...held, limit: PUBLISH_BATCH, until: Date.now() + IMPORT_LEASE_MS }));
    if (!row) throw abandoned();
    if (Number(row.published) === 0) break;
  }
  await db.write((run) => run('end-import', { ...held }));
}

/** discard deletes the staged lines of an import that will not be written, then ends it. */
async function discard(db: Neo4jExecutor, held: Held): Promise<void> {
  await discardLines(db, { of: held.importId });
  await db.write((run) => run('end-import', { ...held }));
}

/** discardLines deletes the staged lines of one import, or of every import but one, a batch a transaction. */
async function discardLines(db: Neo4jExecutor, which: { of: string } | { except: string }): Promise<void> {
  const params = { of: 'of' in which ? which.of : null, except: 'except' in which ? which.except : null, limit: DISCARD_BATCH };
  for (;;) {
    const [row] = await db.write((run) => run('discard-import-lines', params));
    if (Number(row.deleted) < DISCARD_BATCH) return;
  }
}

async function renew(run: Run, held: Held, state: 'staging' | 'publishing'): Promise<boolean> {
  return (await run('renew-import', { ...held, state, until: Date.now() + IMPORT_LEASE_MS })).length > 0;
}

function abandoned(): ConflictError {
  return new ConflictError(`the import stopped renewing its hold on writes for ${IMPORT_LEASE_MS / 1000} s and was abandoned; nothing was written, import the file again`, 'import_abandoned');
}

/** judgeBatch reads the periods kept (and staged) for the batch's tuples and returns the lines to write, in order, each judged against those and the lines before it. */
async function judgeBatch(run: Run, importId: string, batch: ImportPeriod[], at: string): Promise<Array<ImportPeriod & Period>> {
  const keys = new Map(batch.map((p) => [tupleKey(p.tuple), p.tuple]));
  const kept = new Map<string, Period[]>();
  const tuples = [...keys].map(([key, t]) => ({ ...t, key }));
  for (const r of await run('import-kept-periods', { importId, tuples })) {
    const key = tupleKey({ user: String(r.user), relation: String(r.relation), object: String(r.object) });
    kept.set(key, [...(kept.get(key) ?? []), r.until == null ? { since: String(r.since) } : { since: String(r.since), until: String(r.until) }]);
  }
  const out: Array<ImportPeriod & Period> = [];
  for (const p of batch) {
    const key = tupleKey(p.tuple);
    const periods = kept.get(key) ?? [];
    if (judgeLine(p, periods, at) === 'skip') continue;
    const period = periodOf(p, at);
    kept.set(key, [...periods, period]);
    out.push({ ...p, ...period });
  }
  return out;
}

function withRefs(p: ImportPeriod & Period) {
  const u = parseRef(p.tuple.user, 'user');
  const o = parseRef(p.tuple.object, 'object');
  return { ...p.tuple, userType: u.type, userId: u.id, objectType: o.type, objectId: o.id, since: p.since, until: p.until ?? null };
}
