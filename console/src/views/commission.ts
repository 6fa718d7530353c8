/** Commission: a reseller's statement for a month as tables (lines, adjustments, credits), whether the month is closed, the plan history, and the statement as the service's CSV. */
import { api, ok } from '../api';
import { save } from '../csv';
import { field, h, message, replace } from '../dom';
import type { View } from '../router';
import { table, type Column } from '../table';
import { thisMonth, utc } from '../time';
import { entityLink, problem } from './shared';

/** resellerId takes `webbyran` or `reseller:webbyran`. */
const resellerId = (text: string) => text.trim().replace(/^reseller:/, '');

export const commissionView: View = {
  path: 'commission',
  label: 'Commission',
  describe: "a reseller's commission statement for a month, with Download CSV",
  needs: 'read',
  render(main, ctx) {
    const p = ctx.params;
    const reseller = field('Reseller', { value: p.get('reseller') ?? '', placeholder: 'webbyran', required: true });
    const month = field('Month', { value: p.get('month') ?? thisMonth(), placeholder: 'YYYY-MM', pattern: '\\d{4}-\\d{2}', required: true }, 'a UTC month, YYYY-MM');
    const result = h('section', { class: 'result', 'aria-live': 'polite' });
    const form = h('form', { class: 'question' }, reseller.wrap, month.wrap, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show statement')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ctx.go('commission', { reseller: resellerId(reseller.input.value), month: month.input.value.trim() });
    });
    replace(main, h('h1', {}, 'Commission'), form, result);
    const [r, m] = [p.get('reseller'), p.get('month')];
    if (r && m) void show(result, r, m);
  },
};

/** paid are the columns of a line paid at a month's rate: adjustments and credit notes. */
function paid<L extends { organization: string; share: number; percent: number; commission: number }>(): Column<L>[] {
  return [
    { label: 'Organization', value: (l) => l.organization, cell: (l) => entityLink(l.organization) },
    { label: 'Share', value: (l) => String(l.share) },
    { label: 'Percent', value: (l) => String(l.percent) },
    { label: 'Commission', value: (l) => String(l.commission) },
  ];
}

async function show(result: HTMLElement, id: string, month: string): Promise<void> {
  replace(result, message('Counting the statement…'));
  const query = { params: { path: { id }, query: { month } } };
  let answer, history;
  try {
    [answer, history] = await Promise.all([ok(api.GET('/v1/resellers/{id}/commission', query)), ok(api.GET('/v1/resellers/{id}/commission-plans', { params: { path: { id } } }))]);
  } catch (err) {
    return replace(result, problem(err));
  }
  // The operation also answers CSV, so its type is a union; asked without Accept: text/csv it is the JSON statement.
  if (typeof answer === 'string') return replace(result, message('The service answered CSV where the statement was asked as JSON.', 'error'));
  const s = answer;
  const download = h('button', { type: 'button' }, 'Download CSV');
  download.addEventListener('click', async () => {
    try {
      const csv = await ok(api.GET('/v1/resellers/{id}/commission', { ...query, headers: { Accept: 'text/csv' }, parseAs: 'text' }));
      save(`commission-${id}-${month}.csv`, csv as unknown as string);
    } catch (err) {
      result.append(problem(err));
    }
  });
  type Line = (typeof s.lines)[number];
  type Excluded = (typeof s.excluded)[number];
  type Adjustment = (typeof s.adjustments)[number];
  type Credit = (typeof s.credits)[number];
  type Plan = (typeof history.plans)[number];
  const status = s.closed
    ? `Closed ${utc(s.closed.at)} by ${s.closed.by}: this statement is frozen and will not change.`
    : 'Open: this statement may still change until finance closes the month.';
  replace(
    result,
    h('p', { role: 'status' }, entityLink(s.reseller), ` in ${s.month}: ${s.total} ${s.currency} counted (minor units), ${s.percent} %, commission ${s.commission} ${s.currency}.`),
    h('p', {}, `Payout ${s.payout} ${s.currency} (commission, adjustments and credits), with the plan in force from ${s.plan.effectiveFrom}. ${status}`),
    h('div', { class: 'actions' }, download),
    s.lines.length
      ? table(`Invoices counted (${s.lines.length})`, [
          { label: 'Organization', value: (l: Line) => l.organization, cell: (l: Line) => entityLink(l.organization) },
          { label: 'Invoice', value: (l) => l.invoice },
          { label: 'Issued at (UTC)', value: (l) => utc(l.issuedAt) },
          { label: 'Amount', value: (l) => String(l.amount) },
          { label: 'Share', value: (l) => String(l.share) },
          { label: 'Shared with', value: (l) => l.sharedWith.join(' ') },
        ], s.lines, { sortable: true })
      : h('p', {}, 'No invoice counts towards this month.'),
    s.excluded.length
      ? table(`Invoices not counted (${s.excluded.length})`, [
          { label: 'Organization', value: (l: Excluded) => l.organization },
          { label: 'Invoice', value: (l) => l.invoice },
          { label: 'Issued at (UTC)', value: (l) => utc(l.issuedAt) },
          { label: 'Amount', value: (l) => `${l.amount} ${l.currency}` },
          { label: 'Reason', value: (l) => l.reason },
        ], s.excluded)
      : null,
    s.adjustments.length
      ? table(`Adjustments: invoices recorded after their month was closed (${s.adjustments.length})`, [
          { label: 'Invoice', value: (l: Adjustment) => l.invoice },
          { label: 'Original month', value: (l) => l.originalMonth },
          ...paid<Adjustment>(),
        ], s.adjustments)
      : null,
    s.credits.length
      ? table(`Credit notes (${s.credits.length})`, [
          { label: 'Credit note', value: (l: Credit) => l.invoice },
          { label: 'Credits invoice', value: (l) => `${l.creditFor} (${l.originalMonth})` },
          ...paid<Credit>(),
        ], s.credits)
      : null,
    table(`Plan history (${history.plans.length})`, [
      { label: 'Effective from', value: (p: Plan) => p.effectiveFrom },
      { label: 'In force', value: (p) => (p.months ? `${p.months.from} to ${p.months.until ?? 'now'}` : 'replaced before it started') },
      { label: 'Tiers', value: (p) => p.tiers.map((t) => `from ${t.from}: ${t.percent} %`).join('; ') },
      { label: 'Currency', value: (p) => p.currency },
      { label: 'Recorded (UTC)', value: (p) => `${utc(p.recordedAt)} by ${p.recordedBy}` },
    ], history.plans),
  );
}
