/** The TupleStore port: relationships and their history, the source of truth (Neo4j). */
import type { Tuple } from '../tuple';
import type { Page } from './shared';

/** TupleChange is one effective change to a relationship. */
export interface TupleChange {
  op: 'write' | 'delete';
  tuple: Tuple;
}

/** RevisionedChange is a change with the revision that recorded it. */
export interface RevisionedChange extends TupleChange {
  revision: number;
}

/** TupleWriteRequest is a validated, de-duplicated write of one request. */
export interface TupleWriteRequest {
  writes: Tuple[];
  deletes: Tuple[];
  actor: string;
  requestId: string;
  at: Date;
  /** onDuplicate 'error' refuses the request when a write is live already; absent or 'ignore': it changes nothing. */
  onDuplicate?: 'error' | 'ignore';
  /** onMissing 'error' refuses the request when a delete is not live; absent or 'ignore': it changes nothing. */
  onMissing?: 'error' | 'ignore';
}

/** TupleWriteResult says which revision holds the write and how many tuples actually changed. */
export interface TupleWriteResult {
  revision: number;
  changed: number;
}

/** StoredTuple is a tuple with its provenance: when and by whom it was written. */
export interface StoredTuple extends Tuple {
  writtenAt: string;
  writtenBy: string;
}

/** TupleFilter narrows a tuple listing; absent fields match anything. */
export interface TupleFilter {
  user?: string;
  relation?: string;
  object?: string;
  /** objectType keeps tuples whose object is of this type (`organization`), as OpenFGA's read of `organization:` does. */
  objectType?: string;
}

/**
 * ImportPeriod is one line of a bulk import: a tuple, live from since (absent: the import's
 * moment) until until (absent: still live). Periods are half-open, since included, until excluded.
 */
export interface ImportPeriod {
  /** line is the line's number in the imported file, counted from 1, for naming it when it is refused. */
  line: number;
  tuple: Tuple;
  since?: string;
  until?: string;
}

/** TupleImportRequest is a validated import: its lines in batches, in file order, and who imports them when. */
export interface TupleImportRequest {
  /** batches are consumed once; an error they throw (a bad line) aborts the import with nothing written. */
  batches: AsyncIterable<ImportPeriod[]>;
  actor: string;
  requestId: string;
  at: Date;
}

/** TupleImportResult says which revision holds the import, how many periods it wrote and how many lines it skipped. */
export interface TupleImportResult {
  revision: number;
  written: number;
  skipped: number;
}

/** ExportedPeriod is one period of a tuple in an export: since it was written, and until it ended when it has. */
export interface ExportedPeriod extends Tuple {
  since: string;
  until?: string;
}

/**
 * TupleStore is the source of truth for relationships. Every method throws
 * DependencyUnavailableError when the store does not answer in time.
 */
export interface TupleStore {
  /**
   * writeTuples records the request in one transaction: live writes end no tuple, deletes end
   * (never erase) the live tuple, one change record per effective change (the change feed and the
   * outbox), and the next revision. Duplicate writes and missing deletes change nothing; when
   * nothing changes, the current revision is returned and no revision is used up. With onDuplicate
   * (onMissing) 'error', a write already live (a delete not live) makes it throw InvalidInputError
   * with code tuple_exists (tuple_missing) naming that tuple, having written nothing. If the store is
   * unreachable it throws DependencyUnavailableError having written nothing.
   */
  writeTuples(req: TupleWriteRequest): Promise<TupleWriteResult>;
  /**
   * readTuples pages through live tuples matching filter in (object, relation, user) order, at
   * most limit a page; the cursor of one page continues after its last tuple.
   */
  readTuples(filter: TupleFilter, limit: number, cursor?: string): Promise<Page<StoredTuple>>;
  /**
   * liveTuples yields, in pages and in constant memory, every tuple live at revision: written at or
   * before it and not ended by then, each once. Reconcile compares it with the check engine at the
   * applied mark, so changes still on their way through the outbox are not mistaken for drift.
   */
  liveTuples(revision: number): AsyncIterable<Tuple[]>;
  /**
   * importTuples records every period of the request, or none, under one new revision. A line
   * without since or until whose tuple is live (kept or imported earlier in the request) is
   * skipped, and so is a line whose period is identical to one kept; any other line whose period
   * overlaps one kept or imported earlier for the same tuple throws ImportLineError naming it, and
   * an error thrown by req.batches is thrown as is, both having written nothing. Live periods
   * become change records (the change feed and the outbox) at the import's moment; ended ones are
   * history only. writtenAt is since (else the import's moment), writtenBy the actor. When nothing
   * is written, the current revision is returned and no revision is used up.
   */
  importTuples(req: TupleImportRequest): Promise<TupleImportResult>;
  /**
   * exportTuples yields, in pages and in constant memory, every tuple live at revision with since
   * (its writtenAt); with history, every period written at or before revision, with until for
   * those ended by then. Each period once; the order is the store's.
   */
  exportTuples(revision: number, history: boolean): AsyncIterable<ExportedPeriod[]>;
}
