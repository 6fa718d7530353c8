/**
 * The GraphStore and ChangeFeed contract: walks over the tuples live now or at a past moment,
 * simple chains from a user to an object with their provenance, and the feed of every change.
 */
import type { StoreAdapters, StoreHarness } from './harness';
import { sortedKeys, T, write } from './harness';

const DAY1 = '2026-01-01T00:00:00.000Z';
const DAY2 = '2026-01-02T00:00:00.000Z';
const DAY3 = '2026-01-03T00:00:00.000Z';
const RELATIONS = ['admin', 'member', 'parent', 'reseller'];

/** partnerGraph writes the seed's picture: Lena in kund-1, and an admin of distributor, webbyran's parent tier, kund-1's reseller. */
async function partnerGraph({ tuples }: StoreAdapters): Promise<void> {
  await write(tuples, { writes: [T('user:lena', 'member', 'organization:kund-1'), T('reseller:webbyran', 'reseller', 'organization:kund-1'), T('user:olle', 'member', 'organization:kund-2')] }, DAY1, 'onboarding');
  await write(tuples, { writes: [T('user:lena', 'admin', 'reseller:distributor'), T('reseller:distributor', 'parent', 'reseller:webbyran')] }, DAY2, 'partner-desk');
}

export function graphStoreContract(h: StoreHarness): void {
  describe('GraphStore', () => {
    it('finds every tuple on a path leaving the given entities, and nothing off it', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      expect(sortedKeys(await s.graph.tuplesFrom(['user:lena'], RELATIONS))).toEqual(sortedKeys([
        T('user:lena', 'member', 'organization:kund-1'), T('user:lena', 'admin', 'reseller:distributor'),
        T('reseller:distributor', 'parent', 'reseller:webbyran'), T('reseller:webbyran', 'reseller', 'organization:kund-1'),
      ]));
      expect(sortedKeys(await s.graph.tuplesFrom(['user:lena'], ['member']))).toEqual(sortedKeys([T('user:lena', 'member', 'organization:kund-1')]));
    });

    it('finds every tuple on a path arriving at the given entities', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      expect(sortedKeys(await s.graph.tuplesInto(['organization:kund-1'], RELATIONS))).toEqual(sortedKeys([
        T('user:lena', 'member', 'organization:kund-1'), T('reseller:webbyran', 'reseller', 'organization:kund-1'),
        T('reseller:distributor', 'parent', 'reseller:webbyran'), T('user:lena', 'admin', 'reseller:distributor'),
      ]));
    });

    it('answers nothing for unknown entities or no relations', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      expect(await s.graph.tuplesFrom(['user:nobody'], RELATIONS)).toEqual([]);
      expect(await s.graph.tuplesInto([], RELATIONS)).toEqual([]);
      expect(await s.graph.tuplesFrom(['user:lena'], [])).toEqual([]);
    });

    it('walks the tuples live at a past moment: written by then and not yet ended', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      await write(s.tuples, { deletes: [T('reseller:webbyran', 'reseller', 'organization:kund-1')] }, DAY3);
      expect(sortedKeys(await s.graph.tuplesInto(['organization:kund-1'], RELATIONS))).toEqual(sortedKeys([T('user:lena', 'member', 'organization:kund-1')]));
      expect(await s.graph.tuplesInto(['organization:kund-1'], RELATIONS, '2026-01-02T12:00:00.000Z')).toHaveLength(4);
      expect(sortedKeys(await s.graph.tuplesFrom(['user:lena'], RELATIONS, '2026-01-01T12:00:00.000Z'))).toEqual(sortedKeys([T('user:lena', 'member', 'organization:kund-1')]));
      expect(await s.graph.tuplesFrom(['user:lena'], RELATIONS, '2025-12-31T23:59:59.999Z')).toEqual([]);
    });

    it('lists simple chains from user to object, shortest first, each tuple with its provenance', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      // A cycle between the tiers must not make a chain visit an entity twice.
      await write(s.tuples, { writes: [T('reseller:webbyran', 'parent', 'reseller:distributor'), T('user:lena', 'member', 'reseller:webbyran')] }, DAY3, 'desk');
      const chains = await s.graph.chains({ user: 'user:lena', object: 'organization:kund-1', first: ['admin', 'member'], links: ['parent', 'reseller'], limit: 10 });
      expect(chains.map((c) => c.map((t) => `${t.user} ${t.relation} ${t.object}`))).toEqual([
        ['user:lena member organization:kund-1'],
        ['user:lena member reseller:webbyran', 'reseller:webbyran reseller organization:kund-1'],
        ['user:lena admin reseller:distributor', 'reseller:distributor parent reseller:webbyran', 'reseller:webbyran reseller organization:kund-1'],
      ]);
      expect(chains[2].map((t) => [t.writtenAt, t.writtenBy])).toEqual([[DAY2, 'partner-desk'], [DAY2, 'partner-desk'], [DAY1, 'onboarding']]);
      expect(await s.graph.chains({ user: 'user:lena', object: 'organization:kund-1', first: ['admin', 'member'], links: ['parent', 'reseller'], limit: 1 })).toHaveLength(1);
    });

    it('lists the chains live at a past moment only', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      const q = { user: 'user:lena', object: 'organization:kund-1', first: ['admin', 'member'], links: ['parent', 'reseller'], limit: 10 };
      expect(await s.graph.chains({ ...q, asOf: '2026-01-01T12:00:00.000Z' })).toHaveLength(1);
      expect(await s.graph.chains({ ...q, user: 'user:olle' })).toEqual([]);
      expect(await s.graph.chains({ ...q, first: [] })).toEqual([]);
    });
  });

  describe('ChangeFeed', () => {
    it('reads every change after a position in (revision, seq) order with its time and actor', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      await write(s.tuples, { deletes: [T('user:olle', 'member', 'organization:kund-2')] }, DAY3, 'offboarding');
      const all = await s.graph.readChanges({}, { revision: 0, seq: Number.MAX_SAFE_INTEGER }, 100);
      expect(all.map((c) => `${c.revision}.${c.seq} ${c.op} ${c.tuple.user}`)).toEqual([
        '1.0 write user:lena', '1.1 write reseller:webbyran', '1.2 write user:olle', '2.0 write user:lena', '2.1 write reseller:distributor', '3.0 delete user:olle',
      ]);
      expect(all[5]).toMatchObject({ at: DAY3, actor: 'offboarding', tuple: T('user:olle', 'member', 'organization:kund-2') });
      const after = await s.graph.readChanges({}, { revision: 1, seq: 1 }, 2);
      expect(after.map((c) => `${c.revision}.${c.seq}`)).toEqual(['1.2', '2.0']);
    });

    it('reads only the changes whose object, or user, is the one asked for', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      const start = { revision: 0, seq: Number.MAX_SAFE_INTEGER };
      expect((await s.graph.readChanges({ object: 'organization:kund-1' }, start, 100)).map((c) => c.tuple.user)).toEqual(['user:lena', 'reseller:webbyran']);
      expect((await s.graph.readChanges({ user: 'user:lena' }, start, 100)).map((c) => c.tuple.object)).toEqual(['organization:kund-1', 'reseller:distributor']);
      expect(await s.graph.readChanges({ user: 'user:lena', object: 'organization:kund-2' }, start, 100)).toEqual([]);
    });

    it('reads only the changes on objects of one type, and those made at or after a moment', async () => {
      const s = await h.fresh();
      await partnerGraph(s);
      await write(s.tuples, { deletes: [T('user:olle', 'member', 'organization:kund-2')] }, DAY3, 'offboarding');
      const start = { revision: 0, seq: Number.MAX_SAFE_INTEGER };
      const feed = async (filter: object) => (await s.graph.readChanges(filter, start, 100)).map((c) => `${c.revision}.${c.seq}`);
      expect(await feed({ objectType: 'reseller' })).toEqual(['2.0', '2.1']);
      expect(await feed({ objectType: 'organization' })).toEqual(['1.0', '1.1', '1.2', '3.0']);
      expect(await feed({ since: DAY3 })).toEqual(['3.0']);
      expect(await feed({ objectType: 'reseller', since: DAY3 })).toEqual([]);
      expect(await feed({ objectType: 'user' })).toEqual([]);
    });
  });
}
