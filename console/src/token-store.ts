/** Where the signed-in token lives: sessionStorage only (gone with the tab), never the URL, never a cookie or a log. */

const KEY = 'partnergraph.token';

/** currentToken is the signed-in token, or undefined. */
export function currentToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** keepToken remembers a token the service accepted. */
export function keepToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

/** forgetToken signs out. */
export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

/**
 * takeTokenFromFragment reads `#token=...` (the link `npm start` prints), then removes it from the
 * address bar and the history entry, so it is neither shared nor bookmarked.
 */
export function takeTokenFromFragment(): string | undefined {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!m) return undefined;
  history.replaceState(history.state, '', window.location.pathname + window.location.search);
  return decodeURIComponent(m[1]);
}
