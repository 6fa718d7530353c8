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
   * liveTuples returns every tuple live at revision: written at or before it and not ended by then.
   * Reconcile compares it with the check engine at the applied mark, so changes still on their way
   * through the outbox are not mistaken for drift.
   */
  liveTuples(revision: number): Promise<Tuple[]>;
}
