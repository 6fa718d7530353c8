/**
 * An entity's page, /console/entity/<type>:<id>: its attributes, its direct links drawn as the
 * concept pictures do (neighbours one click away) and listed, and its recent changes.
 */
import { all, ApiError, api, ok } from '../api';
import { h, message, replace } from '../dom';
import { COLLECTIONS, splitKey } from '../model';
import { href, type View } from '../router';
import { can } from '../session';
import { utc } from '../time';
import { changesTable, entityChanges } from './changes';
import { drawLinks, graphBox, linksTable, problem, type StoredLink } from './shared';

/** DRAWN is how many links the picture holds; the table below it lists them all. */
const DRAWN = 150;
/** RECENT is how many of the latest changes the page lists; the Changes page has the rest. */
const RECENT = 20;

export const entityView: View = {
  path: 'entity',
  label: 'Entity',
  needs: 'read',
  render(main, ctx) {
    const key = ctx.rest;
    const parsed = splitKey(key);
    if (!parsed) return replace(main, h('h1', {}, 'Entity'), message(`"${key}" is not an entity: write it as user:<id>, organization:<id> or reseller:<id>.`, 'error'));
    const about = h('section', { class: 'about' });
    const links = h('section', { class: 'result', 'aria-live': 'polite' }, message('Reading its links…'));
    const changes = h('section', { class: 'changes' });
    const actions = h(
      'p',
      { class: 'actions' },
      can('write') ? h('a', { class: 'button', href: href('edit-links', parsed.type === 'user' ? { user: key } : { object: key }) }, 'Edit links') : null,
      can('check') && parsed.type !== 'user' ? h('a', { class: 'button', href: href('who-has-access', { object: key, relation: 'can_view', userType: 'user' }) }, 'Who has access') : null,
      can('check') && parsed.type === 'user' ? h('a', { class: 'button', href: href('what-can-they-reach', { user: key, relation: 'can_view', type: 'organization' }) }, 'What can they reach') : null,
      can('read') && parsed.type === 'reseller' ? h('a', { class: 'button', href: href('commission', { reseller: parsed.id }) }, 'Commission') : null,
    );
    replace(main, h('h1', {}, key), about, actions, links, changes);
    const open = (k: string) => ctx.go(`entity/${k}`);
    void showAbout(about, parsed.type, parsed.id);
    void showLinks(links, key, open);
    if (can('audit')) void showChanges(changes, key);
  },
};

async function showAbout(about: HTMLElement, type: keyof typeof COLLECTIONS, id: string): Promise<void> {
  try {
    const e = await ok(api.GET(`/v1/${COLLECTIONS[type]}/{id}` as '/v1/users/{id}', { params: { path: { id } } }));
    replace(about, h('dl', { class: 'attributes' }, ...(e.name ? [h('dt', {}, 'Name'), h('dd', {}, e.name)] : []), ...(e.email ? [h('dt', {}, 'E-mail'), h('dd', {}, e.email)] : []), h('dt', {}, 'Created (UTC)'), h('dd', {}, utc(e.createdAt))));
  } catch (err) {
    replace(about, err instanceof ApiError && err.status === 404 ? message(`${type}:${id} does not exist (never written, or deleted); its past links may still be in the changes.`) : problem(err));
  }
}

async function showLinks(section: HTMLElement, key: string, open: (k: string) => void): Promise<void> {
  let out: StoredLink[], into: StoredLink[];
  try {
    const pages = (filter: { user: string } | { object: string }) =>
      all(async (cursor) => {
        const page = await ok(api.GET('/v1/tuples', { params: { query: { ...filter, limit: 1000, ...(cursor ? { cursor } : {}) } } }));
        return { items: page.tuples, cursor: page.cursor };
      });
    [out, into] = await Promise.all([pages({ user: key }), pages({ object: key })]);
  } catch (err) {
    return replace(section, problem(err));
  }
  const every = [...into, ...out];
  if (every.length === 0) return replace(section, h('h2', {}, 'Links'), h('p', {}, `${key} has no links now.`));
  const drawn = every.slice(0, DRAWN);
  const { box, canvas } = graphBox(`${key} and its ${every.length} direct link${every.length === 1 ? '' : 's'}${every.length > DRAWN ? ` (the first ${DRAWN} drawn)` : ''}`);
  replace(section, h('h2', {}, 'Links'), box, linksTable(`The ${every.length} direct links of ${key}`, every, true));
  await drawLinks(canvas, drawn, [key], 'around', open);
}

async function showChanges(section: HTMLElement, key: string): Promise<void> {
  replace(section, h('h2', {}, 'Recent changes'), message('Reading the change feed…'));
  try {
    const feed = await entityChanges(key);
    replace(
      section,
      h('h2', {}, 'Recent changes'),
      feed.length ? changesTable(`The latest ${Math.min(RECENT, feed.length)} of ${feed.length} changes, newest first`, feed.slice(0, RECENT)) : h('p', {}, 'No changes recorded.'),
      h('p', {}, h('a', { href: href('changes', { entity: key }) }, `All changes of ${key}`)),
    );
  } catch (err) {
    replace(section, h('h2', {}, 'Recent changes'), problem(err));
  }
}
