/** CSV renderings of answers that people open in a spreadsheet: RFC 4180, a header row, CRLF line ends. */
import type { Statement } from '../../domain/commission';

/** CsvRow is one row by column name; a missing column is an empty cell. */
export type CsvRow<C extends string> = Partial<Record<C, string | number>>;

function cell(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** toCsv renders rows under a header of columns, quoting only the cells that need it, so plain ids stay readable. */
export function toCsv<C extends string>(columns: readonly C[], rows: ReadonlyArray<CsvRow<C>>): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}

/** STATEMENT_COLUMNS: one row per counted line, one per excluded invoice (reason in note), then a total row. */
const STATEMENT_COLUMNS = ['kind', 'organization', 'invoice', 'issuedAt', 'currency', 'amount', 'share', 'percent', 'commission', 'note'] as const;

/** statementCsv renders a statement as one table, so a reseller's accountant can check every line against the total. */
export function statementCsv(s: Statement): string {
  const rows: Array<CsvRow<(typeof STATEMENT_COLUMNS)[number]>> = [
    ...s.lines.map((l) => ({ kind: 'line', organization: l.organization, invoice: l.invoice, issuedAt: l.issuedAt, currency: s.currency, amount: l.amount, share: l.share, note: l.sharedWith.length ? `shared with ${l.sharedWith.join(' ')}` : undefined })),
    ...s.excluded.map((x) => ({ kind: 'excluded', organization: x.organization, invoice: x.invoice, issuedAt: x.issuedAt, currency: x.currency, amount: x.amount, note: x.reason })),
    { kind: 'total', currency: s.currency, share: s.total, percent: s.percent, commission: s.commission, note: `${s.reseller} ${s.month}` },
  ];
  return toCsv(STATEMENT_COLUMNS, rows);
}
