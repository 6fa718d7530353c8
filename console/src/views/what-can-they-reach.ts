/** What can they reach: every object of a type on which a user holds a relation, complete (all pages of /v1/list-objects), sortable, as CSV. */
import { all, api, ok } from '../api';
import { fileSafe } from '../csv';
import { field, h, message, replace, select } from '../dom';
import { OBJECT_TYPES, RELATIONS } from '../model';
import type { View } from '../router';
import { datalist, entityLink, problem, showList } from './shared';

export const whatCanTheyReachView: View = {
  path: 'what-can-they-reach',
  label: 'What can they reach',
  describe: 'every organization or reseller a user has a relation on, with Export CSV',
  needs: 'check',
  render(main, ctx) {
    const p = ctx.params;
    const user = field('User', { value: p.get('user') ?? '', placeholder: 'user:anna', required: true });
    const relation = field('Relation', { value: p.get('relation') ?? 'can_view', list: 'reach-relations', required: true });
    const type = select('Type', OBJECT_TYPES, p.get('type') ?? 'organization');
    const result = h('section', { class: 'result', 'aria-live': 'polite' });
    const form = h('form', { class: 'question' }, user.wrap, relation.wrap, type.wrap, datalist('reach-relations', RELATIONS), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'What can they reach')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ctx.go('what-can-they-reach', { user: user.input.value.trim(), relation: relation.input.value.trim(), type: type.input.value });
    });
    replace(main, h('h1', {}, 'What can they reach'), form, result);
    const [u, r, t] = [p.get('user'), p.get('relation'), p.get('type')];
    if (u && r && t) void list(result, u, r, t);
  },
};

async function list(result: HTMLElement, user: string, relation: string, type: string): Promise<void> {
  replace(result, message('Asking the service (every page)…'));
  let objects: string[];
  try {
    objects = await all(async (cursor) => {
      const page = await ok(api.POST('/v1/list-objects', { body: { user, relation, type, limit: 1000, ...(cursor ? { cursor } : {}) } }));
      return { items: page.objects, cursor: page.cursor };
    });
  } catch (err) {
    return replace(result, problem(err));
  }
  showList(result, {
    summary: [entityLink(user), ` has ${relation} on ${objects.length} ${type}${objects.length === 1 ? '' : 's'}.`],
    caption: `${type}s where ${user} has ${relation}`,
    column: 'Object',
    items: objects,
    fileName: `what-can-they-reach-${fileSafe(user)}-${relation}-${type}.csv`,
    rows: objects.map((o) => [user, relation, o]),
  });
}
