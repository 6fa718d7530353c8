/** Pieces several pages share: a question form whose answer goes into the URL, links to entities, and a list of links. */
import { ApiError } from '../api';
import { h, message, replace } from '../dom';
import { csvOf, save } from '../csv';
import { draw, typeOf, type GraphLink } from '../graph';
import { entityHref } from '../router';
import { can } from '../session';
import { table } from '../table';
import { utc } from '../time';
import { splitKey } from '../model';

/** entityLink shows `type:id` as a link to its page when the token can read it, else as text. */
export function entityLink(key: string): Node | string {
  return can('read') && splitKey(key) ? h('a', { href: entityHref(key) }, key) : key;
}

/** problem renders a failed call as the sentence to read. */
export function problem(err: unknown): HTMLElement {
  return message(err instanceof ApiError ? err.message : `Something went wrong: ${err instanceof Error ? err.message : String(err)}`, 'error');
}

/** datalist offers suggestions for a field without limiting it. */
export function datalist(id: string, options: string[]): HTMLDataListElement {
  return h('datalist', { id }, ...options.map((o) => h('option', { value: o })));
}

/** StoredLink is a link with who wrote it and when, as the API answers tuples. */
export interface StoredLink extends GraphLink {
  writtenAt: string;
  writtenBy: string;
}

/** linksTable lists links with their provenance, each end a link to its page. */
export function linksTable(caption: string, links: StoredLink[], sortable = false): HTMLElement {
  return table(
    caption,
    [
      { label: 'User', value: (t) => t.user, cell: (t) => entityLink(t.user) },
      { label: 'Relation', value: (t) => t.relation },
      { label: 'Object', value: (t) => t.object, cell: (t) => entityLink(t.object) },
      { label: 'Written at (UTC)', value: (t) => utc(t.writtenAt) },
      { label: 'Written by', value: (t) => t.writtenBy },
    ],
    links,
    { sortable },
  );
}

/** graphBox is the drawing area with its legend; the graph goes into its canvas. */
export function graphBox(label: string): { box: HTMLElement; canvas: HTMLElement } {
  const canvas = h('div', { class: 'graph', role: 'img', 'aria-label': label });
  const legend = h('p', { class: 'legend' }, h('span', { class: 'key user' }, 'user'), h('span', { class: 'key organization' }, 'organization'), h('span', { class: 'key reseller' }, 'reseller'), ' — click a node to open its page.');
  return { box: h('figure', { class: 'graph-box' }, canvas, h('figcaption', {}, label, ' ', legend)), canvas };
}

/** drawLinks draws links into canvas with the entity pages one click away. */
export function drawLinks(canvas: HTMLElement, links: GraphLink[], roots: string[], layout: 'layers' | 'around', go: (key: string) => void): Promise<unknown> {
  return draw(canvas, { links, roots, marked: roots, layout, onOpen: can('read') ? go : undefined });
}

/** CompleteList is a list the API gave in full, and how to show and export it. */
export interface CompleteList {
  summary: (Node | string)[];
  caption: string;
  /** column names the items: User or Object. */
  column: string;
  items: string[];
  fileName: string;
  /** rows are the CSV's lines under `user,relation,object`, each end `type:id`. */
  rows: string[][];
}

/** showList renders a complete list: the sentence, Export CSV, and a sortable table of the items and their types. */
export function showList(result: HTMLElement, list: CompleteList): void {
  const exportCsv = h('button', { type: 'button' }, 'Export CSV');
  exportCsv.addEventListener('click', () => save(list.fileName, csvOf(['user', 'relation', 'object'], list.rows)));
  replace(
    result,
    h('p', { role: 'status' }, ...list.summary),
    h('div', { class: 'actions' }, exportCsv),
    table(list.caption, [{ label: list.column, value: (k: string) => k, cell: (k) => entityLink(k) }, { label: 'Type', value: (k: string) => typeOf(k) }], list.items, { sortable: true }),
  );
}
