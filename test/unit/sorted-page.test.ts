/** Paging over a complete sorted answer: by the last item seen, from a snapshot while it is fresh. */
import { SnapshotPages, sliceAfter } from '../../src/domain/sorted-page';

/** A listing whose answer can change between pages, counting how often it was computed. */
function listing(answer: { items: string[] }, key = 'k', atLeast?: number) {
  const counter = { computed: 0 };
  return { counter, listing: { key, atLeast, compute: async () => (counter.computed++, [...answer.items]) } };
}

async function pageAll(pages: SnapshotPages, l: Parameters<SnapshotPages['page']>[0], limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await pages.page(l, limit, cursor);
    seen.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return seen;
}

describe('sliceAfter', () => {
  it('continues after the item even when that item has since disappeared', () => {
    expect(sliceAfter(['a', 'c', 'd', 'e'], 2, 'b')).toEqual({ items: ['c', 'd'], more: true });
    expect(sliceAfter(['a', 'c'], 2, 'a')).toEqual({ items: ['c'], more: false });
  });
});

describe('SnapshotPages', () => {
  let revision = 10;
  let clock = 0;
  const pages = () => new SnapshotPages({ latestRevision: async () => revision, ttlMs: 1000, maxSnapshots: 2, now: () => clock });

  it('returns every item exactly once, computing the answer once for all pages', async () => {
    const answer = { items: ['a', 'b', 'c', 'd', 'e'] };
    const { counter, listing: l } = listing(answer);
    expect(await pageAll(pages(), l, 2)).toEqual(answer.items);
    expect(counter.computed).toBe(1);
  });

  it('keeps later pages on the first page\'s snapshot while it is fresh', async () => {
    const p = pages();
    const answer = { items: ['a', 'b', 'c', 'd'] };
    const { counter, listing: l } = listing(answer);
    const first = await p.page(l, 2);
    answer.items = ['a', 'b', 'bb', 'c', 'd'];
    expect((await p.page(l, 2, first.cursor)).items).toEqual(['c', 'd']);
    expect(counter.computed).toBe(1);
  });

  it('computes afresh once the snapshot expired, still after the cursor item', async () => {
    const p = pages();
    const answer = { items: ['a', 'b', 'c', 'd'] };
    const { counter, listing: l } = listing(answer);
    const first = await p.page(l, 2);
    answer.items = ['a', 'b', 'bb', 'c', 'd'];
    clock += 1001;
    expect((await p.page(l, 2, first.cursor)).items).toEqual(['bb', 'c']);
    expect(counter.computed).toBe(2);
  });

  it('computes afresh for a revision the snapshot may not hold in full', async () => {
    const p = pages();
    const answer = { items: ['a', 'b', 'c', 'd'] };
    const first = await p.page(listing(answer).listing, 2);
    answer.items = ['a', 'b', 'bb', 'c', 'd'];
    // The snapshot read revision 10 before its walk: revision 9 is surely in it, 10 may be in part.
    const held = listing(answer, 'k', 9);
    expect((await p.page(held.listing, 2, first.cursor)).items).toEqual(['c', 'd']);
    expect(held.counter.computed).toBe(0);
    const newer = listing(answer, 'k', 10);
    expect((await p.page(newer.listing, 2, first.cursor)).items).toEqual(['bb', 'c']);
    expect(newer.counter.computed).toBe(1);
  });

  it('never serves one listing from another listing\'s snapshot', async () => {
    const p = pages();
    const first = await p.page(listing({ items: ['a', 'b', 'c'] }, 'one').listing, 1);
    const other = listing({ items: ['a', 'x', 'y'] }, 'two');
    expect((await p.page(other.listing, 5, first.cursor)).items).toEqual(['x', 'y']);
    expect(other.counter.computed).toBe(1);
  });

  it('keeps at most maxSnapshots, dropping the oldest', async () => {
    const p = pages();
    const answer = { items: ['a', 'b', 'c'] };
    const oldest = listing(answer);
    const first = await p.page(oldest.listing, 1);
    await p.page(listing(answer).listing, 1);
    await p.page(listing(answer).listing, 1);
    await p.page(oldest.listing, 1, first.cursor);
    expect(oldest.counter.computed).toBe(2);
  });

  it('reads a plain last-item cursor from before snapshots', async () => {
    const old = Buffer.from('b', 'utf8').toString('base64url');
    expect((await pages().page(listing({ items: ['a', 'b', 'c'] }).listing, 5, old)).items).toEqual(['c']);
  });
});
