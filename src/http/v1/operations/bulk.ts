/** The bulk operations: importing a file of tuples with their history (write scope) and exporting them (read scope), NDJSON both ways. */
import { MAX_IMPORT_LINE_BYTES } from '../../../domain/import-tuples';
import { ndjsonLines, ndjsonText } from '../../ndjson';
import { json, operation } from '../../operation';
import * as S from '../schemas';

const NDJSON = 'application/x-ndjson';

/** BULK_OPERATIONS move whole stores of tuples in and out. */
export const BULK_OPERATIONS = [
  operation({
    method: 'post',
    path: '/v1/tuples/import',
    scope: 'write',
    summary: 'Import tuples from NDJSON, one a line, with their history (since, until): all or none, a bad line named by its number',
    streamedBody: { type: NDJSON, schema: S.ImportedLine, description: `one tuple a line, as the schema shows; any number of lines, each at most ${MAX_IMPORT_LINE_BYTES} characters` },
    responses: {
      200: json('written and applied to the check engine', S.ImportTuplesResponse),
      202: json('written; the check engine has not applied it yet (pending: true)', S.ImportTuplesResponse),
      409: json('another import is being written (import_in_progress), or this one lost its hold on writes when Neo4j stalled past its lease (import_abandoned); nothing was written', S.ErrorResponse),
    },
  }).handle(async ({ stream, actor, requestId }, uc) => {
    const r = await uc.importTuples.execute({ lines: ndjsonLines(stream, MAX_IMPORT_LINE_BYTES), actor, requestId });
    const body = { revision: r.revision, written: r.written, skipped: r.skipped };
    const headers = { 'Partnergraph-Revision': r.revision };
    return r.pending ? { status: 202, body: { ...body, pending: true }, headers } : { status: 200, body, headers };
  }),
  operation({
    method: 'get',
    path: '/v1/tuples/export',
    scope: 'read',
    summary: 'Every tuple live at a revision (the latest by default) as NDJSON, streamed; with history=true every period of every tuple',
    query: S.ExportTuplesQuery,
    responses: { 200: { description: 'one tuple or period a line; the revision exported in Partnergraph-Revision', alternatives: { [NDJSON]: S.ExportedLine } } },
  }).handle(async ({ query }, uc) => {
    const { revision, periods } = await uc.exportTuples.execute({ revision: query.revision, history: query.history === 'true' });
    return { status: 200, type: NDJSON, stream: ndjsonText(periods), headers: { 'Partnergraph-Revision': revision } };
  }),
];
