/** The monthly commission statement of a reseller (read scope), as JSON or, with Accept: text/csv, as CSV. */
import { Router } from 'express';
import type { Statement } from '../../domain/commission';
import type { CommissionStatementQuery } from '../../domain/commission-statement';
import { requireScope } from '../auth';
import * as P from '../v1/schemas-partner';
import { parse } from '../validate';

/** CSV_COLUMNS: one row per counted line, one per excluded invoice (reason in note), then a total row. */
const CSV_COLUMNS = ['kind', 'organization', 'invoice', 'issuedAt', 'currency', 'amount', 'share', 'percent', 'commission', 'note'] as const;

function cell(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** statementCsv renders a statement as RFC 4180 CSV with a header row and CRLF line ends. */
export function statementCsv(s: Statement): string {
  const rows: Array<Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>> = [
    ...s.lines.map((l) => ({ kind: 'line', organization: l.organization, invoice: l.invoice, issuedAt: l.issuedAt, currency: s.currency, amount: l.amount, share: l.share, note: l.sharedWith.length ? `shared with ${l.sharedWith.join(' ')}` : undefined })),
    ...s.excluded.map((x) => ({ kind: 'excluded', organization: x.organization, invoice: x.invoice, issuedAt: x.issuedAt, currency: x.currency, amount: x.amount, note: x.reason })),
    { kind: 'total', currency: s.currency, share: s.total, percent: s.percent, commission: s.commission, note: `${s.reseller} ${s.month}` },
  ];
  return [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}

export function commissionRoutes(uc: { commissionStatement: CommissionStatementQuery }): Router {
  const r = Router();
  r.get('/resellers/:id/commission', requireScope('read'), async (req, res) => {
    const { id } = parse(P.EntityParams, req.params, 'params');
    const { month } = parse(P.CommissionQuery, req.query, 'query');
    const statement = await uc.commissionStatement.execute(id, month);
    if (req.accepts(['application/json', 'text/csv']) === 'text/csv') {
      res.type('text/csv; charset=utf-8').attachment(`commission-${id}-${month}.csv`).send(statementCsv(statement));
    } else {
      res.json(statement);
    }
  });
  return r;
}
