/**
 * The Neo4j adapter of EntityStore: attributes live on the same Entity nodes the tuples connect,
 * deletion as a mark. (Resellers' plans are history of their own: commission-store.ts.)
 */
import type { EntityAttributes, EntityType, StoredEntity } from '../../domain/entity';
import type { Tuple } from '../../domain/tuple';
import type { EntityStore, Page, WriteMeta } from '../../domain/ports';
import { writeAtRevision } from './tuple-import';
import type { Neo4jExecutor, Row } from './executor';
import { decodeCursor, pageOfRows } from './paging';

const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** entityOf reads a node's property map back into a StoredEntity. */
function entityOf(row: Row): StoredEntity {
  const p = row.entity as Record<string, unknown>;
  const e: StoredEntity = { type: p.type as EntityType, id: String(p.id), createdAt: String(p.createdAt) };
  for (const [field, value] of [['name', p.name], ['email', p.email], ['updatedAt', p.updatedAt], ['deletedAt', p.deletedAt]] as const) {
    const v = text(value);
    if (v !== undefined) e[field] = v;
  }
  return e;
}

/** Neo4jEntityStore keeps entities' attributes in Neo4j. */
export class Neo4jEntityStore implements EntityStore {
  constructor(private readonly db: Neo4jExecutor) {}

  async putEntity(type: EntityType, id: string, attrs: EntityAttributes, meta: WriteMeta): Promise<{ entity: StoredEntity; created: boolean }> {
    const [row] = await this.db.write((run) =>
      run('put-entity', {
        key: `${type}:${id}`,
        type,
        id,
        name: attrs.name ?? null,
        email: attrs.email ?? null,
        at: meta.at.toISOString(),
        actor: meta.actor,
        requestId: meta.requestId,
      }),
    );
    return { entity: entityOf(row), created: Boolean(row.created) };
  }

  async getEntity(type: EntityType, id: string): Promise<StoredEntity | undefined> {
    const [row] = await this.db.read('get-entity', { key: `${type}:${id}` });
    return row ? entityOf(row) : undefined;
  }

  async listEntities(type: EntityType, limit: number, cursor?: string): Promise<Page<StoredEntity>> {
    const rows = await this.db.read('list-entities', { type, after: decodeCursor(cursor), limit: limit + 1 });
    return pageOfRows(rows, limit, entityOf, (r) => String((r.entity as { id: string }).id));
  }

  async searchEntities(text: string, types: EntityType[], limit: number, cursor?: string): Promise<Page<StoredEntity>> {
    const rows = await this.db.read('search-entities', { text, types, after: decodeCursor(cursor), limit: limit + 1 });
    return pageOfRows(rows, limit, entityOf, (r) => `${(r.entity as { type: string }).type}:${(r.entity as { id: string }).id}`);
  }

  async liveTuplesOf(type: EntityType, id: string, limit: number): Promise<Tuple[]> {
    const rows = await this.db.read('entity-live-tuples', { key: `${type}:${id}`, limit });
    return rows.map((r) => ({ user: String(r.user), relation: String(r.relation), object: String(r.object) }));
  }

  async markDeleted(type: EntityType, id: string, meta: WriteMeta): Promise<boolean> {
    const at = meta.at.toISOString();
    // Under the revision lock every tuple write takes first: no tuple naming the entity can be
    // written between the look for live tuples and the mark.
    return writeAtRevision(this.db, at, async (run) => {
      const [row] = await run('mark-entity-deleted', { key: `${type}:${id}`, at, actor: meta.actor, requestId: meta.requestId });
      return row === undefined || row.done === true;
    });
  }
}
