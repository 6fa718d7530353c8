/**
 * The Neo4j adapters of TupleStore and Outbox: relationships as TUPLE relationships between
 * Entity nodes, ended rather than erased, with Change nodes that are both the change feed and the
 * outbox to OpenFGA.
 */
import { refusedChange } from '../../domain/errors';
import { parseRef, tupleKey, type Tuple } from '../../domain/tuple';
import type {
  ExportedPeriod, Outbox, OutboxCounters, Page, OutboxEntry, StoredTuple, TupleFilter, TupleImportRequest, TupleImportResult, TupleStore,
  TupleWriteRequest, TupleWriteResult,
} from '../../domain/ports';
import type { Neo4jExecutor, Row } from './executor';
import { decodeCursor, pageOfRows } from './paging';
import { finishAbandonedImport, importTuples, writeAtRevision } from './tuple-import';

const outboxEntry = (r: Row): OutboxEntry => ({ revision: Number(r.revision), revisionSize: Number(r.size), op: r.op === 'delete' ? 'delete' : 'write', tuple: asTuple(r) });

/** EXPORT_PAGE is how many periods an export reads from Neo4j at a time. */
const EXPORT_PAGE = 5000;
/** EXPORT_TIMEOUT_MS bounds an export's one read transaction: an hour, far beyond any store this service is sized for. */
const EXPORT_TIMEOUT_MS = 60 * 60 * 1000;

const asTuple = (r: Row): Tuple => ({ user: String(r.user), relation: String(r.relation), object: String(r.object) });

/** exportedPeriod is built whole, without spreads: an export makes a million of them. */
const exportedPeriod = (r: Row): ExportedPeriod => {
  const period: ExportedPeriod = { user: String(r.user), relation: String(r.relation), object: String(r.object), since: String(r.since) };
  if (r.until != null) period.until = String(r.until);
  return period;
};

/** refuseUnchanged throws the refusal of the first asked tuple the statement did not change. */
function refuseUnchanged(op: 'write' | 'delete', asked: Tuple[], changed: Row[]): void {
  const done = new Set(changed.map((r) => tupleKey(asTuple(r))));
  const first = asked.find((t) => !done.has(tupleKey(t)));
  if (first) throw refusedChange(op, first);
}

/** Neo4jTupleStore keeps relationships and their history in Neo4j. */
export class Neo4jTupleStore implements TupleStore, Outbox {
  constructor(private readonly db: Neo4jExecutor) {}

  async writeTuples(req: TupleWriteRequest): Promise<TupleWriteResult> {
    const at = req.at.toISOString();
    return writeAtRevision(this.db, at, async (run, current) => {
      const base = { at, actor: req.actor, requestId: req.requestId, revision: current + 1 };
      const ended = req.deletes.length ? await run('end-tuples', { ...base, deletes: req.deletes }) : [];
      const writes = req.writes.map((t) => {
        const u = parseRef(t.user, 'user');
        const o = parseRef(t.object, 'object');
        return { ...t, userType: u.type, userId: u.id, objectType: o.type, objectId: o.id };
      });
      const created = writes.length ? await run('create-tuples', { ...base, writes }) : [];
      // Thrown inside the transaction, so Neo4j rolls every statement above back: nothing half-written.
      if (req.onMissing === 'error') refuseUnchanged('delete', req.deletes, ended);
      if (req.onDuplicate === 'error') refuseUnchanged('write', req.writes, created);
      const changes = [
        ...ended.map((r) => ({ op: 'delete', ...asTuple(r) })),
        ...created.map((r) => ({ op: 'write', ...asTuple(r) })),
      ].map((c, seq) => ({ ...c, seq }));
      if (changes.length === 0) return { revision: current, changed: 0 };
      await run('record-changes', { ...base, changes });
      await run('set-revision', { revision: base.revision });
      return { revision: base.revision, changed: changes.length };
    });
  }

  async readTuples(filter: TupleFilter, limit: number, cursor?: string): Promise<Page<StoredTuple>> {
    const rows = await this.db.read('read-tuples', {
      user: filter.user ?? null,
      relation: filter.relation ?? null,
      object: filter.object ?? null,
      objectType: filter.objectType ?? null,
      after: decodeCursor(cursor),
      limit: limit + 1,
    });
    return pageOfRows(rows, limit, (r) => ({ ...asTuple(r), writtenAt: String(r.writtenAt), writtenBy: String(r.writtenBy) }), (r) => String(r.sortKey));
  }

  async *liveTuples(revision: number): AsyncIterable<Tuple[]> {
    for await (const rows of this.db.stream('live-tuples', { revision }, EXPORT_PAGE, EXPORT_TIMEOUT_MS)) yield rows.map(asTuple);
  }

  importTuples(req: TupleImportRequest): Promise<TupleImportResult> {
    return importTuples(this.db, req);
  }

  async *exportTuples(revision: number, history: boolean): AsyncIterable<ExportedPeriod[]> {
    for await (const rows of this.db.stream('export-tuples', { revision, history }, EXPORT_PAGE, EXPORT_TIMEOUT_MS)) {
      yield rows.map(exportedPeriod);
    }
  }

  async counters(): Promise<OutboxCounters> {
    const [row] = await this.db.read('read-counters', { now: Date.now() });
    return { latest: Number(row.latest), applied: Number(row.applied), ...(row.importAbandoned === true ? { importAbandoned: true } : {}) };
  }

  finishAbandonedImport(holder: string): Promise<boolean> {
    return finishAbandonedImport(this.db, holder);
  }

  async pending(after: number, upTo: number, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db.read('pending-changes', { after, upTo, limit });
    return rows.map(outboxEntry);
  }

  async revisionChanges(revision: number, afterSeq: number, limit: number): Promise<Array<OutboxEntry & { seq: number }>> {
    const rows = await this.db.read('revision-changes', { revision, afterSeq, limit });
    return rows.map((r) => ({ ...outboxEntry(r), seq: Number(r.seq) }));
  }

  async markApplied(holder: string, revision: number): Promise<boolean> {
    return (await this.db.write((run) => run('mark-applied', { holder, revision }))).length > 0;
  }

  async acquireLease(name: string, holder: string, ttlMs: number, want = false): Promise<boolean> {
    const now = Date.now();
    const [row] = await this.db.write((run) => run('acquire-lease', { name, holder, now, until: now + ttlMs, want }));
    return row.held === true;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.write((run) => run('release-lease', { name, holder }));
  }
}
