/**
 * The AuthzEngine contract: checks answered by the model's rules over the tuples applied,
 * idempotent applies, a full read, and a store that can be lost and bootstrapped again.
 */
import type { TupleChange } from '../../src/domain/ports';
import { all, sortedKeys, T, type EngineHarness } from './harness';

const write = (...tuples: ReturnType<typeof T>[]): TupleChange[] => tuples.map((tuple) => ({ op: 'write', tuple }));
const remove = (...tuples: ReturnType<typeof T>[]): TupleChange[] => tuples.map((tuple) => ({ op: 'delete', tuple }));

const SEED = [
  T('user:anna', 'owner', 'organization:annas-firma'),
  T('user:erik', 'member', 'reseller:webbyran'),
  T('reseller:webbyran', 'reseller', 'organization:kund-1'),
  T('user:lena', 'admin', 'reseller:distributor'),
  T('reseller:distributor', 'parent', 'reseller:webbyran'),
];

export function engineContract(h: EngineHarness): void {
  describe('AuthzEngine', () => {
    it('answers checks by the rules of authz-model.fga over the tuples applied to it', async () => {
      const { engine } = await h.fresh();
      await engine.apply(write(...SEED));
      const can = (user: string, relation: string, object: string) => engine.check(T(user, relation, object));
      expect(await can('user:anna', 'can_manage', 'organization:annas-firma')).toBe(true);
      expect(await can('user:erik', 'can_view', 'organization:kund-1')).toBe(true);
      expect(await can('user:erik', 'can_manage', 'organization:kund-1')).toBe(false);
      expect(await can('user:lena', 'can_manage', 'organization:kund-1')).toBe(true);
      expect(await can('user:lena', 'member', 'reseller:webbyran')).toBe(true);
      expect(await can('user:anna', 'can_view', 'organization:kund-1')).toBe(false);
      expect(await can('user:erik', 'can_view', 'organization:annas-firma')).toBe(false);
    });

    it('counts contextual tuples for the one check that brings them, and keeps none', async () => {
      const { engine } = await h.fresh();
      await engine.apply(write(...SEED));
      const question = T('user:erik', 'can_view', 'organization:annas-firma');
      const contextualTuples = [T('reseller:webbyran', 'reseller', 'organization:annas-firma')];
      expect(await engine.check(question, { contextualTuples, context: { ip: '10.0.0.1' } })).toBe(true);
      expect(await engine.check(question, { contextualTuples: [T('reseller:other', 'reseller', 'organization:annas-firma')] })).toBe(false);
      expect(await engine.check(question)).toBe(false);
      expect(sortedKeys(await all(engine.readAll()))).toEqual(sortedKeys(SEED));
    });

    it("expands a relation one level: the users written, the relations it is computed from and the tupleset's usersets", async () => {
      const { engine } = await h.fresh();
      await engine.apply(write(...SEED, T('user:bo', 'member', 'reseller:webbyran')));
      const { root } = await engine.expand('member', 'reseller:webbyran');
      const name = 'reseller:webbyran#member';
      const sortUsers = (n: any) => (n.leaf?.users ? { ...n, leaf: { users: { users: [...n.leaf.users.users].sort() } } } : n);
      expect({ ...root, union: { nodes: (root.union as { nodes: unknown[] }).nodes.map(sortUsers) } }).toEqual({
        name,
        union: {
          nodes: [
            { name, leaf: { users: { users: ['user:bo', 'user:erik'] } } },
            { name, leaf: { computed: { userset: 'reseller:webbyran#admin' } } },
            { name, leaf: { tupleToUserset: { tupleset: 'reseller:webbyran#parent', computed: [{ userset: 'reseller:distributor#member' }] } } },
          ],
        },
      });
      expect((await engine.expand('can_view', 'organization:kund-1')).root).toEqual({ name: 'organization:kund-1#can_view', union: expect.anything() });
    });

    it('names its store and model by ULIDs and describes the store', async () => {
      const { engine } = await h.fresh();
      const { storeId, modelId } = engine.ids();
      expect([storeId, modelId]).toEqual([expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/)]);
      expect(await engine.store()).toEqual({ id: storeId, name: expect.any(String), createdAt: expect.any(String), updatedAt: expect.any(String) });
    });

    it('takes a write it holds and a delete of what it lacks without error, and ends in the state the changes describe', async () => {
      const { engine } = await h.fresh();
      await engine.apply(write(SEED[0], SEED[1]));
      await engine.apply([...write(SEED[0], SEED[2]), ...remove(SEED[1], SEED[3])]);
      expect(sortedKeys(await all(engine.readAll()))).toEqual(sortedKeys([SEED[0], SEED[2]]));
      expect(await engine.check(T('user:erik', 'can_view', 'organization:kund-1'))).toBe(false);
    });

    it('reads back every tuple it holds, each once, past any page size', async () => {
      const { engine } = await h.fresh();
      const many = Array.from({ length: 250 }, (_, i) => T(`user:u${i}`, 'member', 'organization:big'));
      for (let i = 0; i < many.length; i += 100) await engine.apply(write(...many.slice(i, i + 100)));
      expect(sortedKeys(await all(engine.readAll()))).toEqual(sortedKeys(many));
    });

    it('says its store is missing once it is lost, and is healthy and empty after bootstrap', async () => {
      const { engine, loseStore } = await h.fresh();
      await engine.apply(write(...SEED));
      expect(await engine.health()).toBe('ok');
      await loseStore();
      expect(await engine.health()).toBe('store_missing');
      await expect(engine.check(SEED[0])).rejects.toMatchObject({ status: 503 });
      await engine.bootstrap();
      expect(await engine.health()).toBe('ok');
      expect(await all(engine.readAll())).toEqual([]);
      expect(await engine.check(T('user:anna', 'can_manage', 'organization:annas-firma'))).toBe(false);
    });
  });
}
