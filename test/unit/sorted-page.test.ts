/** Paging over a complete sorted answer by the last item seen. */
import { pageAfter } from '../../src/domain/sorted-page';

describe('pageAfter', () => {
  const all = ['a', 'b', 'c', 'd', 'e'];

  it('returns every item exactly once across pages, with no cursor on the last page', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageAfter(all, 2, cursor);
      seen.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('continues after the cursor item even when that item has since disappeared', () => {
    const first = pageAfter(all, 2);
    expect(pageAfter(['a', 'c', 'd', 'e'], 2, first.cursor).items).toEqual(['c', 'd']);
  });
});
