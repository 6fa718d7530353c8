/** The monthly commission statement of a reseller (read scope), as JSON or, with Accept: text/csv, as CSV. */
import { Router } from 'express';
import type { CommissionStatementQuery } from '../../domain/commission-statement';
import { requireScope } from '../auth';
import { statementCsv } from '../v1/csv';
import * as P from '../v1/schemas-partner';
import { parse } from '../validate';

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
