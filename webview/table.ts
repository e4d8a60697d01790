// The gradient table: every shown node and group with label, op, data, grad and
// |grad|; click a header to sort (again to reverse), type to filter, click a row to select its
// node. Built only while its tab is visible, and at most MAX_ROWS rows at a time.

import { el } from './dom';
import { rowOf, table, tableRow, textField, type Table, type TextField } from './elements';
import { formatCount } from './format';
import type { GraphModel } from './graph/model';
import { COLUMNS, filterRows, rowsOf, sortRows, type Column, type Row, type Sort } from './table-rows';

const MAX_ROWS = 500;

export class GradTable {
  readonly element: HTMLElement;
  private readonly filter: TextField;
  private readonly count: HTMLElement;
  private readonly table: Table;
  private rows: Row[] = [];
  private sort: Sort | null = null;
  private selected: string | null = null;
  private visible = false;
  private dirty = true;

  constructor(private readonly onSelect: (key: string) => void) {
    this.element = el('section', 'grad-table');
    this.filter = textField({ placeholder: 'Filter: label, op, nan', label: 'Filter rows by label or op; nan finds NaN and Inf rows', className: 'table-filter' }, () => this.refresh());
    this.count = el('span', 'table-count');
    const toolbar = el('div', 'table-toolbar');
    toolbar.append(this.filter.element, this.count);
    this.table = table(COLUMNS.map((c) => c.title), ['34%', '14%', '18%', '18%', '16%']);
    this.table.headerCells.forEach((cell, i) => {
      const column = COLUMNS[i].key;
      cell.classList.add('sortable');
      cell.tabIndex = 0;
      cell.setAttribute('role', 'columnheader');
      cell.title = `Sort by ${COLUMNS[i].title}`;
      cell.addEventListener('click', () => this.sortBy(column));
      cell.addEventListener('keydown', (event: KeyboardEvent) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.sortBy(column);
        }
      });
    });
    this.table.body.addEventListener('click', (event) => {
      const row = rowOf(event);
      const key = row?.getAttribute('data-key');
      if (key) this.onSelect(key);
    });
    this.element.append(toolbar, this.table.element);
  }

  setModel(model: GraphModel | null): void {
    this.rows = model ? rowsOf(model) : [];
    this.dirty = true;
    // No model: empty at once, even while hidden, so no earlier run's rows stay in the page.
    if (this.visible || !model) this.refresh();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.dirty) this.refresh();
  }

  select(key: string | null): void {
    this.selected = key;
    for (const row of Array.from(this.table.body.children)) row.classList.toggle('selected', row.getAttribute('data-key') === key);
  }

  get sorting(): Sort | null {
    return this.sort;
  }

  sortBy(column: Column): void {
    this.sort = this.sort?.column === column ? { column, descending: !this.sort.descending } : { column, descending: column === 'abs' };
    this.refresh();
  }

  private refresh(): void {
    this.dirty = false;
    const shown = sortRows(filterRows(this.rows, this.filter.value), this.sort);
    const rows = shown.slice(0, MAX_ROWS).map((r) => {
      const row = tableRow(r.cells, `${r.nonFinite ? 'nonfinite' : ''}${r.group ? ' group-row' : ''}${r.key === this.selected ? ' selected' : ''}`);
      row.setAttribute('data-key', r.key);
      return row;
    });
    this.table.body.replaceChildren(...rows);
    this.count.textContent = shown.length > MAX_ROWS
      ? `${formatCount(MAX_ROWS)} of ${formatCount(shown.length)} rows — filter to narrow`
      : `${formatCount(shown.length)} row${shown.length === 1 ? '' : 's'}`;
    this.table.headerCells.forEach((cell, i) => {
      const column = COLUMNS[i].key;
      const active = this.sort?.column === column;
      cell.textContent = COLUMNS[i].title + (active ? (this.sort!.descending ? ' ▼' : ' ▲') : '');
      cell.setAttribute('aria-sort', active ? (this.sort!.descending ? 'descending' : 'ascending') : 'none');
    });
  }
}
