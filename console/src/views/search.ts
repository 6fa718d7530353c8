/** Search: users, organizations and resellers by part of an id or name, found as the person types (GET /v1/search), each a link to its page. */
import { api, ok } from '../api';
import { field, h, message, replace } from '../dom';
import { entityHref, href, type View } from '../router';
import { table } from '../table';
import { problem } from './shared';

type Found = { type: string; id: string; name?: string };

export const searchView: View = {
  path: 'search',
  label: 'Search',
  describe: 'find users, organizations and resellers by part of an id or name',
  needs: 'read',
  render(main, ctx) {
    const q = field('Search', { type: 'search', value: ctx.params.get('q') ?? '', placeholder: 'part of an id or a name' });
    const result = h('section', { class: 'result', 'aria-live': 'polite' });
    let timer: number | undefined;
    let asked = 0;
    const run = () => {
      const text = q.input.value.trim();
      history.replaceState(null, '', href('search', { q: text }));
      const mine = ++asked;
      if (!text) return replace(result);
      void find(result, text, undefined, [], () => mine === asked);
    };
    q.input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(run, 200);
    });
    const form = h('form', { class: 'question', role: 'search' }, q.wrap, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Find')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
    replace(main, h('h1', {}, 'Search'), form, result);
    q.input.focus();
    if (q.input.value.trim()) run();
  },
};

/** find shows the first page, and More results appends the next; still() is false once a newer search started. */
async function find(result: HTMLElement, text: string, cursor: string | undefined, shown: Found[], still: () => boolean): Promise<void> {
  try {
    const page = await ok(api.GET('/v1/search', { params: { query: { q: text, limit: 50, ...(cursor ? { cursor } : {}) } } }));
    if (!still()) return;
    const found = [...shown, ...page.entities];
    const more = page.cursor ? h('button', { type: 'button' }, 'More results') : null;
    more?.addEventListener('click', () => void find(result, text, page.cursor ?? undefined, found, still));
    replace(
      result,
      found.length
        ? table(`${found.length}${page.cursor ? '+' : ''} found for “${text}”`, [
            { label: 'Entity', value: (e: Found) => `${e.type}:${e.id}`, cell: (e: Found) => h('a', { href: entityHref(`${e.type}:${e.id}`) }, `${e.type}:${e.id}`) },
            { label: 'Type', value: (e) => e.type },
            { label: 'Name', value: (e) => e.name ?? '' },
          ], found)
        : message(`Nothing found for “${text}”.`),
      more,
    );
  } catch (err) {
    if (still()) replace(result, problem(err));
  }
}
