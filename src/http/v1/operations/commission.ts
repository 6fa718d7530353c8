/** The operations of commission: statements, plan history, closing months and the payout report. */
import { z } from 'zod';
import { payoutsCsv, statementCsv } from '../csv';
import { json, operation } from '../../operation';
import * as S from '../schemas';
import * as C from '../schemas-commission';
import * as P from '../schemas-partner';

/** COMMISSION_OPERATIONS let finance read, close and pay a month. */
export const COMMISSION_OPERATIONS = [
  operation({
    method: 'get',
    path: '/v1/resellers/:id/commission',
    scope: 'read',
    summary: "A reseller's commission statement for a month (JSON, or CSV with Accept: text/csv); a closed month's is answered byte for byte as it was frozen",
    params: P.EntityParams,
    query: P.CommissionQuery,
    responses: {
      200: { description: 'the statement', schema: C.StatementView, alternatives: { 'text/csv': z.string() } },
      409: json('the reseller has no commission plan in force in the month, so there is no currency to count in', S.ErrorResponse),
    },
  }).handle(async ({ params: { id }, query: { month }, prefers }, uc) => {
    const statement = await uc.commissionStatement.execute(id, month);
    if (prefers === 'text/csv') return { status: 200, type: 'text/csv', body: statementCsv(statement), attachment: `commission-${id}-${month}.csv` };
    return { status: 200, body: statement };
  }),
  operation({
    method: 'get',
    path: '/v1/resellers/:id/commission-plans',
    scope: 'read',
    summary: "A reseller's commission plans over time, each with the months it is in force",
    params: P.EntityParams,
    responses: { 200: json('the plan history', C.PlanHistoryView) },
  }).handle(async ({ params: { id } }, uc) => ({ status: 200, body: await uc.commissionPlans.execute(id) })),
  operation({
    method: 'post',
    path: '/v1/commission/months/:month/close',
    scope: 'admin',
    summary: "Close a month that has ended: every reseller's statement for it is frozen and answered identically from then on (idempotent)",
    params: C.MonthParams,
    responses: {
      200: json('the month was already closed; this is that closing', C.ClosingView),
      201: json('closed now', C.ClosingView),
      409: json('the month has not ended yet', S.ErrorResponse),
    },
  }).handle(async ({ params: { month }, actor }, uc) => {
    const { created, ...closing } = await uc.closeMonth.execute(month, actor);
    return { status: created ? 201 : 200, body: closing };
  }),
  operation({
    method: 'get',
    path: '/v1/commission/payouts',
    scope: 'read',
    summary: "Every reseller's payout for a month (JSON, or CSV with Accept: text/csv); a total may be negative",
    query: P.CommissionQuery,
    responses: { 200: { description: 'the payout report', schema: C.PayoutsView, alternatives: { 'text/csv': z.string() } } },
  }).handle(async ({ query: { month }, prefers }, uc) => {
    const payouts = await uc.commissionPayouts.execute(month);
    if (prefers === 'text/csv') return { status: 200, type: 'text/csv', body: payoutsCsv(payouts), attachment: `payouts-${month}.csv` };
    return { status: 200, body: payouts };
  }),
];
