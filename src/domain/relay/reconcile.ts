/**
 * Reconcile's comparison, pure: what the check engine must gain and lose to hold exactly the
 * tuples of the source of truth. The relay reads both sides and applies the repairs.
 */
import { tupleKey, type Tuple } from '../tuple';
import type { ReconcileReport, TupleChange } from '../ports';

/** TupleDiff: missing are in the truth and not the engine, extra the other way round; repairs mend both, writes first. */
export interface TupleDiff {
  missing: Tuple[];
  extra: Tuple[];
  repairs: TupleChange[];
  report: ReconcileReport;
}

/** diffTuples compares the truth with what the engine holds; neither list may hold a tuple twice. */
export function diffTuples(truth: Tuple[], engine: Tuple[]): TupleDiff {
  const truthKeys = new Set(truth.map(tupleKey));
  const engineKeys = new Set(engine.map(tupleKey));
  const missing = truth.filter((t) => !engineKeys.has(tupleKey(t)));
  const extra = engine.filter((t) => !truthKeys.has(tupleKey(t)));
  const repairs: TupleChange[] = [
    ...missing.map((tuple): TupleChange => ({ op: 'write', tuple })),
    ...extra.map((tuple): TupleChange => ({ op: 'delete', tuple })),
  ];
  return {
    missing,
    extra,
    repairs,
    report: { neo4jTuples: truth.length, openfgaTuples: engine.length, missing: missing.length, extra: extra.length, repaired: repairs.length },
  };
}
