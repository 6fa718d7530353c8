/** Commission: a reseller's statement for a month as tables, and the same statement as the service's CSV. */
import { api, ok } from '../api';
import { save } from '../csv';
import { field, h, message, replace } from '../dom';
import type { View } from '../router';
import { table } from '../table';
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

async function show(result: HTMLElement, id: string, month: string): Promise<void> {
  replace(result, message('Counting the statement…'));
  const query = { params: { path: { id }, query: { month } } };
  let answer;
  try {
    answer = await ok(api.GET('/v1/resellers/{id}/commission', query));
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
  replace(
    result,
    h('p', { role: 'status' }, entityLink(s.reseller), ` in ${s.month}: ${s.total} ${s.currency} counted (minor units), ${s.percent} %, commission ${s.commission} ${s.currency}.`),
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
  );
}
