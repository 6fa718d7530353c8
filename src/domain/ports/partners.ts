/** The EntityStore and InvoiceStore ports: the partner program's users, organizations, resellers and invoices. */
import type { CandidateInvoice } from '../statement';
import type { EntityAttributes, EntityType, StoredEntity } from '../entity';
import type { Invoice, StoredInvoice } from '../invoice';
import type { Tuple } from '../tuple';
import type { Page, WriteMeta } from './shared';

/**
 * EntityStore keeps the attributes of users, organizations and resellers on the nodes the tuples
 * connect. Every method throws DependencyUnavailableError when the store does not answer in time.
 */
export interface EntityStore {
  /**
   * putEntity replaces the entity's attributes, creating its node, filling a bare node a tuple made,
   * or reviving a deleted one; created is false only when a live node existed.
   */
  putEntity(type: EntityType, id: string, attrs: EntityAttributes, meta: WriteMeta): Promise<{ entity: StoredEntity; created: boolean }>;
  /** getEntity returns the node, deleted or not (a bare node has only type, id and createdAt), or undefined when there is none. */
  getEntity(type: EntityType, id: string): Promise<StoredEntity | undefined>;
  /** listEntities pages through the live (not deleted) entities of a type in id order, bare ones included. */
  listEntities(type: EntityType, limit: number, cursor?: string): Promise<Page<StoredEntity>>;
  /**
   * searchEntities pages through the live entities of one of types whose id or name contains text
   * (given in lower case), ignoring case, in `type:id` order; the cursor of one page continues after
   * its last entity. Text matching nothing gives an empty page, never an error.
   */
  searchEntities(text: string, types: EntityType[], limit: number, cursor?: string): Promise<Page<StoredEntity>>;
  /** liveTuplesOf returns at most limit live tuples naming the entity as user or object. */
  liveTuplesOf(type: EntityType, id: string, limit: number): Promise<Tuple[]>;
  /**
   * markDeleted marks the entity deleted and keeps its node for history, atomically with respect to
   * tuple writes; it returns false, marking nothing, while a live tuple names the entity.
   */
  markDeleted(type: EntityType, id: string, meta: WriteMeta): Promise<boolean>;
}

/** InvoiceFilter narrows an invoice listing; issued in [from, to) when given. */
export interface InvoiceFilter {
  organization?: string;
  from?: string;
  to?: string;
}

/** EntryWindow is a span of issue times [from, to); with recordedSince, only entries recorded at or after that instant. */
export interface EntryWindow {
  from: string;
  to: string;
  recordedSince?: string;
}

/**
 * InvoiceStore keeps invoices, once per id, and finds those a reseller earns on. Every method
 * throws DependencyUnavailableError when the store does not answer in time.
 */
export interface InvoiceStore {
  /**
   * recordInvoice stores the invoice unless its id is taken (making a bare organization node when
   * none exists); it returns what is stored under the id and whether this call stored it.
   */
  recordInvoice(invoice: Invoice, meta: WriteMeta): Promise<{ invoice: StoredInvoice; created: boolean }>;
  /**
   * recordCredit stores a credit note (creditFor set) unless its id is taken, atomically with the
   * check that the credits of the original, this one included, stay within the original's amount:
   * when they would not, it writes nothing and returns how much is left. A taken id answers what is
   * stored, as recordInvoice does. The original must exist.
   */
  recordCredit(credit: Invoice & { creditFor: string }, meta: WriteMeta): Promise<{ invoice: StoredInvoice; created: boolean } | { left: number }>;
  /** getInvoice returns the invoice or credit note stored under id, or undefined. */
  getInvoice(id: string): Promise<StoredInvoice | undefined>;
  /** listInvoices pages through invoices matching filter in (issuedAt, id) order. */
  listInvoices(filter: InvoiceFilter, limit: number, cursor?: string): Promise<Page<StoredInvoice>>;
  /**
   * entriesLinkedTo returns the invoices and credit notes issued in any of the windows that concern
   * the reseller, in (issuedAt, id) order: an invoice whose organization was linked to the reseller
   * at its issuedAt (by the link history), with every reseller linked then and since when; a credit
   * note likewise as of its original's issuedAt, with creditFor and originalIssuedAt.
   */
  entriesLinkedTo(reseller: string, windows: EntryWindow[]): Promise<CandidateInvoice[]>;
}
