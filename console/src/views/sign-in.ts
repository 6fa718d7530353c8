/** The sign-in page: a token pasted in (or brought by the `#token=` link), checked with the service before it is kept. */
import { ApiError } from '../api';
import { h, message, replace } from '../dom';
import { signIn } from '../session';

/** renderSignIn shows the form; onSignedIn runs once the service accepted the token. */
export function renderSignIn(main: HTMLElement, onSignedIn: () => void, problem?: string): void {
  const input = h('textarea', { id: 'token', name: 'token', rows: 4, autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-hint' });
  const status = h('div', { class: 'status' }, problem ? message(problem, 'error') : null);
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', {}, 'Paste a bearer token (a JWT). It stays in this browser tab only and is sent with each call, so the service answers what its scopes allow.'),
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'Token'), input, h('small', { id: 'token-hint' }, 'npm start prints a link that signs you in with a development token.')),
    h('button', { type: 'submit' }, 'Sign in'),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return replace(status, message('Paste a token first.', 'error'));
    replace(status, message('Checking the token with the service…'));
    try {
      await signIn(token);
      onSignedIn();
    } catch (err) {
      replace(status, message(err instanceof ApiError ? err.message : 'The token could not be checked.', 'error'));
      input.focus();
    }
  });
  replace(main, form);
  input.focus();
}
