/**
 * Keyset paging over rows a statement returned with LIMIT limit + 1: the extra row only says that
 * another page exists, and the cursor is the sort key of the last row shown.
 */
import type { Page } from '../../domain/ports';
import type { Row } from './executor';

/** encodeCursor makes an opaque cursor from a sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** decodeCursor reads a cursor back; garbage decodes to a key that simply sorts somewhere, never an error. */
export function decodeCursor(cursor: string | undefined): string | null {
  return cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null;
}

/** pageOfRows maps up to limit rows to items; sortKey names the last shown row for the next page. */
export function pageOfRows<T>(rows: Row[], limit: number, item: (row: Row) => T, sortKey: (row: Row) => string): Page<T> {
  const shown = rows.slice(0, limit);
  return { items: shown.map(item), cursor: rows.length > limit ? encodeCursor(sortKey(shown[shown.length - 1])) : undefined };
}
