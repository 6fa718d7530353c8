/**
 * Edit links: add or remove one link. The what-if comes first (who would gain or lose which
 * permission, nothing written); only Confirm writes, recorded in the feed under the token's sub.
 */
import { api, ok } from '../api';
import { field, h, message, replace } from '../dom';
import { LINK_RELATIONS } from '../model';
import { href, type View } from '../router';
import { can, current } from '../session';
import { table } from '../table';
import { datalist, entityLink, problem } from './shared';

type Link = { user: string; relation: string; object: string };

export const editLinksView: View = {
  path: 'edit-links',
  label: 'Edit links',
  describe: 'add or remove a link, seeing first who would gain or lose what',
  needs: 'write',
  render(main, ctx) {
    const p = ctx.params;
    const user = field('User', { value: p.get('user') ?? '', placeholder: 'user:anna or reseller:webbyran', required: true });
    const relation = field('Relation', { value: p.get('relation') ?? 'member', list: 'edit-relations', required: true });
    const object = field('Object', { value: p.get('object') ?? '', placeholder: 'organization:acme', required: true });
    const result = h('section', { class: 'result', 'aria-live': 'polite' });
    const add = h('button', { type: 'submit', value: 'write' }, 'Add link');
    const remove = h('button', { type: 'submit', value: 'delete', class: 'danger' }, 'Remove link');
    const form = h('form', { class: 'question' }, user.wrap, relation.wrap, object.wrap, datalist('edit-relations', LINK_RELATIONS), h('div', { class: 'actions' }, add, remove));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const op = (e as SubmitEvent).submitter === remove ? 'delete' : 'write';
      void preview(result, op, { user: user.input.value.trim(), relation: relation.input.value.trim(), object: object.input.value.trim() });
    });
    replace(main, h('h1', {}, 'Edit links'), form, result);
  },
};

/** preview shows what the change would do, then offers Confirm. */
async function preview(result: HTMLElement, op: 'write' | 'delete', link: Link): Promise<void> {
  const change = op === 'write' ? { writes: [link] } : { deletes: [link] };
  const verb = op === 'write' ? 'add' : 'remove';
  const parts: (Node | null)[] = [h('h2', {}, `${op === 'write' ? 'Add' : 'Remove'} ${link.user} ${link.relation} ${link.object}?`)];
  if (can('audit')) {
    replace(result, message('Asking what it would change…'));
    try {
      const w = await ok(api.POST('/v1/what-if', { body: change }));
      const col = [{ label: 'User', value: (t: Link) => t.user, cell: (t: Link) => entityLink(t.user) }, { label: 'Relation', value: (t: Link) => t.relation }, { label: 'Object', value: (t: Link) => t.object, cell: (t: Link) => entityLink(t.object) }];
      parts.push(
        h('p', { role: 'status', class: 'what-if' }, `If you ${verb} it: ${w.totals.gains} gained, ${w.totals.losses} lost${w.truncated ? ' (lists cut at the service limit)' : ''}. Nothing is written until you confirm.`),
        w.gains.length ? table(`Would gain (${w.totals.gains})`, col, w.gains, { sortable: true }) : h('p', {}, 'Nobody would gain anything.'),
        w.losses.length ? table(`Would lose (${w.totals.losses})`, col, w.losses, { sortable: true }) : h('p', {}, 'Nobody would lose anything.'),
      );
    } catch (err) {
      return replace(result, problem(err));
    }
  } else {
    parts.push(message('Your token lacks the audit scope, so what this would change cannot be shown first.'));
  }
  const confirm = h('button', { type: 'button' }, 'Confirm');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  cancel.addEventListener('click', () => replace(result, message('Cancelled: nothing was written.')));
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      const written = await ok(api.POST('/v1/tuples', { body: change }));
      replace(
        result,
        message(`${op === 'write' ? 'Added' : 'Removed'} ${link.user} ${link.relation} ${link.object} at revision ${written.revision}, recorded as by ${current()?.sub ?? '?'}${written.pending ? '; the check engine has not applied it yet' : ''}.`, 'ok'),
        can('audit') ? h('p', {}, h('a', { href: href('changes', { entity: link.object }) }, `See the changes of ${link.object}`)) : null,
      );
    } catch (err) {
      confirm.disabled = false;
      result.append(problem(err));
    }
  });
  replace(result, ...parts, h('div', { class: 'actions' }, confirm, cancel));
  confirm.focus();
}
