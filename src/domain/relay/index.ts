/**
 * The outbox relay, the only path by which changes reach the check engine, in the parts that
 * change for different reasons: the loop (relay.ts), its lease (lease.ts), the writers and readers
 * waiting for a revision (waiters.ts), the ordered, chunked apply (apply.ts) and reconcile's diff
 * (reconcile.ts).
 */
export { OutboxRelay, type RelayOptions } from './relay';
export { lastWholeRevision } from './whole-revisions';
export { RELAY_LEASE, RelayLease } from './lease';
export { RevisionWaiters } from './waiters';
export { CHUNK, PARALLEL, applyInOrder, waves } from './apply';
export { diffTuples, repairEngine, type TupleDiff } from './reconcile';
