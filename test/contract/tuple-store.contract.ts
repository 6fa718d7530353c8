/** The TupleStore contract: relationships recorded per revision, ended rather than erased, paged and read as of a revision. */
import { all, meta, sortedKeys, T, write, type StoreHarness } from './harness';

export function tupleStoreContract(h: StoreHarness): void {
  describe('TupleStore', () => {
    it('records the writes and deletes of one request in one new revision and says how many changed', async () => {
      const { tuples } = await h.fresh();
      expect(await write(tuples, { writes: [T('user:a', 'member', 'organization:o'), T('user:b', 'member', 'organization:o')] })).toEqual({ revision: 1, changed: 2 });
      expect(await write(tuples, { writes: [T('user:c', 'owner', 'organization:o')], deletes: [T('user:a', 'member', 'organization:o')] })).toEqual({ revision: 2, changed: 2 });
    });

    it('changes nothing and uses up no revision for a duplicate write or a missing delete', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [T('user:a', 'member', 'organization:o')] });
      expect(await write(tuples, { writes: [T('user:a', 'member', 'organization:o')], deletes: [T('user:x', 'member', 'organization:o')] })).toEqual({ revision: 1, changed: 0 });
      expect(await tuples.counters()).toEqual({ latest: 1, applied: 0 });
    });

    it('refuses, having written nothing, a write of a live tuple or a delete of a missing one when asked to', async () => {
      const { tuples } = await h.fresh();
      const [a, b, c] = [T('user:a', 'member', 'organization:o'), T('user:b', 'member', 'organization:o'), T('user:c', 'member', 'organization:o')];
      await write(tuples, { writes: [a] });
      const strict = (change: { writes?: typeof a[]; deletes?: typeof a[] }) =>
        tuples.writeTuples({ writes: change.writes ?? [], deletes: change.deletes ?? [], ...meta(), onDuplicate: 'error', onMissing: 'error' });
      await expect(strict({ writes: [b, a] })).rejects.toMatchObject({ status: 400, code: 'tuple_exists', message: expect.stringContaining("user: 'user:a'") });
      await expect(strict({ writes: [c], deletes: [b] })).rejects.toMatchObject({ status: 400, code: 'tuple_missing', message: expect.stringContaining("user: 'user:b'") });
      expect(sortedKeys((await tuples.readTuples({}, 10)).items)).toEqual(sortedKeys([a]));
      expect(await tuples.counters()).toEqual({ latest: 1, applied: 0 });
      expect(await strict({ writes: [b], deletes: [a] })).toEqual({ revision: 2, changed: 2 });
      expect(await tuples.writeTuples({ writes: [b], deletes: [a], ...meta(), onDuplicate: 'ignore', onMissing: 'ignore' })).toEqual({ revision: 2, changed: 0 });
    });

    it('pages through live tuples in (object, relation, user) order, each with when and by whom it was written', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [T('user:b', 'member', 'organization:o'), T('user:a', 'owner', 'organization:o'), T('user:a', 'member', 'organization:o')] }, '2026-01-01T00:00:00.000Z', 'anna');
      await write(tuples, { writes: [T('user:z', 'member', 'organization:a')] }, '2026-01-02T00:00:00.000Z', 'bo');
      const first = await tuples.readTuples({}, 2);
      expect(first.items).toEqual([
        { user: 'user:z', relation: 'member', object: 'organization:a', writtenAt: '2026-01-02T00:00:00.000Z', writtenBy: 'bo' },
        { user: 'user:a', relation: 'member', object: 'organization:o', writtenAt: '2026-01-01T00:00:00.000Z', writtenBy: 'anna' },
      ]);
      const second = await tuples.readTuples({}, 2, first.cursor);
      expect(second.items.map((t) => `${t.user} ${t.relation}`)).toEqual(['user:b member', 'user:a owner']);
      expect(second.cursor).toBeUndefined();
    });

    it('filters the listing by user, relation and object together', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [T('user:a', 'member', 'organization:o'), T('user:a', 'owner', 'organization:o'), T('user:a', 'member', 'organization:p'), T('user:b', 'member', 'organization:o')] });
      const only = async (filter: object) => sortedKeys((await tuples.readTuples(filter, 100)).items);
      expect(await only({ user: 'user:a', object: 'organization:o' })).toEqual(['organization:o#member@user:a', 'organization:o#owner@user:a']);
      expect(await only({ relation: 'member', object: 'organization:o' })).toEqual(['organization:o#member@user:a', 'organization:o#member@user:b']);
      expect(await only({ user: 'user:nobody' })).toEqual([]);
      expect(await only({ objectType: 'organization', user: 'user:b' })).toEqual(['organization:o#member@user:b']);
      expect(await only({ objectType: 'reseller' })).toEqual([]);
    });

    it('lists a deleted tuple no more, and a tuple written again as new, with its new provenance', async () => {
      const { tuples } = await h.fresh();
      const t = T('user:a', 'admin', 'organization:o');
      await write(tuples, { writes: [t] }, '2026-01-01T00:00:00.000Z', 'granter');
      await write(tuples, { deletes: [t] }, '2026-01-02T00:00:00.000Z', 'revoker');
      expect((await tuples.readTuples({ object: 'organization:o' }, 10)).items).toEqual([]);
      await write(tuples, { writes: [t] }, '2026-01-03T00:00:00.000Z', 'regranter');
      expect((await tuples.readTuples({ object: 'organization:o' }, 10)).items).toEqual([{ ...t, writtenAt: '2026-01-03T00:00:00.000Z', writtenBy: 'regranter' }]);
    });

    it('answers which tuples were live at any revision, from the history it keeps', async () => {
      const { tuples } = await h.fresh();
      const [a, b, c] = [T('user:a', 'member', 'organization:o'), T('user:b', 'member', 'organization:o'), T('user:c', 'member', 'organization:o')];
      await write(tuples, { writes: [a, b] });
      await write(tuples, { deletes: [a] });
      await write(tuples, { writes: [c, a] });
      expect(sortedKeys(await all(tuples.liveTuples(0)))).toEqual([]);
      expect(sortedKeys(await all(tuples.liveTuples(1)))).toEqual(sortedKeys([a, b]));
      expect(sortedKeys(await all(tuples.liveTuples(2)))).toEqual(sortedKeys([b]));
      expect(sortedKeys(await all(tuples.liveTuples(3)))).toEqual(sortedKeys([a, b, c]));
    });
  });
}
