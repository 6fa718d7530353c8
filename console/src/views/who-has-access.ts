/** Who has access: every user holding a relation on an object, complete (all pages of /v1/list-users), sortable, as CSV. */
import { all, api, ok } from '../api';
import { fileSafe } from '../csv';
import { field, h, message, replace, select } from '../dom';
import { RELATIONS } from '../model';
import type { View } from '../router';
import { datalist, entityLink, problem, showList } from './shared';

export const whoHasAccessView: View = {
  path: 'who-has-access',
  label: 'Who has access',
  describe: 'every user with a relation on an organization or reseller, with Export CSV',
  needs: 'check',
  render(main, ctx) {
    const p = ctx.params;
    const object = field('Object', { value: p.get('object') ?? '', placeholder: 'organization:acme', required: true });
    const relation = field('Relation', { value: p.get('relation') ?? 'can_view', list: 'who-relations', required: true });
    const userType = select('User type', ['', 'user', 'reseller'], p.get('userType') ?? 'user');
    const result = h('section', { class: 'result', 'aria-live': 'polite' });
    const form = h('form', { class: 'question' }, object.wrap, relation.wrap, userType.wrap, datalist('who-relations', RELATIONS), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Who has access')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ctx.go('who-has-access', { object: object.input.value.trim(), relation: relation.input.value.trim(), userType: userType.input.value });
    });
    replace(main, h('h1', {}, 'Who has access'), form, result);
    const [o, r, t] = [p.get('object'), p.get('relation'), p.get('userType') ?? undefined];
    if (o && r) void list(result, o, r, t || undefined);
  },
};

async function list(result: HTMLElement, object: string, relation: string, userType: string | undefined): Promise<void> {
  replace(result, message('Asking the service (every page)…'));
  let users: string[];
  try {
    users = await all(async (cursor) => {
      const page = await ok(api.POST('/v1/list-users', { body: { object, relation, limit: 1000, ...(userType ? { userType } : {}), ...(cursor ? { cursor } : {}) } }));
      return { items: page.users, cursor: page.cursor };
    });
  } catch (err) {
    return replace(result, problem(err));
  }
  showList(result, {
    summary: [`${users.length} ${users.length === 1 ? 'holds' : 'hold'} ${relation} on `, entityLink(object), '.'],
    caption: `Who has ${relation} on ${object}`,
    column: 'User',
    items: users,
    fileName: `who-has-access-${fileSafe(object)}-${relation}.csv`,
    rows: users.map((u) => [u, relation, object]),
  });
}
