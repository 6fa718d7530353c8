/**
 * DeleteEntityCommand over the in-memory adapters and the real tuple write path: it ends every
 * live tuple naming the entity before the mark, and ends a tuple written between its last look and
 * the mark too.
 */
import { AuthzModel } from '../../src/domain/authz-model';
import { DeleteEntityCommand } from '../../src/domain/delete-entity';
import { WriteTuplesCommand } from '../../src/domain/write-tuples';
import type { Tuple } from '../../src/domain/tuple';
import { memoryStores } from '../fixtures/memory';

const T = (user: string, relation: string, object: string): Tuple => ({ user, relation, object });
/** applied says every revision is in the check engine at once: this test is about Neo4j's side. */
const applied = { kick: () => undefined, waitFor: async () => true };

it('ends a tuple written after its last look before marking the entity deleted', async () => {
  const { tuples, entities } = memoryStores();
  const writeTuples = new WriteTuplesCommand(AuthzModel.load(), tuples, applied, 1000);
  const early = T('user:anna', 'member', 'organization:acme');
  const late = T('user:bo', 'member', 'organization:acme');
  await writeTuples.execute({ writes: [early], deletes: [], actor: 'test', requestId: 'r' });
  // A tuple write that slips in just before the first mark, as another request could.
  const markDeleted = entities.markDeleted.bind(entities);
  let slipIn: (() => Promise<unknown>) | undefined = () => writeTuples.execute({ writes: [late], deletes: [], actor: 'other', requestId: 'r2' });
  entities.markDeleted = async (...args) => {
    await slipIn?.();
    slipIn = undefined;
    return markDeleted(...args);
  };
  const command = new DeleteEntityCommand(entities, writeTuples, tuples);

  const result = await command.execute({ type: 'organization', id: 'acme', actor: 'test', requestId: 'r' });

  const deletes = tuples.db.changes.filter((c) => c.op === 'delete');
  expect(deletes.map((c) => [c.revision, c.user])).toEqual([[2, 'user:anna'], [4, 'user:bo']]);
  expect(result).toEqual({ revision: '4', pending: false, tuplesDeleted: 2 });
  expect((await entities.getEntity('organization', 'acme'))?.deletedAt).toBeDefined();
  expect(await entities.liveTuplesOf('organization', 'acme', 10)).toEqual([]);
});
