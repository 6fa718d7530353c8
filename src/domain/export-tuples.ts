/**
 * ExportTuples: every live tuple at a revision, or every period of every tuple with history, as a
 * stream a caller writes out as it comes, so an export of any size takes constant memory.
 */
import { InvalidInputError } from './errors';
import { parseRevision } from './revision';
import type { ExportedPeriod, Outbox, TupleStore } from './ports';

export interface ExportTuplesInput {
  /** revision to export as of; absent: the latest written. */
  revision?: string;
  history: boolean;
}

export interface ExportTuplesResult {
  revision: string;
  periods: AsyncIterable<ExportedPeriod[]>;
}

/** ExportTuplesQuery streams the tuples as they were at a revision, the latest by default. */
export class ExportTuplesQuery {
  constructor(private readonly store: Pick<TupleStore, 'exportTuples'> & Pick<Outbox, 'counters'>) {}

  async execute(input: ExportTuplesInput): Promise<ExportTuplesResult> {
    const { latest } = await this.store.counters();
    const revision = input.revision === undefined ? latest : parseRevision(input.revision, 'revision');
    if (revision > latest) throw new InvalidInputError(`revision ${revision} has not been written yet; the latest is ${latest}`, 'invalid_revision');
    return { revision: String(revision), periods: this.store.exportTuples(revision, input.history) };
  }
}
