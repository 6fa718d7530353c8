/**
 * Bulk import into Neo4j: the whole file in one transaction that holds the revision lock, batch by
 * batch (each batch's kept periods read, its lines judged, its periods written with UNWIND), so a
 * bad line anywhere rolls everything back and no other write interleaves.
 */
import { judgeLine, periodOf, type Period } from '../../domain/periods';
import type { ImportPeriod, TupleImportRequest, TupleImportResult } from '../../domain/ports';
import { parseRef, tupleKey } from '../../domain/tuple';
import type { Neo4jExecutor, Run } from './executor';

/** IMPORT_TIMEOUT_MS bounds one import's transaction: an hour, far beyond any file this service is sized for. */
export const IMPORT_TIMEOUT_MS = 60 * 60 * 1000;

/** importTuples is TupleStore.importTuples on Neo4j. */
export async function importTuples(db: Neo4jExecutor, req: TupleImportRequest): Promise<TupleImportResult> {
  const at = req.at.toISOString();
  return db.writeOnce(async (run) => {
    const [lock] = await run('lock-revision', { at });
    const current = Number(lock.value);
    const base = { at, actor: req.actor, requestId: req.requestId, revision: current + 1, historyRevision: current };
    let written = 0;
    let skipped = 0;
    let live = 0;
    for await (const batch of req.batches) {
      const periods = await judgeBatch(run, batch, at);
      skipped += batch.length - periods.length;
      if (periods.length === 0) continue;
      await run('import-periods', { ...base, periods: periods.map(withRefs) });
      const changes = periods.filter((p) => p.until === undefined);
      if (changes.length) await run('record-import-changes', { ...base, changes: changes.map((p) => p.tuple), fromSeq: live });
      written += periods.length;
      live += changes.length;
    }
    if (live === 0) return { revision: current, written, skipped };
    await run('size-import-changes', { revision: base.revision, size: live });
    await run('set-revision', { revision: base.revision });
    return { revision: base.revision, written, skipped };
  }, IMPORT_TIMEOUT_MS);
}

/** judgeBatch reads the periods kept for the batch's tuples and returns the lines to write, in order, each judged against those and the lines before it. */
async function judgeBatch(run: Run, batch: ImportPeriod[], at: string): Promise<Array<ImportPeriod & Period>> {
  const keys = new Map(batch.map((p) => [tupleKey(p.tuple), p.tuple]));
  const kept = new Map<string, Period[]>();
  for (const r of await run('import-kept-periods', { tuples: [...keys.values()] })) {
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
