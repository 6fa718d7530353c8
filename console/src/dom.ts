/** A small element builder: every piece of data goes in as text, never as HTML, so nothing an API answers can run as script. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** h makes an element with attributes (on* keys become listeners; false and undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children.flat());
  return el;
}

/** append adds children as nodes or text. */
export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** replace empties el and fills it with children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let fieldCount = 0;

/** field is a labelled input: the label names it, so a person (and a test) finds it by its label. */
export function field(label: string, attrs: Attrs = {}, hint?: string): { wrap: HTMLElement; input: HTMLInputElement } {
  const id = `f${++fieldCount}`;
  const input = h('input', { id, name: label.toLowerCase().replace(/\s+/g, '-'), autocomplete: 'off', spellcheck: 'false', ...attrs, ...(hint ? { 'aria-describedby': `${id}-hint` } : {}) });
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('small', { id: `${id}-hint` }, hint) : null);
  return { wrap, input };
}

/** select is a labelled drop-down of options. */
export function select(label: string, options: string[], value?: string): { wrap: HTMLElement; input: HTMLSelectElement } {
  const id = `f${++fieldCount}`;
  const input = h('select', { id, name: label.toLowerCase() }, ...options.map((o) => h('option', { value: o, selected: o === value }, o || '(any)')));
  return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), input), input };
}

/** message is a sentence in a live region, so a screen reader hears an error or a result as it appears. */
export function message(text: string, kind: 'error' | 'info' | 'ok' = 'info'): HTMLElement {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
