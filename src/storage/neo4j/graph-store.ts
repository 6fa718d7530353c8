/**
 * The Neo4j adapter of GraphStore and ChangeFeed: traversals over TUPLE relationships, live now
 * or as of a past moment (a tuple is live at t when writtenAt <= t and it had not ended by t;
 * history is never erased, so any moment since the first write can be asked about).
 */
import type { AccessRules } from '../../domain/access-rules';
import type { Tuple } from '../../domain/tuple';
import type { ChainQuery, ChangeFeed, FeedEntry, FeedFilter, FeedPosition, GraphStore, StoredTuple } from '../../domain/ports';
import type { Neo4jExecutor, Row } from './executor';

/** NOW is the asOf that selects exactly the live tuples: every ended tuple ended before it. */
const NOW = '9999-12-31T23:59:59.999Z';

const asStored = (r: Row): StoredTuple => ({
  user: String(r.user),
  relation: String(r.relation),
  object: String(r.object),
  writtenAt: String(r.writtenAt),
  writtenBy: String(r.writtenBy ?? ''),
});

/** tuplesOf reads the one row of [user, relation, object] lists the reachability statements answer. */
function tuplesOf(rows: Row[]): Tuple[] {
  return ((rows[0]?.tuples ?? []) as string[][]).map(([user, relation, object]) => ({ user, relation, object }));
}

/** Neo4jGraphStore runs the traversal statements in cypher/. */
export class Neo4jGraphStore implements GraphStore, ChangeFeed {
  constructor(
    private readonly db: Pick<Neo4jExecutor, 'read'>,
    private readonly rules: Pick<AccessRules, 'endTypes'>,
  ) {}

  /**
   * The walks pass only through entities of the types that can hold the next tuple (forwards: the
   * types at a tuple's user end; backwards: at its object end), so a reseller's thousands of
   * customers end a walk instead of each being expanded.
   */
  async tuplesFrom(keys: string[], relations: string[], asOf?: string): Promise<Tuple[]> {
    if (keys.length === 0 || relations.length === 0) return [];
    const through = this.rules.endTypes(relations, 'user');
    return tuplesOf(await this.db.read('tuples-reachable-from', { keys, relations, through, asOf: asOf ?? NOW }));
  }

  async tuplesInto(keys: string[], relations: string[], asOf?: string): Promise<Tuple[]> {
    if (keys.length === 0 || relations.length === 0) return [];
    const through = this.rules.endTypes(relations, 'object');
    return tuplesOf(await this.db.read('tuples-reachable-into', { keys, relations, through, asOf: asOf ?? NOW }));
  }

  async chains(q: ChainQuery): Promise<StoredTuple[][]> {
    if (q.first.length === 0) return [];
    const rows = await this.db.read('access-path-candidates', { ...q, asOf: q.asOf ?? NOW });
    return rows.map((r) => (r.tuples as Row[]).map(asStored));
  }

  async readChanges(filter: FeedFilter, after: FeedPosition, limit: number): Promise<FeedEntry[]> {
    const rows = await this.db.read('read-changes', {
      object: filter.object ?? null,
      user: filter.user ?? null,
      objectType: filter.objectType ?? null,
      since: filter.since ?? null,
      afterRevision: after.revision,
      afterSeq: after.seq,
      limit,
    });
    return rows.map((r) => ({
      op: r.op === 'delete' ? 'delete' : 'write',
      tuple: { user: String(r.user), relation: String(r.relation), object: String(r.object) },
      revision: Number(r.revision),
      seq: Number(r.seq),
      at: String(r.at),
      actor: String(r.actor),
    }));
  }
}
