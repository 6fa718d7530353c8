/** Who is signed in and what the token may do, as the service answers it (GET /v1/me), never by decoding the token here. */
import { api, ok } from './api';
import { currentToken, forgetToken, keepToken } from './token-store';

/** Scope is one of the service's scopes. */
export type Scope = 'check' | 'read' | 'write' | 'audit' | 'admin';

/** Session is the signed-in caller. */
export interface Session {
  sub: string;
  scopes: string[];
}

let session: Session | undefined;

/** current is the signed-in caller, if any. */
export function current(): Session | undefined {
  return session;
}

/** can says whether the token holds scope; admin holds every scope. */
export function can(scope: Scope): boolean {
  return !!session && (session.scopes.includes(scope) || session.scopes.includes('admin'));
}

/** signIn asks the service who token is; only a token it accepts is kept. It throws an ApiError in words otherwise. */
export async function signIn(token: string): Promise<Session> {
  keepToken(token);
  try {
    session = await ok(api.GET('/v1/me'));
    return session;
  } catch (err) {
    forgetToken();
    session = undefined;
    throw err;
  }
}

/** resume picks up a token kept in this tab, when there is one the service still accepts. */
export async function resume(): Promise<Session | undefined> {
  const token = currentToken();
  return token ? signIn(token) : undefined;
}

/** signOut forgets the token. */
export function signOut(): void {
  forgetToken();
  session = undefined;
}
