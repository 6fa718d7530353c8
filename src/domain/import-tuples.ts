/**
 * ImportTuples: bulk import of relationships and their history from NDJSON, one tuple a line.
 * Every line is checked as it streams by (its JSON, the model, its period); the store then writes
 * all of them or none, and the import is acknowledged like any write.
 */
import { ImportLineError, InvalidInputError } from './errors';
import type { AuthzModel } from './authz-model';
import { parseInstant } from './instant';
import type { ImportPeriod, Revisions, TupleStore } from './ports';
import { acknowledged } from './write-tuples';

/** IMPORT_BATCH is how many lines go to the store together. */
export const IMPORT_BATCH = 2000;
/** MAX_IMPORT_LINE_BYTES bounds one line, so a body without newlines cannot make the service buffer it whole. */
export const MAX_IMPORT_LINE_BYTES = 16 * 1024;

const FIELDS = new Set(['user', 'relation', 'object', 'since', 'until']);

export interface ImportTuplesInput {
  /** lines are the body's lines in order, without their line breaks. */
  lines: AsyncIterable<string>;
  actor: string;
  requestId: string;
}

/** ImportTuplesResult: pending is true when OpenFGA had not applied the import within the bound. */
export interface ImportTuplesResult {
  revision: string;
  written: number;
  skipped: number;
  pending: boolean;
}

/** ImportTuplesCommand writes an NDJSON file of tuples, all or nothing, and acknowledges once OpenFGA has them. */
export class ImportTuplesCommand {
  constructor(
    private readonly model: AuthzModel,
    private readonly store: Pick<TupleStore, 'importTuples'>,
    private readonly revisions: Revisions,
    private readonly ackTimeoutMs: number,
    private readonly onAcknowledged?: (pending: boolean) => void,
  ) {}

  async execute(input: ImportTuplesInput): Promise<ImportTuplesResult> {
    const at = new Date();
    const result = await this.store.importTuples({ batches: this.periods(input.lines, at), actor: input.actor, requestId: input.requestId, at });
    // An import that wrote nothing (every line skipped) has nothing for OpenFGA to take.
    const applied = result.written === 0 || (await acknowledged(this.revisions, result.revision, this.ackTimeoutMs, this.onAcknowledged));
    return { revision: String(result.revision), written: result.written, skipped: result.skipped, pending: !applied };
  }

  /** periods parses the lines into batches of periods, throwing ImportLineError at the first bad one. */
  private async *periods(lines: AsyncIterable<string>, at: Date): AsyncIterable<ImportPeriod[]> {
    const now = at.toISOString();
    let batch: ImportPeriod[] = [];
    let n = 0;
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      batch.push(parseImportLine(this.model, text, n, now));
      if (batch.length === IMPORT_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
}

/**
 * parseImportLine reads one line: a JSON object with user, relation and object, which the model
 * must allow, and optional since and until: ISO instants not after now, until only with since and
 * not before it (an empty period, a link written and deleted within one millisecond, is history
 * too). It throws ImportLineError naming the line.
 */
export function parseImportLine(model: AuthzModel, text: string, line: number, now: string): ImportPeriod {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ImportLineError(line, 'not a JSON object; each line must be one tuple such as {"user":"user:anne","relation":"member","object":"organization:acme"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ImportLineError(line, 'not a JSON object; each line must be one tuple');
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) throw new ImportLineError(line, `unknown field ${JSON.stringify(unknown.slice(0, 40))}; allowed: user, relation, object, since, until`);
  for (const k of FIELDS) {
    const required = k === 'user' || k === 'relation' || k === 'object';
    if ((required || fields[k] !== undefined) && typeof fields[k] !== 'string') throw new ImportLineError(line, required ? `${k} is required and must be a string` : `${k} must be a string`);
  }
  const tuple = { user: fields.user as string, relation: fields.relation as string, object: fields.object as string };
  const since = instant(fields.since, 'since', line);
  const until = instant(fields.until, 'until', line);
  try {
    model.validateWrite(tuple);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new ImportLineError(line, err.message, err.code);
    throw err;
  }
  if (until !== undefined && since === undefined) throw new ImportLineError(line, 'until needs since: an ended link is kept with when it began', 'invalid_period');
  if (since !== undefined && since > now) throw new ImportLineError(line, `since must not be in the future; got ${since}`, 'invalid_period');
  if (until !== undefined && until > now) throw new ImportLineError(line, `until must not be in the future (a link still live has no until); got ${until}`, 'invalid_period');
  if (since !== undefined && until !== undefined && until < since) throw new ImportLineError(line, `until must not be before since; got since ${since}, until ${until}`, 'invalid_period');
  return { line, tuple, ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}) };
}

function instant(value: unknown, field: string, line: number): string | undefined {
  if (value === undefined) return undefined;
  try {
    return parseInstant(value as string, field);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new ImportLineError(line, err.message, err.code);
    throw err;
  }
}
