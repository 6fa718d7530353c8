/** Changes: the change feed with actor and time, for one entity (as user or object, newest first) or all of it in revision order. */
import { all, api, ok } from '../api';
import { field, h, message, replace } from '../dom';
import { href, type View } from '../router';
import { table } from '../table';
import { utc } from '../time';
import { entityLink, problem } from './shared';

type Change = { op: 'write' | 'delete'; tuple: { user: string; relation: string; object: string }; revision: string; at: string; actor: string };

/** entityChanges is every change naming key as user or as object, newest first. */
export async function entityChanges(key: string): Promise<Change[]> {
  const feed = (filter: { user: string } | { object: string }) =>
    all(async (cursor) => {
      const page = await ok(api.GET('/v1/changes', { params: { query: { ...filter, limit: 1000, ...(cursor ? { cursor } : {}) } } }));
      return { items: page.changes, cursor: page.cursor };
    });
  const [asUser, asObject] = await Promise.all([feed({ user: key }), feed({ object: key })]);
  const seen = new Set<string>();
  const merged = [...asUser, ...asObject].filter((c) => {
    const id = `${c.revision} ${c.op} ${c.tuple.user} ${c.tuple.relation} ${c.tuple.object}`;
    return !seen.has(id) && seen.add(id);
  });
  return merged.sort((a, b) => Number(b.revision) - Number(a.revision));
}

/** changesTable lists changes with revision, time, actor and what changed. */
export function changesTable(caption: string, changes: Change[]): HTMLElement {
  return table(caption, [
    { label: 'Revision', value: (c: Change) => c.revision },
    { label: 'At (UTC)', value: (c) => utc(c.at) },
    { label: 'Actor', value: (c) => c.actor },
    { label: 'Change', value: (c) => (c.op === 'write' ? 'added' : 'removed') },
    { label: 'User', value: (c) => c.tuple.user, cell: (c) => entityLink(c.tuple.user) },
    { label: 'Relation', value: (c) => c.tuple.relation },
    { label: 'Object', value: (c) => c.tuple.object, cell: (c) => entityLink(c.tuple.object) },
  ], changes);
}

export const changesView: View = {
  path: 'changes',
  label: 'Changes',
  describe: 'the change feed with who changed what and when, for one entity or all',
  needs: 'audit',
  render(main, ctx) {
    const p = ctx.params;
    const entity = field('Entity', { value: p.get('entity') ?? '', placeholder: 'organization:acme' }, 'optional: only the changes naming this user, organization or reseller');
    const result = h('section', { class: 'result', 'aria-live': 'polite' });
    const form = h('form', { class: 'question' }, entity.wrap, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show changes')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ctx.go('changes', { entity: entity.input.value.trim() });
    });
    replace(main, h('h1', {}, 'Changes'), form, result);
    void show(result, p.get('entity') ?? undefined, p.get('cursor') ?? undefined);
  },
};

async function show(result: HTMLElement, entity: string | undefined, cursor: string | undefined): Promise<void> {
  replace(result, message('Reading the change feed…'));
  try {
    if (entity) {
      const changes = await entityChanges(entity);
      return replace(result, changes.length ? changesTable(`${changes.length} changes naming ${entity}, newest first`, changes) : h('p', { role: 'status' }, `No change names ${entity}.`));
    }
    const page = await ok(api.GET('/v1/changes', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
    replace(
      result,
      page.changes.length ? changesTable('Every change, in revision order', page.changes) : h('p', { role: 'status' }, 'No changes yet.'),
      page.cursor ? h('p', {}, h('a', { href: href('changes', { cursor: page.cursor }) }, 'Next page')) : null,
    );
  } catch (err) {
    replace(result, problem(err));
  }
}
