/**
 * Pages over a complete, sorted answer that is costly to compute (list-objects, list-users over a
 * reseller with thousands of customers). The first page computes the whole answer and keeps it
 * for a short while as a snapshot named in the cursor; the next pages of that listing are cut
 * from the snapshot instead of walking the graph again.
 *
 * Why it stays right:
 * - A cursor also carries the last item it returned, and a page is every item after it. So when the
 *   snapshot is gone (expired, evicted, another replica), the page is cut from a fresh answer and
 *   still repeats nothing before the cursor and skips nothing after it.
 * - A snapshot remembers the newest revision it surely holds: one before the revision counter read
 *   just ahead of the walk (Neo4j can show the newest commit in part while applying it; every older
 *   one is whole, as writers take the counter's lock in turn). A request whose
 *   `consistency.atLeast` is newer gets a fresh answer, so read-your-writes holds on every page.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from './ports';

/** Listing is one paged question: key names it (same key, same answer), compute answers it in full, sorted. */
export interface Listing {
  key: string;
  compute: () => Promise<string[]>;
  /** atLeast is the revision the answer must include, from consistency.atLeast. */
  atLeast?: number;
}

/** SnapshotSettings: latestRevision reads the revision counter; the bounds keep memory small. */
export interface SnapshotSettings {
  latestRevision: () => Promise<number>;
  maxSnapshots?: number;
  ttlMs?: number;
  now?: () => number;
}

interface Snapshot {
  key: string;
  revision: number;
  items: string[];
  expires: number;
}

/** SnapshotPages serves the pages of listings, from a snapshot when the cursor names a live one. */
export class SnapshotPages {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly maxSnapshots: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly s: SnapshotSettings) {
    this.maxSnapshots = s.maxSnapshots ?? 32;
    this.ttlMs = s.ttlMs ?? 30_000;
    this.now = s.now ?? Date.now;
  }

  /** page returns up to limit items after the cursor's, and a cursor when more follow. */
  async page(listing: Listing, limit: number, cursor?: string): Promise<Page<string>> {
    const { snapshot: id, after } = decodeCursor(cursor);
    let name = id;
    let snapshot = id === undefined ? undefined : this.usable(id, listing);
    if (!snapshot) {
      const revision = (await this.s.latestRevision()) - 1;
      snapshot = { key: listing.key, revision, items: await listing.compute(), expires: this.now() + this.ttlMs };
      name = randomBytes(9).toString('base64url');
      this.keep(name, snapshot);
    }
    const { items, more } = sliceAfter(snapshot.items, limit, after);
    return { items, cursor: more ? encodeCursor(name!, items[items.length - 1]) : undefined };
  }

  private usable(id: string, listing: Listing): Snapshot | undefined {
    const snapshot = this.snapshots.get(id);
    if (!snapshot) return undefined;
    if (snapshot.expires <= this.now()) {
      this.snapshots.delete(id);
      return undefined;
    }
    const fresh = listing.atLeast === undefined || listing.atLeast <= snapshot.revision;
    return snapshot.key === listing.key && fresh ? snapshot : undefined;
  }

  private keep(id: string, snapshot: Snapshot): void {
    this.snapshots.set(id, snapshot);
    const now = this.now();
    for (const [old, s] of this.snapshots) {
      if (this.snapshots.size <= this.maxSnapshots && s.expires > now) break;
      this.snapshots.delete(old);
    }
  }
}

/** sliceAfter returns up to limit items of sorted that come after `after`, and whether more follow. */
export function sliceAfter(sorted: string[], limit: number, after?: string): { items: string[]; more: boolean } {
  let start = 0;
  if (after !== undefined) {
    let hi = sorted.length;
    while (start < hi) {
      const mid = (start + hi) >> 1;
      if (sorted[mid] <= after) start = mid + 1;
      else hi = mid;
    }
  }
  return { items: sorted.slice(start, start + limit), more: start + limit < sorted.length };
}

function encodeCursor(snapshot: string, after: string): string {
  return Buffer.from(JSON.stringify({ s: snapshot, a: after }), 'utf8').toString('base64url');
}

/** decodeCursor reads a cursor; one that is not a snapshot cursor (an older service's) is the last item itself. */
function decodeCursor(cursor: string | undefined): { snapshot?: string; after?: string } {
  if (cursor === undefined) return {};
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { a?: unknown }).a === 'string') {
      const { s, a } = parsed as { s?: unknown; a: string };
      return { snapshot: typeof s === 'string' ? s : undefined, after: a };
    }
  } catch {
    // not JSON: the plain last item
  }
  return { after: text };
}
