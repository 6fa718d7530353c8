/**
 * AuthZEN's searches over the listings, and their page tokens: a token carries the listing's cursor, the page
 * size and a digest of the question, since the spec has a later page keep the request unchanged
 * (and says a PDP SHOULD refuse one that changed) while its own example leaves the limit out.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../../domain/errors';
import { PAGE_DEFAULT, PAGE_MAX } from '../../domain/limits';
import type { Page } from '../../domain/ports';

/** PageAsked is the request's `page` object. */
export interface PageAsked {
  token?: string;
  limit?: number;
}

/** Paging is where a search resumes and how it says where to go on. */
export interface Paging {
  limit: number;
  cursor?: string;
  /** next is the response's `page` for a listing's page: next_token, empty on the last page, and the count. */
  next(cursor: string | undefined, count: number): { next_token: string; count: number };
}

interface Token {
  c: string;
  l: number;
  q: string;
}

/** paging reads page against question (what is searched, as the listing takes it): a token of another question or size is a 400. */
export function paging(page: PageAsked | undefined, question: unknown): Paging {
  const digest = createHash('sha256').update(JSON.stringify(question)).digest('base64url').slice(0, 16);
  const token = page?.token ? decode(page.token) : undefined;
  if (token && token.q !== digest) {
    throw new InvalidInputError('page.token belongs to another search: send every field of the first request unchanged, or leave page.token out to start again', 'page_token_mismatch');
  }
  if (token && page?.limit !== undefined && page.limit !== token.l) {
    throw new InvalidInputError(`page.limit must stay ${token.l} while paging with page.token, or be left out`, 'page_token_mismatch');
  }
  const limit = token?.l ?? page?.limit ?? PAGE_DEFAULT;
  return {
    limit,
    cursor: token?.c,
    next: (cursor, count) => ({ next_token: cursor === undefined ? '' : encode({ c: cursor, l: limit, q: digest }), count }),
  };
}

/**
 * searched answers one search: the page read against what is asked (kind names the search, so a
 * token of another one is refused), one page of the listing, and the results in the spec's shape.
 */
export async function searched<Q, R>(kind: string, page: PageAsked | undefined, asked: Q, list: (q: Q & { limit: number; cursor?: string }) => Promise<Page<string>>, result: (item: string) => R) {
  const p = paging(page, [kind, asked]);
  const found = await list({ ...asked, limit: p.limit, cursor: p.cursor });
  return { status: 200 as const, body: { page: p.next(found.cursor, found.items.length), results: found.items.map(result) } };
}

function encode(token: Token): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decode(text: string): Token {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Token>;
    if (typeof t.c === 'string' && typeof t.q === 'string' && Number.isInteger(t.l) && t.l! >= 1 && t.l! <= PAGE_MAX) return t as Token;
  } catch {
    // not ours: refused below
  }
  throw new InvalidInputError('page.token is not a next_token this service gave; leave it out to start from the first page', 'invalid_page_token');
}
