/**
 * The console's one way to the API: a client typed by the service's own /openapi.json (generated
 * into .generated/api.d.ts at build), which adds the signed-in token to every call, and the
 * sentences a person reads when a call is refused.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../.generated/api';
import { currentToken } from './token-store';

export type { paths, components };

/** api is the typed client; every request carries the token the person gave, so the service's scopes hold. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use({
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
});

/** ApiError is a refused call, with the sentence to show. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** ok gives a call's answer, or throws an ApiError whose message says in words what went wrong. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'unreachable', 'The service did not answer: it may be down or restarting. Try again in a moment.');
  }
  if (result.response.ok && result.error === undefined) return result.data as T;
  const body = (result.error ?? {}) as { error?: { code?: string; message?: string } };
  const code = body.error?.code ?? 'unknown';
  throw new ApiError(result.response.status, code, inWords(result.response.status, code, body.error?.message ?? ''));
}

/** inWords turns a refusal into a sentence a person can act on; the service's own message names what was wrong. */
export function inWords(status: number, code: string, detail: string): string {
  if (status === 401) return `Your token was refused (${detail || code}): it is not valid here or it has expired. Sign in again with a fresh token.`;
  if (status === 403) {
    const scope = /needs the (\w+) scope/.exec(detail)?.[1];
    return scope ? `Your token lacks the ${scope} scope, which this needs. Ask for a token with ${scope} (or admin).` : `Your token may not do this: ${detail}`;
  }
  if (status === 429) return 'Too many requests from your token just now: wait a moment and try again.';
  if (status === 503) return `A part of the service is unavailable right now (${detail || code}). Try again shortly.`;
  if (status >= 500) return 'The service failed to answer this; the request id in its log finds why.';
  return detail || `The service answered ${status} (${code}).`;
}

/** all follows cursors until the last page, so a list the console shows is complete, never cut. */
export async function all<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.cursor ?? undefined;
  } while (cursor);
  return out;
}
