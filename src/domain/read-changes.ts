/**
 * ReadChanges: the ordered change feed (every write and delete with its revision, time and actor),
 * optionally only what touched one object or one user, so an auditor can read an organization's
 * whole history or follow the feed from a revision on.
 */
import type { AuthzModel } from './authz-model';
import { InvalidInputError } from './errors';
import { parseInstant } from './instant';
import { parseRevision } from './revision';
import { parseRef, type Tuple } from './tuple';
import type { ChangeFeed, FeedPosition } from './ports';

export interface ReadChangesInput {
  /** after is a revision: the feed starts with the next one. */
  after?: string;
  limit: number;
  cursor?: string;
  object?: string;
  user?: string;
  /** objectType keeps changes on objects of one type. */
  objectType?: string;
  /** since is an ISO time: changes made at or after it. */
  since?: string;
}

/** ChangeView is one change as the API shows it. */
export interface ChangeView {
  op: 'write' | 'delete';
  tuple: Tuple;
  revision: string;
  at: string;
  actor: string;
}

/** ReadChangesQuery pages the feed in (revision, seq) order; the cursor is the last change's position. */
export class ReadChangesQuery {
  constructor(private readonly model: AuthzModel, private readonly feed: ChangeFeed) {}

  /** execute answers a page; cursor is where the next page starts, absent on the last; last is the position of the page's last change, to poll on from. */
  async execute(input: ReadChangesInput): Promise<{ changes: ChangeView[]; cursor?: string; last?: string }> {
    if (input.object) this.model.validateType(parseRef(input.object, 'object').type, 'object');
    if (input.user) this.model.validateType(parseRef(input.user, 'user').type, 'user');
    if (input.objectType) this.model.validateType(input.objectType, 'type');
    const since = input.since === undefined ? undefined : parseInstant(input.since, 'since');
    const position: FeedPosition = input.cursor
      ? decodePosition(input.cursor)
      : { revision: input.after === undefined ? 0 : parseRevision(input.after, 'after'), seq: Number.MAX_SAFE_INTEGER };
    const rows = await this.feed.readChanges({ object: input.object, user: input.user, objectType: input.objectType, since }, position, input.limit + 1);
    const page = rows.slice(0, input.limit);
    const last = page.length ? Buffer.from(`${page[page.length - 1].revision}.${page[page.length - 1].seq}`, 'utf8').toString('base64url') : undefined;
    return {
      changes: page.map((c) => ({ op: c.op, tuple: c.tuple, revision: String(c.revision), at: c.at, actor: c.actor })),
      cursor: rows.length > input.limit ? last : undefined,
      last,
    };
  }
}

function decodePosition(cursor: string): FeedPosition {
  const m = /^(\d{1,15})\.(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new InvalidInputError('cursor is not one this feed returned; pass the cursor of the previous page unchanged, or use after=<revision>', 'invalid_cursor');
  return { revision: Number(m[1]), seq: Number(m[2]) };
}
