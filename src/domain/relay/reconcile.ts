/**
 * Reconcile: a pure comparison of what the check engine must gain and lose to hold exactly the
 * tuples of the source of truth, and the repair that reads both sides and applies it (the relay
 * runs it inside its loop, so it never races the outbox).
 */
import type { Tuple } from '../tuple';
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
 * applies the difference. Both sides are read page by page and only the truth's keys are held
 * (reconciling a million tuples, the service peaked at 604 MB: bench/README.md).
 */
export async function repairEngine(
  outbox: Pick<Outbox, 'counters'>,
  tuples: Pick<TupleStore, 'liveTuples'>,
  engine: Pick<AuthzEngine, 'readAll' | 'apply'>,
  log?: RepairLog,
): Promise<ReconcileReport> {
  const { applied } = await outbox.counters();
  const diff = await diffTuples(tuples.liveTuples(applied), engine.readAll());
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

/**
 * diffTuples compares the truth with what the engine holds, each read page by page; neither may
 * hold a tuple twice. The truth's tuples are kept as keys, which the engine's pages strike out:
 * what is left is missing, what was not there is extra.
 */
export async function diffTuples(truth: AsyncIterable<Tuple[]>, engine: AsyncIterable<Tuple[]>): Promise<TupleDiff> {
  const unseen = new Set<string>();
  for await (const page of truth) for (const t of page) unseen.add(keyOf(t));
  const neo4jTuples = unseen.size;
  const extra: Tuple[] = [];
  let openfgaTuples = 0;
  for await (const page of engine) {
    openfgaTuples += page.length;
    for (const t of page) if (!unseen.delete(keyOf(t))) extra.push(t);
  }
  const missing = [...unseen].map(tupleOfKey);
  const repairs: TupleChange[] = [
    ...missing.map((tuple): TupleChange => ({ op: 'write', tuple })),
    ...extra.map((tuple): TupleChange => ({ op: 'delete', tuple })),
  ];
  return { missing, extra, repairs, report: { neo4jTuples, openfgaTuples, missing: missing.length, extra: extra.length, repaired: repairs.length } };
}

/** keyOf is a tuple as one string that splits back into it: no part of a tuple holds a line break. */
const keyOf = (t: Tuple): string => `${t.user}\n${t.relation}\n${t.object}`;

function tupleOfKey(key: string): Tuple {
  const [user, relation, object] = key.split('\n');
  return { user, relation, object };
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
