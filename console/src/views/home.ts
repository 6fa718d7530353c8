/** The start page: who is signed in, and the pages this token can use. */
import { h, replace } from '../dom';
import { href, type View } from '../router';
import { can, current } from '../session';
import { VIEWS } from './index';

export const homeView: View = {
  path: '',
  label: 'Start',
  needs: null,
  render(main) {
    const me = current();
    const pages = VIEWS.filter((v) => v.path !== '' && v.describe && (v.needs === null || can(v.needs)));
    replace(
      main,
      h('h1', {}, 'Partnergraph console'),
      h('p', {}, `Signed in as ${me?.sub ?? '?'} with the scopes: ${me?.scopes.join(', ') || 'none'}.`),
      pages.length
        ? h('ul', { class: 'pages' }, ...pages.map((v) => h('li', {}, h('a', { href: href(v.path) }, v.label), ` — ${v.describe}`)))
        : h('p', { class: 'message error', role: 'alert' }, 'This token has none of the scopes the console uses (check, read, write, audit or admin): ask for a token with one of them.'),
    );
  },
};
