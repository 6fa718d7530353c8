/**
 * The Outbox contract: the changes of each revision in write order for the relay, an applied mark
 * only the lease holder moves, and a lease that exactly one replica holds, hands over when asked,
 * and frees when released or expired.
 */
import { RELAY_LEASE } from '../../src/domain/relay';
import { T, write, type StoreHarness } from './harness';

/** pause lets a lease or wish expire: the passing of time is what these clauses are about. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function outboxContract(h: StoreHarness): void {
  describe('Outbox', () => {
    it('starts with both counters at 0 and moves latest with every revision written', async () => {
      const { tuples } = await h.fresh();
      expect(await tuples.counters()).toEqual({ latest: 0, applied: 0 });
      await write(tuples, { writes: [T('user:a', 'member', 'organization:o')] });
      await write(tuples, { writes: [T('user:b', 'member', 'organization:o')] });
      expect(await tuples.counters()).toEqual({ latest: 2, applied: 0 });
    });

    it('gives the pending changes after a revision up to another in write order, each with the size of its revision', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [T('user:a', 'member', 'organization:o'), T('user:b', 'member', 'organization:o')] });
      await write(tuples, { writes: [T('user:c', 'member', 'organization:o')], deletes: [T('user:a', 'member', 'organization:o')] });
      await write(tuples, { writes: [T('user:d', 'member', 'organization:o')] });
      const shown = (entries: Awaited<ReturnType<typeof tuples.pending>>) => entries.map((e) => `${e.revision}/${e.revisionSize} ${e.op} ${e.tuple.user}`);
      expect(shown(await tuples.pending(0, 3, 100))).toEqual(['1/2 write user:a', '1/2 write user:b', '2/2 delete user:a', '2/2 write user:c', '3/1 write user:d']);
      expect(shown(await tuples.pending(1, 2, 100))).toEqual(['2/2 delete user:a', '2/2 write user:c']);
      expect(shown(await tuples.pending(0, 3, 3))).toEqual(['1/2 write user:a', '1/2 write user:b', '2/2 delete user:a']);
    });

    it('pages through one revision by change number, for a revision larger than one read', async () => {
      const { tuples } = await h.fresh();
      await write(tuples, { writes: [T('user:x', 'member', 'organization:o')] });
      await write(tuples, { writes: [T('user:a', 'member', 'organization:o'), T('user:b', 'member', 'organization:o'), T('user:c', 'member', 'organization:o')] });
      const shown = (entries: Awaited<ReturnType<typeof tuples.revisionChanges>>) => entries.map((e) => `${e.revision}/${e.revisionSize} #${e.seq} ${e.tuple.user}`);
      const first = await tuples.revisionChanges(2, -1, 2);
      expect(shown(first)).toEqual(['2/3 #0 user:a', '2/3 #1 user:b']);
      expect(shown(await tuples.revisionChanges(2, first[1].seq, 2))).toEqual(['2/3 #2 user:c']);
    });

    it('moves the applied mark only for the holder of the relay lease, and never down', async () => {
      const { tuples } = await h.fresh();
      expect(await tuples.markApplied('replica-a', 1)).toBe(false);
      expect((await tuples.counters()).applied).toBe(0);
      expect(await tuples.acquireLease(RELAY_LEASE, 'replica-a', 60_000)).toBe(true);
      expect(await tuples.markApplied('replica-a', 2)).toBe(true);
      expect(await tuples.markApplied('replica-a', 1)).toBe(true);
      expect((await tuples.counters()).applied).toBe(2);
      expect(await tuples.markApplied('replica-b', 3)).toBe(false);
      expect((await tuples.counters()).applied).toBe(2);
    });

    it('lets only one holder have a lease until it is released', async () => {
      const { tuples } = await h.fresh();
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(true);
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000)).toBe(false);
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(true);
      await tuples.releaseLease('lease', 'replica-a');
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000)).toBe(true);
    });

    it('hands an expired lease to the next replica that asks', async () => {
      const { tuples } = await h.fresh();
      expect(await tuples.acquireLease('lease', 'replica-a', 1)).toBe(true);
      await pause(20);
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000)).toBe(true);
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(false);
    });

    it('gives exactly one of many simultaneous claimants the lease', async () => {
      const { tuples } = await h.fresh();
      const won = await Promise.all(Array.from({ length: 8 }, (_, i) => tuples.acquireLease('lease', `replica-${i}`, 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
    });

    it("hands the lease to a replica that asked for it at the holder's next renewal", async () => {
      const { tuples } = await h.fresh();
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(true);
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000, true)).toBe(false);
      expect(await tuples.acquireLease('lease', 'replica-c', 60_000)).toBe(false);
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(false);
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000)).toBe(true);
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(false);
    });

    it('gives a free or expired lease to the replica that asked for it, not to whoever calls first', async () => {
      const { tuples } = await h.fresh();
      expect(await tuples.acquireLease('lease', 'replica-a', 2000)).toBe(true);
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000, true)).toBe(false);
      await pause(2100);
      expect(await tuples.acquireLease('lease', 'replica-c', 60_000)).toBe(false);
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000)).toBe(true);
    });

    it('forgets a wish that was not renewed in time, or that its replica withdrew', async () => {
      const { tuples } = await h.fresh();
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(true);
      expect(await tuples.acquireLease('lease', 'replica-b', 1, true)).toBe(false);
      await pause(20);
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(true);
      expect(await tuples.acquireLease('lease', 'replica-b', 60_000, true)).toBe(false);
      await tuples.releaseLease('lease', 'replica-b');
      expect(await tuples.acquireLease('lease', 'replica-a', 60_000)).toBe(true);
    });
  });
}
