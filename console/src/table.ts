/** Tables the console shows: a caption, column headers that sort when pressed (by keyboard too), and a cell per value. */
import { h } from './dom';

/** Column says how to show and sort one column of rows of T. */
export interface Column<T> {
  label: string;
  value(row: T): string;
  /** cell renders the value differently (a link); default: the value as text. */
  cell?(row: T): Node | string;
}

/** table renders rows; with sortable, each header is a button that sorts by its column, ascending then descending. */
export function table<T>(caption: string, columns: Column<T>[], rows: T[], opts: { sortable?: boolean; className?: string } = {}): HTMLElement {
  const tbody = h('tbody');
  let order: { col: number; dir: 1 | -1 } | undefined;
  const fill = () => {
    const sorted = order ? [...rows].sort((a, b) => order!.dir * columns[order!.col].value(a).localeCompare(columns[order!.col].value(b), 'en', { numeric: true })) : rows;
    tbody.replaceChildren(...sorted.map((r) => h('tr', {}, ...columns.map((c) => h('td', {}, c.cell ? c.cell(r) : c.value(r))))));
  };
  const headers = columns.map((c, i) => {
    const th = h('th', { scope: 'col' });
    if (!opts.sortable) {
      th.textContent = c.label;
      return th;
    }
    // The arrow is hidden from assistive technology: aria-sort says the order, the button keeps its name.
    const arrow = h('span', { class: 'arrow', 'aria-hidden': 'true' });
    const button = h('button', { type: 'button', class: 'sort', title: `Sort by ${c.label}` }, c.label, arrow);
    button.addEventListener('click', () => {
      order = order?.col === i ? { col: i, dir: order.dir === 1 ? -1 : 1 } : { col: i, dir: 1 };
      for (const other of headers) {
        other.removeAttribute('aria-sort');
        other.querySelector('.arrow')?.replaceChildren();
      }
      th.setAttribute('aria-sort', order.dir === 1 ? 'ascending' : 'descending');
      arrow.textContent = order.dir === 1 ? ' ▲' : ' ▼';
      fill();
    });
    th.appendChild(button);
    return th;
  });
  fill();
  return h('div', { class: `table-wrap ${opts.className ?? ''}` }, h('table', {}, h('caption', {}, caption), h('thead', {}, h('tr', {}, ...headers)), tbody));
}
