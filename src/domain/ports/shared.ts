/** Types several ports share: pages of a listing and who makes a change. */

/** Page is one page of a listing; cursor is absent on the last page. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** WriteMeta is who changes something, when, in which request. */
export interface WriteMeta {
  actor: string;
  requestId: string;
  at: Date;
}
