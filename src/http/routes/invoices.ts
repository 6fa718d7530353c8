/** Routes for invoices: record (write scope, idempotent on id) and list (read scope). */
import { Router } from 'express';
import type { ListInvoicesQuery } from '../../domain/list-invoices';
import type { RecordInvoiceCommand } from '../../domain/record-invoice';
import { actor, requireScope } from '../auth';
import * as P from '../v1/schemas-partner';
import { parse } from '../validate';

export function invoicesRoutes(uc: { recordInvoice: RecordInvoiceCommand; listInvoices: ListInvoicesQuery }): Router {
  const r = Router();
  r.post('/invoices', requireScope('write'), async (req, res) => {
    const body = parse(P.RecordInvoiceBody, req.body, 'body');
    const { invoice, created } = await uc.recordInvoice.execute({ ...body, actor: actor(req), requestId: req.id });
    res.status(created ? 201 : 200).json(invoice);
  });
  r.get('/invoices', requireScope('read'), async (req, res) => {
    const q = parse(P.ListInvoicesQuery, req.query, 'query');
    const page = await uc.listInvoices.execute({ organization: q.organization, month: q.month }, q.limit, q.cursor);
    res.json({ invoices: page.items, cursor: page.cursor ?? null });
  });
  return r;
}
