/**
 * Why: does a user hold a relation on an object, now or as of an instant, and through which chains
 * of links. Every path is drawn and listed with who wrote each link and when; a denial shows the
 * user's and the object's nearest links, so an auditor sees what is missing.
 */
import { api, ok } from '../api';
import { field, h, message, replace } from '../dom';
import { RELATIONS } from '../model';
import type { View } from '../router';
import { can } from '../session';
import { INSTANT_EXAMPLE, parseInstant, utc } from '../time';
import { datalist, drawLinks, entityLink, graphBox, linksTable, problem, type StoredLink } from './shared';

/** NEAREST is how many of the user's and the object's own links a denial shows. */
const NEAREST = 50;

export const whyView: View = {
  path: 'why',
  label: 'Why',
  describe: 'does a user have a relation on an object, now or as of an instant, and through which links',
  needs: 'audit',
  render(main, ctx) {
    const p = ctx.params;
    const user = field('User', { value: p.get('user') ?? '', placeholder: 'user:anna', required: true });
    const relation = field('Relation', { value: p.get('relation') ?? 'can_view', list: 'why-relations', required: true });
    const object = field('Object', { value: p.get('object') ?? '', placeholder: 'organization:acme', required: true });
    const asOf = field('As of', { value: p.get('at') ?? '', placeholder: INSTANT_EXAMPLE }, `optional: an instant in UTC (ISO 8601), like ${INSTANT_EXAMPLE}; empty means now`);
    const result = h('section', { class: 'result', 'aria-live': 'polite' });
    const form = h('form', { class: 'question' }, user.wrap, relation.wrap, object.wrap, asOf.wrap, datalist('why-relations', RELATIONS), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Explain')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      let at: string | undefined;
      if (asOf.input.value.trim()) {
        const parsed = parseInstant(asOf.input.value);
        if ('error' in parsed) return replace(result, message(parsed.error, 'error'));
        at = parsed.iso.replace(/\.000Z$/, 'Z');
      }
      ctx.go('why', { user: user.input.value.trim(), relation: relation.input.value.trim(), object: object.input.value.trim(), at });
    });
    replace(main, h('h1', {}, 'Why'), form, result);
    const [u, r, o] = [p.get('user'), p.get('relation'), p.get('object')];
    if (u && r && o) void explain(result, u, r, o, p.get('at') ?? undefined, (key) => ctx.go(`entity/${key}`));
  },
};

/** explain asks /v1/access-paths and shows the answer; the render after the answer is measured as `why-render`. */
async function explain(result: HTMLElement, user: string, relation: string, object: string, at: string | undefined, open: (key: string) => void): Promise<void> {
  replace(result, message('Asking the service…'));
  let answer;
  try {
    answer = await ok(api.POST('/v1/access-paths', { body: { user, relation, object, ...(at ? { at } : {}) } }));
  } catch (err) {
    return replace(result, problem(err));
  }
  performance.clearMarks('why-answered');
  performance.mark('why-answered');
  const when = at ? `as of ${utc(at)}` : 'now';
  const verdict = h('p', { class: `verdict ${answer.allowed ? 'allowed' : 'denied'}`, role: 'status' }, h('strong', {}, answer.allowed ? 'Allowed' : 'Denied'), ` — ${user} ${answer.allowed ? 'has' : 'does not have'} ${relation} on ${object}, ${when}.`);
  if (answer.allowed) {
    const links = answer.paths.flatMap((path) => path.tuples);
    const { box, canvas } = graphBox(`${answer.paths.length} access path${answer.paths.length === 1 ? '' : 's'} from ${user} to ${object}`);
    const tables = answer.paths.map((path, i) => linksTable(`Path ${i + 1} of ${answer.paths.length}: ${path.tuples.length} link${path.tuples.length === 1 ? '' : 's'}`, path.tuples));
    replace(result, verdict, answer.truncated ? message(`There are more paths than the ${answer.paths.length} shown (the service's limit).`) : null, box, h('div', { class: 'paths' }, ...tables));
    await drawLinks(canvas, links, [user, object], 'layers', open);
  } else {
    replace(result, verdict, h('p', {}, `No chain of links grants it ${when}. The nearest links of each end show what is there${at ? ' now' : ''}:`));
    await nearest(result, user, object, open);
  }
  performance.clearMarks('why-drawn');
  performance.mark('why-drawn');
  performance.clearMeasures('why-render');
  performance.measure('why-render', 'why-answered', 'why-drawn');
}

/** nearest shows the links leaving the user and those arriving at the object (needs read). */
async function nearest(result: HTMLElement, user: string, object: string, open: (key: string) => void): Promise<void> {
  if (!can('read')) {
    result.append(message("Your token lacks the read scope, so the user's and the object's links cannot be shown."));
    return;
  }
  try {
    const [from, into] = await Promise.all([
      ok(api.GET('/v1/tuples', { params: { query: { user, limit: NEAREST } } })),
      ok(api.GET('/v1/tuples', { params: { query: { object, limit: NEAREST } } })),
    ]);
    const links: StoredLink[] = [...from.tuples, ...into.tuples];
    const { box, canvas } = graphBox(`The nearest links of ${user} and ${object}`);
    result.append(
      box,
      from.tuples.length ? linksTable(`Links from ${user}${from.cursor ? ` (the first ${NEAREST})` : ''}`, from.tuples) : h('p', {}, `${user} has no links.`, ' ', entityLink(user)),
      into.tuples.length ? linksTable(`Links to ${object}${into.cursor ? ` (the first ${NEAREST})` : ''}`, into.tuples) : h('p', {}, `Nothing links to ${object}.`),
    );
    await drawLinks(canvas, links, [user, object], 'layers', open);
  } catch (err) {
    result.append(problem(err));
  }
}
