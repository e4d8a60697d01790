// The one place that knows @vscode-elements/elements: it deep-imports only the components the
// panel uses (each registers its custom element) and hands out plain HTMLElements with small
// typed handles. Swapping the component library means rewriting this file only.

import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

export function button(label: string, onClick: () => void, options: { secondary?: boolean; title?: string; className?: string } = {}): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  b.secondary = options.secondary ?? false;
  if (options.title) b.title = options.title;
  if (options.className) b.className = options.className;
  b.addEventListener('click', onClick);
  return b;
}

export interface Checkbox {
  element: HTMLElement;
  checked: boolean;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): Checkbox {
  const c = document.createElement('vscode-checkbox');
  c.label = label;
  c.checked = checked;
  c.addEventListener('change', () => onChange(c.checked));
  return {
    element: c,
    get checked() {
      return c.checked;
    },
    set checked(value: boolean) {
      c.checked = value;
    },
  };
}

export interface TextField {
  element: HTMLElement;
  value: string;
  focus(): void;
}

export function textField(options: { placeholder: string; label: string; className?: string }, onInput: (value: string) => void, onEnter?: (shift: boolean) => void): TextField {
  const t = document.createElement('vscode-textfield');
  t.placeholder = options.placeholder;
  t.ariaLabel = options.label;
  t.type = 'search';
  if (options.className) t.className = options.className;
  t.addEventListener('input', () => onInput(t.value));
  if (onEnter) {
    t.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        onEnter(event.shiftKey);
      }
    });
  }
  return {
    element: t,
    get value() {
      return t.value;
    },
    set value(value: string) {
      t.value = value;
    },
    focus: () => t.focus(),
  };
}

export function badge(text: string, className = ''): HTMLElement {
  const b = document.createElement('vscode-badge');
  b.textContent = text;
  if (className) b.className = className;
  return b;
}

export function progressRing(className = ''): HTMLElement {
  const ring = document.createElement('vscode-progress-ring');
  ring.className = className;
  return ring;
}

export interface Tabs {
  element: HTMLElement;
  /** The headers, to retitle them (e.g. with a count). */
  headers: HTMLElement[];
  selected: number;
}

/** Tabs with a header each; vscode-tabs rewrites ids, so callers keep their own references. */
export function tabs(pages: { title: string; panel: HTMLElement }[], onSelect: (index: number) => void, addons?: HTMLElement): Tabs {
  const t = document.createElement('vscode-tabs');
  t.panel = false;
  const headers: HTMLElement[] = [];
  for (const page of pages) {
    const header = document.createElement('vscode-tab-header');
    headers.push(header);
    header.slot = 'header';
    header.textContent = page.title;
    const panel = document.createElement('vscode-tab-panel');
    panel.append(page.panel);
    t.append(header, panel);
  }
  if (addons) {
    addons.slot = 'addons';
    t.append(addons);
  }
  t.addEventListener('vsc-tabs-select', (event) => onSelect(event.detail.selectedIndex));
  return {
    element: t,
    headers,
    get selected() {
      return t.selectedIndex;
    },
    set selected(index: number) {
      t.selectedIndex = index;
    },
  };
}

export interface Table {
  element: HTMLElement;
  headerCells: HTMLElement[];
  body: HTMLElement;
}

export function table(columns: string[], widths: string[]): Table {
  const t = document.createElement('vscode-table');
  t.zebra = true;
  t.resizable = true;
  t.columns = widths;
  const header = document.createElement('vscode-table-header');
  header.slot = 'header';
  const headerCells = columns.map((title) => {
    const cell = document.createElement('vscode-table-header-cell');
    cell.textContent = title;
    header.append(cell);
    return cell;
  });
  const body = document.createElement('vscode-table-body');
  body.slot = 'body';
  t.append(header, body);
  return { element: t, headerCells, body };
}

/** The table row an event happened in, if any. */
export function rowOf(event: Event): HTMLElement | null {
  return (event.target as Element).closest('vscode-table-row');
}

/** A row of text cells (text, never HTML). */
export function tableRow(cells: string[], className = ''): HTMLElement {
  const row = document.createElement('vscode-table-row');
  if (className) row.className = className;
  for (const text of cells) {
    const cell = document.createElement('vscode-table-cell');
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}
