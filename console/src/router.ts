/**
 * The console's pages by path: /console/<page>?<question>. The question a page answers lives in
 * its URL, so a person can share it or go back to it; links within /console change the page
 * without a reload.
 */
import type { Scope } from './session';

/** BASE is where the service serves the console. */
export const BASE = '/console';

/** ViewContext is what a page is given: its URL's parts and a way to move on. */
export interface ViewContext {
  params: URLSearchParams;
  /** rest is the path after the page's own name: `organization:acme` for /console/entity/organization:acme. */
  rest: string;
  /** go shows another page (or this one with another question), adding it to the history. */
  go(path: string, params?: Record<string, string | undefined>): void;
}

/** View is one page of the console. */
export interface View {
  /** path is the page's name under /console; '' is the start page. */
  path: string;
  label: string;
  /** describe is the line the start page shows for it; absent: not listed there. */
  describe?: string;
  /** needs is the scope without which the page cannot answer anything; it is not offered to a token without it. */
  needs: Scope | null;
  render(main: HTMLElement, ctx: ViewContext): void;
}

/** href builds a console URL from a page path and its question, leaving out empty parts. */
export function href(path: string, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const query = q.toString();
  return `${BASE}${path ? `/${path}` : ''}${query ? `?${query}` : ''}`;
}

/** entityHref is the deep link of an entity's page. */
export function entityHref(key: string): string {
  return `${BASE}/entity/${key}`;
}

/** locate splits the address bar into a page name and the rest of its path. */
export function locate(pathname: string): { page: string; rest: string } {
  const inner = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/^\/+/, '') : '';
  const [page = '', ...rest] = inner.split('/');
  return { page, rest: decodeURIComponent(rest.join('/')) };
}

/** interceptLinks makes a plain click on a link within the console change the page in place. */
export function interceptLinks(onNavigate: () => void): void {
  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (a.hasAttribute('download') || a.target) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || !url.pathname.startsWith(BASE)) return;
    e.preventDefault();
    if (url.pathname + url.search !== window.location.pathname + window.location.search) history.pushState(null, '', url.pathname + url.search);
    onNavigate();
  });
  window.addEventListener('popstate', onNavigate);
}
