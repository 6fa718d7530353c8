/**
 * Reconcile: a pure comparison of what the check engine must gain and lose to hold exactly the
 * tuples of the source of truth, and the repair that reads both sides and applies it (the relay
 * runs it inside its loop, so it never races the outbox).
 */
import { tupleKey, type Tuple } from '../tuple';
import type { AuthzEngine, Outbox, ReconcileReport, TupleChange, TupleStore } from '../ports';
import { applyInOrder } from './apply';

/** RepairLog is where a repair says what it found; a difference is a warning, since something wrote around the relay or lost writes. */
export interface RepairLog {
  info: (o: object, msg: string) => void;
  warn: (o: object, msg: string) => void;
}

/**
 * repairEngine compares the tuples live in the source of truth at the applied mark (the revisions
 * the engine should hold; changes still in the outbox are not drift) with the engine's, and
 * applies the difference.
 */
export async function repairEngine(
  outbox: Pick<Outbox, 'counters'>,
  tuples: Pick<TupleStore, 'liveTuples'>,
  engine: Pick<AuthzEngine, 'readAll' | 'apply'>,
  log?: RepairLog,
): Promise<ReconcileReport> {
  const { applied } = await outbox.counters();
  const diff = diffTuples(await tuples.liveTuples(applied), await engine.readAll());
  await applyInOrder(engine, diff.repairs);
  if (diff.repairs.length === 0) log?.info(diff.report, 'reconciled OpenFGA with Neo4j');
  else log?.warn({ ...diff.report, missingSample: diff.missing.slice(0, 5), extraSample: diff.extra.slice(0, 5) }, 'reconciled OpenFGA with Neo4j and repaired a difference');
  return diff.report;
}

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

/** ReconcileRequest is one caller waiting for a reconcile; on demand, a replica without the lease asks the holder for it. */
export interface ReconcileRequest {
  onDemand: boolean;
  resolve: (r: ReconcileReport) => void;
  reject: (e: unknown) => void;
}

/** describe words an error for the relay's log lines. */
export function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
