/** CSV renderings of answers that people open in a spreadsheet: RFC 4180, a header row, CRLF line ends. */
import type { Payouts } from '../../domain/commission-payouts';
import type { Statement } from '../../domain/statement';

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

/** STATEMENT_COLUMNS: one row per counted line, one per excluded invoice (reason in note), adjustments and credits, then a total and a payout row. */
const STATEMENT_COLUMNS = ['kind', 'organization', 'invoice', 'issuedAt', 'currency', 'amount', 'share', 'percent', 'commission', 'note'] as const;

/** statementCsv renders a statement as one table, so a reseller's accountant can check every line against the total. */
export function statementCsv(s: Statement): string {
  const rows: Array<CsvRow<(typeof STATEMENT_COLUMNS)[number]>> = [
    ...s.lines.map((l) => ({ kind: 'line', organization: l.organization, invoice: l.invoice, issuedAt: l.issuedAt, currency: s.currency, amount: l.amount, share: l.share, note: l.sharedWith.length ? `shared with ${l.sharedWith.join(' ')}` : undefined })),
    ...s.excluded.map((x) => ({ kind: 'excluded', organization: x.organization, invoice: x.invoice, issuedAt: x.issuedAt, currency: x.currency, amount: x.amount, note: x.reason })),
    { kind: 'total', currency: s.currency, share: s.total, percent: s.percent, commission: s.commission, note: `${s.reseller} ${s.month}` },
    ...s.adjustments.map((a) => ({ kind: 'adjustment', organization: a.organization, invoice: a.invoice, issuedAt: a.issuedAt, currency: s.currency, share: a.share, percent: a.percent, commission: a.commission, note: `from ${a.originalMonth}` })),
    ...s.credits.map((c) => ({ kind: 'credit', organization: c.organization, invoice: c.invoice, issuedAt: c.issuedAt, currency: s.currency, share: c.share, percent: c.percent, commission: c.commission, note: `credits ${c.creditFor} of ${c.originalMonth}` })),
    { kind: 'payout', currency: s.currency, commission: s.payout, note: s.closed ? `closed ${s.closed.at} by ${s.closed.by}` : 'open' },
  ];
  return toCsv(STATEMENT_COLUMNS, rows);
}

/** PAYOUT_COLUMNS: one row per reseller, what finance pays. */
const PAYOUT_COLUMNS = ['reseller', 'currency', 'commission', 'adjustments', 'credits', 'payout', 'month', 'status'] as const;

/** payoutsCsv renders the payout report, each row saying whether the month is closed. */
export function payoutsCsv(p: Payouts): string {
  const status = p.closed ? `closed ${p.closed.at}` : 'open';
  return toCsv(PAYOUT_COLUMNS, p.payouts.map((l) => ({ ...l, month: p.month, status })));
}
