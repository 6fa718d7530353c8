/**
 * DeleteEntityCommand over an in-memory entity store: it ends every live tuple naming the entity
 * before the mark, and ends a tuple written between its last look and the mark too.
 */
import { DeleteEntityCommand } from '../../src/domain/delete-entity';
import type { StoredEntity } from '../../src/domain/entity';
import { tupleKey, type Tuple } from '../../src/domain/tuple';

const T = (user: string, relation: string, object: string): Tuple => ({ user, relation, object });

/** MemoryEntities keeps the EntityStore contract for one organization and its live tuples. */
class MemoryEntities {
  entity: StoredEntity = { type: 'organization', id: 'acme', createdAt: '2026-01-01T00:00:00.000Z' };
  live = new Map<string, Tuple>();
  /** beforeMark runs once, just before the first mark: a tuple write that slips in. */
  beforeMark?: () => void;

  async getEntity() {
    return this.entity;
  }
  async liveTuplesOf(_type: string, _id: string, limit: number) {
    return [...this.live.values()].slice(0, limit);
  }
  async markDeleted() {
    this.beforeMark?.();
    this.beforeMark = undefined;
    if (this.live.size > 0) return false;
    this.entity = { ...this.entity, deletedAt: '2026-01-02T00:00:00.000Z' };
    return true;
  }
}

function deleteOver(entities: MemoryEntities) {
  const written: Tuple[][] = [];
  const writeTuples = {
    async execute(input: { deletes: Tuple[] }) {
      written.push(input.deletes);
      for (const t of input.deletes) entities.live.delete(tupleKey(t));
      return { revision: String(written.length), pending: false };
    },
  };
  const command = new DeleteEntityCommand(entities, writeTuples, { counters: async () => ({ latest: 0, applied: 0 }) });
  return { command, written };
}

it('ends a tuple written after its last look before marking the entity deleted', async () => {
  const entities = new MemoryEntities();
  const early = T('user:anna', 'member', 'organization:acme');
  const late = T('user:bo', 'member', 'organization:acme');
  entities.live.set(tupleKey(early), early);
  entities.beforeMark = () => entities.live.set(tupleKey(late), late);
  const { command, written } = deleteOver(entities);

  const result = await command.execute({ type: 'organization', id: 'acme', actor: 'test', requestId: 'r' });

  expect(written).toEqual([[early], [late]]);
  expect(result).toEqual({ revision: '2', pending: false, tuplesDeleted: 2 });
  expect(entities.entity.deletedAt).toBeDefined();
  expect(entities.live.size).toBe(0);
});
