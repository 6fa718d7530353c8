/**
 * Which revisions of the outbox the relay may apply: only whole ones, since Neo4j can show a
 * commit's change records in part while it applies it.
 */
import type { OutboxEntry } from '../ports';

/**
 * lastWholeRevision is the end of the run of whole revisions after applied: revisions are dense
 * (each holds at least one change), so revision r is whole when exactly revisionSize changes of it
 * are visible. A revision cut by the batch limit or still being applied by Neo4j ends the run.
 */
export function lastWholeRevision(changes: OutboxEntry[], applied: number, latest: number): number {
  const seen = new Map<number, { count: number; size: number }>();
  for (const c of changes) {
    const entry = seen.get(c.revision) ?? { count: 0, size: c.revisionSize };
    entry.count += 1;
    seen.set(c.revision, entry);
  }
  let upTo = applied;
  for (let r = applied + 1; r <= latest; r++) {
    const entry = seen.get(r);
    // size -1: recorded before revisions carried their size; taken as whole.
    if (!entry || (entry.size >= 0 && entry.count !== entry.size)) break;
    upTo = r;
  }
  return upTo;
}
