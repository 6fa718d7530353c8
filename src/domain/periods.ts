/**
 * The periods of one tuple: when it was live, half-open (since included, until excluded). An
 * import's line is judged against the periods kept for its tuple by one rule, whichever store keeps them.
 */
import { ImportLineError } from './errors';
import { tupleKey } from './tuple';
import type { ImportPeriod } from './ports';

/** Period is a span a tuple was live; until absent: live now. */
export interface Period {
  since: string;
  until?: string;
}

/** overlaps says whether two half-open periods share an instant; an empty one ([t, t)) shares none. */
export function overlaps(a: Period, b: Period): boolean {
  if (a.since === a.until || b.since === b.until) return false;
  return (b.until === undefined || a.since < b.until) && (a.until === undefined || b.since < a.until);
}

/**
 * judgeLine decides one import line against the periods kept for its tuple (in the store, and
 * those earlier lines wrote): 'skip' for an undated line whose tuple is live, or a period identical
 * to one kept; 'write' when it overlaps none; otherwise it throws ImportLineError naming the line.
 * now is the import's moment, the start of an undated line.
 */
export function judgeLine(p: ImportPeriod, kept: readonly Period[], now: string): 'write' | 'skip' {
  if (p.since === undefined && kept.some((k) => k.until === undefined)) return 'skip';
  const mine = periodOf(p, now);
  if (kept.some((k) => k.since === mine.since && k.until === mine.until)) return 'skip';
  const clash = kept.find((k) => overlaps(mine, k));
  if (clash) {
    throw new ImportLineError(p.line, `the period ${describe(mine)} of ${tupleKey(p.tuple)} overlaps the period ${describe(clash)} already kept for it; periods of one tuple must not overlap`, 'overlapping_period');
  }
  return 'write';
}

/** periodOf is the period a line writes: from since, or from now when undated. */
export function periodOf(p: ImportPeriod, now: string): Period {
  return p.until === undefined ? { since: p.since ?? now } : { since: p.since ?? now, until: p.until };
}

function describe(p: Period): string {
  return `[${p.since}, ${p.until ?? 'live'})`;
}
