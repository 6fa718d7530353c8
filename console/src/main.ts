/**
 * The console's start: sign in (from the `#token=` link, the tab's session, or the form), then show
 * the page the address names, with a menu of only the pages this token's scopes can use.
 */
import { ApiError } from './api';
import { releaseGraphs } from './graph';
import { h, message, replace } from './dom';
import { BASE, href, interceptLinks, locate, type View } from './router';
import { can, current, resume, signIn, signOut } from './session';
import { takeTokenFromFragment } from './token-store';
import { renderSignIn } from './views/sign-in';
import { VIEWS } from './views/index';

const header = document.getElementById('top')!;
const main = document.getElementById('main')!;

/** go changes the page in place, keeping the question in the address. */
function go(path: string, params: Record<string, string | undefined> = {}): void {
  history.pushState(null, '', href(path, params));
  show();
}

function menu(active: View | undefined): void {
  const me = current();
  if (!me) return replace(header);
  const links = VIEWS.filter((v) => v.describe && (v.needs === null || can(v.needs)));
  const out = h('button', { type: 'button', class: 'secondary' }, 'Sign out');
  out.addEventListener('click', () => {
    signOut();
    history.pushState(null, '', BASE);
    show();
  });
  replace(
    header,
    h(
      'nav',
      { 'aria-label': 'Pages' },
      h('a', { class: 'brand', href: BASE }, 'Partnergraph'),
      h('ul', {}, ...links.map((v) => h('li', {}, h('a', { href: href(v.path), 'aria-current': v === active ? 'page' : undefined }, v.label)))),
    ),
    h('p', { class: 'who' }, `Signed in as ${me.sub} (${me.scopes.join(', ') || 'no scopes'}) `, out),
  );
}

/** show renders the page the address names, or the sign-in form when nobody is signed in. */
function show(problem?: string): void {
  if (!current()) {
    menu(undefined);
    document.title = 'Sign in — Partnergraph';
    return renderSignIn(main, () => show(), problem);
  }
  const { page, rest } = locate(window.location.pathname);
  const view = VIEWS.find((v) => v.path === page);
  menu(view);
  document.title = `${view?.label ?? 'Not found'} — Partnergraph`;
  if (!view) return replace(main, h('h1', {}, 'Not found'), message(`The console has no page "${page}".`, 'error'), h('p', {}, h('a', { href: BASE }, 'Start page')));
  if (view.needs && !can(view.needs)) {
    return replace(main, h('h1', {}, view.label), message(`This page needs the ${view.needs} scope, which your token does not have (it has: ${current()!.scopes.join(', ') || 'none'}). Sign in with a token that has ${view.needs} or admin.`, 'error'));
  }
  view.render(main, { params: new URLSearchParams(window.location.search), rest, go });
  releaseGraphs();
}

/** enter signs in with the link's token, or resumes this tab's session, and shows the page. */
async function enter(): Promise<void> {
  const fromLink = takeTokenFromFragment();
  try {
    if (fromLink) await signIn(fromLink);
    else if (!current()) await resume();
    show();
  } catch (err) {
    show(err instanceof ApiError ? err.message : 'The token could not be checked.');
  }
}

async function start(): Promise<void> {
  interceptLinks(() => show());
  // A `#token=` link opened in a tab already on the console changes only the fragment: no reload.
  window.addEventListener('hashchange', () => void enter());
  await enter();
}

void start();
