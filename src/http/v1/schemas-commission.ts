/** Response and parameter schemas of commission: statements, plan history, closings and the payout report. */
import { z } from 'zod';
import { CommissionPlanView, Month } from './schemas-partner';

const Closed = z.object({ at: z.string(), by: z.string() });
const Minor = z.number().int();

/** StatementView is a month's commission statement as JSON; csv.ts renders the same statement as CSV. */
export const StatementView = z.object({
  reseller: z.string(),
  month: z.string(),
  currency: z.string(),
  plan: z.object({ effectiveFrom: z.string() }).describe('the plan the month used'),
  lines: z.array(z.object({ organization: z.string(), invoice: z.string(), issuedAt: z.string(), amount: Minor, share: Minor, sharedWith: z.array(z.string()) })),
  excluded: z.array(z.object({ organization: z.string(), invoice: z.string(), issuedAt: z.string(), amount: Minor, currency: z.string(), reason: z.string() })),
  total: Minor,
  percent: z.number(),
  commission: Minor.describe("the month's own invoices: total at the tier it reaches, rounded half up"),
  adjustments: z
    .array(z.object({ invoice: z.string(), originalMonth: z.string(), organization: z.string(), issuedAt: z.string(), share: Minor, percent: z.number(), commission: Minor }))
    .describe('invoices recorded after their month was closed, at the rate that closed month applied'),
  credits: z
    .array(z.object({ invoice: z.string(), creditFor: z.string(), originalMonth: z.string(), organization: z.string(), issuedAt: z.string(), share: Minor, percent: z.number(), commission: Minor }))
    .describe('credit notes, taken back at the rate applied to the credited invoice (commission ≤ 0)'),
  payout: Minor.describe('commission + adjustments + credits; may be negative'),
  closed: Closed.extend({ hash: z.string().describe('SHA-256 of the statement as counted, with closed: null') }).nullable().describe('set once the month is closed; the statement never changes after'),
});

/** PlanHistoryView lists a reseller's plans with the months each is in force. */
export const PlanHistoryView = z.object({
  reseller: z.string(),
  plans: z.array(
    CommissionPlanView.extend({
      months: z.object({ from: z.string(), until: z.string().nullable() }).nullable().describe('first and last month in force (until null: still in force); null when replaced by a plan recorded later for the same month'),
      recordedAt: z.string(),
      recordedBy: z.string(),
    }),
  ),
});

export const MonthParams = z.strictObject({ month: Month });

/** ClosingView is the answer to closing a month. */
export const ClosingView = z.object({ month: z.string(), closed: Closed, statements: z.number().int().describe('statements frozen: one per reseller with a plan in force') });

/** PayoutsView is the month's payout report. */
export const PayoutsView = z.object({
  month: z.string(),
  closed: Closed.nullable(),
  payouts: z.array(z.object({ reseller: z.string(), currency: z.string(), commission: Minor, adjustments: Minor, credits: Minor, payout: Minor })),
});
