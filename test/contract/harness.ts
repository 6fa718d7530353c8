/**
 * What a contract suite is given: a way to get fresh adapters of the ports it holds to their
 * contract. Each adapter (in-memory, Neo4j, OpenFGA) has one harness; the suites are the same.
 */
import type { AuthzEngine, ChangeFeed, CommissionStore, EntityStore, GraphStore, InvoiceStore, Outbox, TupleStore } from '../../src/domain/ports';
import type { Tuple } from '../../src/domain/tuple';

/** StoreAdapters are the adapters of one source of truth, over one empty database. */
export interface StoreAdapters {
  tuples: TupleStore & Outbox;
  graph: GraphStore & ChangeFeed;
  entities: EntityStore;
  invoices: InvoiceStore;
  commissions: CommissionStore;
}

/** StoreHarness makes StoreAdapters over an empty database for each test. */
export interface StoreHarness {
  fresh(): Promise<StoreAdapters>;
}

/** EngineHarness makes an engine over an empty store for each test, and can take that store away. */
export interface EngineHarness {
  fresh(): Promise<{ engine: AuthzEngine; loseStore(): Promise<void> }>;
}

/** T builds a tuple from contract notation. */
export const T = (user: string, relation: string, object: string): Tuple => ({ user, relation, object });

/** at returns the Date of an ISO instant, for writes at chosen moments. */
export const at = (iso: string): Date => new Date(iso);

/** meta is who writes, and when, in the suites' writes. */
export const meta = (iso = '2026-01-01T00:00:00.000Z', actor = 'tester') => ({ actor, requestId: 'contract', at: at(iso) });

/** write records writes and deletes as one request at a moment, as TupleStore.writeTuples takes them. */
export function write(store: TupleStore, change: { writes?: Tuple[]; deletes?: Tuple[] }, iso?: string, actor?: string) {
  return store.writeTuples({ writes: change.writes ?? [], deletes: change.deletes ?? [], ...meta(iso, actor) });
}

/** sortedKeys renders tuples as sorted `object#relation@user` strings, for order-free comparison. */
/** all gathers the pages of a stream into one list. */
export async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

export const sortedKeys = (tuples: Tuple[]) => tuples.map((t) => `${t.object}#${t.relation}@${t.user}`).sort();
