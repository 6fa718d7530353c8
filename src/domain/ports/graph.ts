/** The GraphStore and ChangeFeed ports: traversals over the relationship graph and its history. */
import type { Tuple } from '../tuple';
import type { RevisionedChange, StoredTuple } from './tuples';

/** ChainQuery asks for simple chains of tuples from user to object: a first tuple with one of first, then link tuples with one of links. */
export interface ChainQuery {
  user: string;
  object: string;
  first: string[];
  links: string[];
  /** asOf is an ISO time: tuples live at that moment; absent means live now. */
  asOf?: string;
  limit: number;
}

/**
 * GraphStore answers traversals over the relationship graph, now or as of a past moment (a tuple
 * is live at t when it was written at or before t and had not ended by t). Every method throws
 * DependencyUnavailableError when the store does not answer in time.
 */
export interface GraphStore {
  /**
   * tuplesFrom returns every tuple with one of relations, live at asOf (absent: now), on a path
   * leaving one of keys: the tuples out of keys and out of every entity they reach. Unknown keys
   * contribute nothing. No provenance: the answers computed over them do not show it.
   */
  tuplesFrom(keys: string[], relations: string[], asOf?: string): Promise<Tuple[]>;
  /** tuplesInto is tuplesFrom backwards: every such tuple on a path arriving at one of keys. */
  tuplesInto(keys: string[], relations: string[], asOf?: string): Promise<Tuple[]>;
  /**
   * chains returns at most limit simple chains (no entity twice) from q.user to q.object live at
   * q.asOf, shortest first, each tuple with its provenance. It follows relations only, not the
   * model's rules: the caller keeps the chains that really grant.
   */
  chains(q: ChainQuery): Promise<StoredTuple[][]>;
}

/** FeedPosition is a place in the change feed: after this revision's change number seq. */
export interface FeedPosition {
  revision: number;
  seq: number;
}

/** FeedEntry is one change in the feed with who made it and when. */
export interface FeedEntry extends RevisionedChange {
  seq: number;
  at: string;
  actor: string;
}

/** FeedFilter narrows the feed; absent fields match every change. */
export interface FeedFilter {
  object?: string;
  user?: string;
  /** objectType keeps changes whose object is of this type. */
  objectType?: string;
  /** since is an ISO time: changes made at or after it. */
  since?: string;
}

/** ChangeFeed reads the recorded changes (the same records that are the outbox). */
export interface ChangeFeed {
  /**
   * readChanges returns at most limit changes after position, in (revision, seq) order, only those
   * filter keeps. Throws DependencyUnavailableError when the store does not answer in time.
   */
  readChanges(filter: FeedFilter, after: FeedPosition, limit: number): Promise<FeedEntry[]>;
}
