/**
 * The storage ports: the small interfaces the use cases depend on. Adapters live in neo4j/ and
 * openfga/; the use cases never see a driver.
 */
import type { CandidateInvoice } from '../domain/commission';
import type { EntityAttributes, EntityType, StoredEntity } from '../domain/entity';
import type { Invoice, StoredInvoice } from '../domain/invoice';
import type { Tuple } from '../domain/tuple';

/** TupleChange is one effective change to a relationship. */
export interface TupleChange {
  op: 'write' | 'delete';
  tuple: Tuple;
}

/** RevisionedChange is a change with the revision that recorded it. */
export interface RevisionedChange extends TupleChange {
  revision: number;
}

/** OutboxEntry is a change on its way to the check engine, with how many changes its revision holds. */
export interface OutboxEntry extends RevisionedChange {
  revisionSize: number;
}

/** TupleWriteRequest is a validated, de-duplicated write of one request. */
export interface TupleWriteRequest {
  writes: Tuple[];
  deletes: Tuple[];
  actor: string;
  requestId: string;
  at: Date;
}

/** TupleWriteResult says which revision holds the write and how many tuples actually changed. */
export interface TupleWriteResult {
  revision: number;
  changed: number;
}

/** StoredTuple is a live tuple with its provenance. */
export interface StoredTuple extends Tuple {
  writtenAt: string;
  writtenBy: string;
}

/** TupleFilter narrows a tuple listing; absent fields match anything. */
export interface TupleFilter {
  user?: string;
  relation?: string;
  object?: string;
}

/** Page is one page of a listing; cursor is absent on the last page. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** TupleStore is the source of truth for relationships (Neo4j). */
export interface TupleStore {
  /**
   * writeTuples records the request in one transaction: the relationship changes, the change
   * records (which are also the outbox) and the next revision. Duplicate writes and missing
   * deletes change nothing; when nothing changes the current revision is returned. If the store
   * is unreachable it must throw DependencyUnavailableError and have written nothing.
   */
  writeTuples(req: TupleWriteRequest): Promise<TupleWriteResult>;
  /** readTuples pages through live tuples in (object, relation, user) order. */
  readTuples(filter: TupleFilter, limit: number, cursor?: string): Promise<Page<StoredTuple>>;
  /**
   * liveTuples returns every tuple live at revision: written at or before it and not ended by then.
   * Reconcile compares it with OpenFGA at the applied mark, so changes still on their way through
   * the outbox are not mistaken for drift.
   */
  liveTuples(revision: number): Promise<Tuple[]>;
}

/** OutboxCounters are the latest revision written and the latest applied to the check engine. */
export interface OutboxCounters {
  latest: number;
  applied: number;
}

/** Outbox is the durable queue of changes on their way to the check engine. */
export interface Outbox {
  counters(): Promise<OutboxCounters>;
  /**
   * pending returns changes with after < revision <= upTo in write order, at most limit of them.
   * A revision may be cut by the limit, or be partly visible while Neo4j applies its commit (readers
   * are read-committed per record, so the counters can move first): the caller must apply only
   * revisions whose visible changes number revisionSize.
   */
  pending(after: number, upTo: number, limit: number): Promise<OutboxEntry[]>;
  /** markApplied moves the applied mark to revision; it must return false if holder lost the lease. */
  markApplied(holder: string, revision: number): Promise<boolean>;
  /**
   * acquireLease takes or renews the named lease for ttlMs and says whether holder has it now; false
   * while another holder's lease runs. With want, a caller that does not get it leaves a wish for
   * ttlMs, and the lease goes to that caller instead of the holder at the holder's next renewal
   * (or to whoever asks once it is free or expired), so a replica can ask for work only the holder does.
   */
  acquireLease(name: string, holder: string, ttlMs: number, want?: boolean): Promise<boolean>;
  /** releaseLease gives the lease back if holder has it, and withdraws holder's wish for it. */
  releaseLease(name: string, holder: string): Promise<void>;
}

/** CheckOptions: fresh asks the engine to bypass any cache it keeps. */
export interface CheckOptions {
  fresh?: boolean;
}

/** AuthzEngine evaluates relations (OpenFGA) and takes the relay's changes. */
export interface AuthzEngine {
  /** check answers whether tuple.user has tuple.relation on tuple.object; throws DependencyUnavailableError when the engine is down. */
  check(tuple: Tuple, opts?: CheckOptions): Promise<boolean>;
  /**
   * apply writes and deletes at most 100 changes, none touching the same tuple twice, idempotently:
   * a duplicate write or a missing delete is not an error.
   */
  apply(changes: TupleChange[]): Promise<void>;
  /** readAll returns every tuple the engine holds. */
  readAll(): Promise<Tuple[]>;
  /** health answers 'ok', or 'store_missing' when the store or its model is gone (an engine restarted empty). */
  health(): Promise<'ok' | 'store_missing'>;
  /** bootstrap finds or creates the store and writes the model when the latest differs. */
  bootstrap(): Promise<void>;
}

/** WriteMeta is who changes something, when, in which request. */
export interface WriteMeta {
  actor: string;
  requestId: string;
  at: Date;
}

/** EntityStore keeps the attributes of users, organizations and resellers on the nodes the tuples connect. */
export interface EntityStore {
  /**
   * putEntity replaces the entity's attributes, creating its node, filling a bare node a tuple made,
   * or reviving a deleted one; created is false only when a live node existed.
   */
  putEntity(type: EntityType, id: string, attrs: EntityAttributes, meta: WriteMeta): Promise<{ entity: StoredEntity; created: boolean }>;
  /** getEntity returns the node, deleted or not, or undefined when there is none. */
  getEntity(type: EntityType, id: string): Promise<StoredEntity | undefined>;
  /** listEntities pages through the live (not deleted) entities of a type in id order. */
  listEntities(type: EntityType, limit: number, cursor?: string): Promise<Page<StoredEntity>>;
  /** liveTuplesOf returns at most limit live tuples naming the entity as user or object. */
  liveTuplesOf(type: EntityType, id: string, limit: number): Promise<Tuple[]>;
  /**
   * markDeleted marks the entity deleted and keeps its node for history, atomically with respect to
   * tuple writes; it must return false, marking nothing, while a live tuple names the entity.
   */
  markDeleted(type: EntityType, id: string, meta: WriteMeta): Promise<boolean>;
}

/** InvoiceFilter narrows an invoice listing; issued in [from, to) when given. */
export interface InvoiceFilter {
  organization?: string;
  from?: string;
  to?: string;
}

/** InvoiceStore keeps invoices, once per id, and finds those a reseller earns on. */
export interface InvoiceStore {
  /**
   * recordInvoice stores the invoice unless its id is taken (making a bare organization node when
   * none exists); it returns what is stored under the id and whether this call stored it.
   */
  recordInvoice(invoice: Invoice, meta: WriteMeta): Promise<{ invoice: StoredInvoice; created: boolean }>;
  /** listInvoices pages through invoices in (issuedAt, id) order. */
  listInvoices(filter: InvoiceFilter, limit: number, cursor?: string): Promise<Page<StoredInvoice>>;
  /**
   * invoicesLinkedTo returns the invoices issued in [from, to) whose organization was linked to the
   * reseller at issuedAt (by the link history), each with every reseller linked to it at that
   * moment and since when, in (issuedAt, id) order.
   */
  invoicesLinkedTo(reseller: string, from: string, to: string): Promise<CandidateInvoice[]>;
}

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
 * GraphStore answers traversals over the relationship graph (Neo4j), now or as of a past moment.
 * Every method throws DependencyUnavailableError when the store does not answer in time.
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
  /** chains returns at most limit simple chains (no entity twice), shortest first, then in order of their tuples. */
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

/** ChangeFeed reads the recorded changes (the Change nodes that are also the outbox); throws DependencyUnavailableError when the store does not answer. */
export interface ChangeFeed {
  /** readChanges returns at most limit changes after position, in (revision, seq) order, optionally only those touching object or user. */
  readChanges(filter: { object?: string; user?: string }, after: FeedPosition, limit: number): Promise<FeedEntry[]>;
}
