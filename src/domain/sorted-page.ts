/**
 * Pages over a complete, sorted answer: the cursor is the last item of a page, so the next page is
 * every item after it. Pages stay stable while the answer changes: nothing before the cursor is
 * repeated and nothing after it is skipped.
 */
import type { Page } from '../storage/ports';

/** pageAfter returns up to limit items of sorted that come after the cursor's item. */
export function pageAfter(sorted: string[], limit: number, cursor?: string): Page<string> {
  const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
  let start = 0;
  if (after !== undefined) {
    let hi = sorted.length;
    while (start < hi) {
      const mid = (start + hi) >> 1;
      if (sorted[mid] <= after) start = mid + 1;
      else hi = mid;
    }
  }
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return { items, cursor: more ? Buffer.from(items[items.length - 1], 'utf8').toString('base64url') : undefined };
}
