/** The Outbox port: the durable queue of changes on their way to the check engine, and the relay's lease. */
import type { RevisionedChange } from './tuples';

/** OutboxEntry is a change on its way to the check engine, with how many changes its revision holds. */
export interface OutboxEntry extends RevisionedChange {
  revisionSize: number;
}

/** OutboxCounters are the latest revision written and the latest applied to the check engine. */
export interface OutboxCounters {
  latest: number;
  applied: number;
  /** importAbandoned says a bulk import's importer stopped renewing its hold on writes: finishAbandonedImport takes it over. */
  importAbandoned?: boolean;
}

/**
 * Outbox is filled by TupleStore.writeTuples in the same transaction as the change it records.
 * Every method throws DependencyUnavailableError when the store does not answer in time.
 */
export interface Outbox {
  /** counters reads the latest revision written and the applied mark; both start at 0. */
  counters(): Promise<OutboxCounters>;
  /**
   * pending returns changes with after < revision <= upTo in write order, at most limit of them.
   * A revision may be cut by the limit, or be partly visible while the store applies its commit
   * (Neo4j readers are read-committed per record, so the counters can move first): the caller must
   * apply only revisions whose visible changes number revisionSize.
   */
  pending(after: number, upTo: number, limit: number): Promise<OutboxEntry[]>;
  /**
   * revisionChanges returns the changes of one revision numbered after afterSeq (-1: from its
   * first), in write order, at most limit of them: how the relay walks a revision too large for
   * one pending read, page by page. Each carries its number, seq.
   */
  revisionChanges(revision: number, afterSeq: number, limit: number): Promise<Array<OutboxEntry & { seq: number }>>;
  /**
   * markApplied moves the applied mark up to revision (never down) and returns true, or returns
   * false, moving nothing, when holder does not hold the relay lease.
   */
  markApplied(holder: string, revision: number): Promise<boolean>;
  /**
   * acquireLease takes or renews the named lease for ttlMs and says whether holder has it now; false
   * while another holder's lease runs. With want, a caller that does not get it leaves a wish for
   * ttlMs, and the lease goes to that caller instead of the holder at the holder's next renewal
   * (or to whoever asks once it is free or expired, the wisher first while its wish runs), so a
   * replica can ask for work only the holder does. Of many simultaneous claimants exactly one wins.
   */
  acquireLease(name: string, holder: string, ttlMs: number, want?: boolean): Promise<boolean>;
  /** releaseLease gives the lease back if holder has it, and withdraws holder's wish for it. */
  releaseLease(name: string, holder: string): Promise<void>;
  /**
   * finishAbandonedImport takes over a bulk import whose importer stopped renewing its hold on writes
   * (see TupleStore.importTuples): one that had been decided is written to the end, one still being
   * staged is discarded. True when it took one over; of many simultaneous callers at most one does.
   */
  finishAbandonedImport(holder: string): Promise<boolean>;
}
