// The selected node of a cell's graph: its op, data, grad, shape, the cell line that made it, and
// the local derivative with respect to each input (a link selects that input). The panel's
// details (webview/details.ts) also checks gradients and asks "what if", which need the run's
// process; a cell's output has only its recorded graph, so it has this smaller view. Text only.

import type { ViewNode } from '../../src/protocol';
import { definitionList, groupSection, inputsSection, summaryText } from '../details-parts';
import { el } from '../dom';
import { button } from '../elements';
import { formatPrecise, formatShape, opSymbol } from '../format';
import type { GraphModel, Item } from '../graph/model';

export interface CellDetailsHooks {
  onSelect(key: string): void;
  onExpand(group: number): void;
  onCollapse(group: number): void;
}

export class CellDetails {
  readonly element = el('aside', 'details cell-details');

  constructor(private readonly hooks: CellDetailsHooks) {
    this.element.setAttribute('aria-live', 'polite');
    this.element.setAttribute('aria-label', 'Selected node');
    this.show(null, null);
  }

  show(item: Item | null, model: GraphModel | null): void {
    if (!item || !model) {
      this.element.replaceChildren(el('p', 'details-hint', 'Click a node (or focus the graph and use the arrow keys) to see its data, gradient and local derivatives.'));
      return;
    }
    if (item.kind === 'group' && item.group) this.element.replaceChildren(...groupSection(item.group, lineText, (id) => this.hooks.onExpand(id)));
    else if (item.kind === 'port' && item.group) {
      const g = item.group;
      this.element.replaceChildren(
        el('h2', '', item.cells[0]),
        el('p', 'details-role', `${item.key.startsWith('i') ? 'entry' : 'exit'} of the opened group ${g.label}`),
        button(`Close ${g.label}`, () => this.hooks.onCollapse(g.id), { className: 'reveal-button', title: 'Collapse it into one box again' }),
      );
    } else if (item.node) this.element.replaceChildren(...this.node(item, item.node, model));
  }

  private node(item: Item, node: ViewNode, model: GraphModel): HTMLElement[] {
    const name = node.label || `#${node.id}`;
    const parts: HTMLElement[] = [el('h2', '', name)];
    parts.push(el('p', 'details-role', item.role === 'op' ? `op ${opSymbol(node.op)} computing ${name}` : roleText(item, node)));
    if (node.nonFinite) parts.push(el('p', 'details-warning', 'NaN or ±Inf in its data or gradient.'));
    const rows: [string, string][] = [['op', node.op || '— (leaf)']];
    if (node.kind === 'tensor') rows.push(['shape', formatShape(node.shape)]);
    if (node.data !== null || node.kind !== 'tensor') rows.push(['data', formatPrecise(node.data)], ['grad', formatPrecise(node.grad)]);
    else {
      if (node.summary) rows.push(['data', summaryText(node.summary)]);
      rows.push(['grad', node.gradSummary ? summaryText(node.gradSummary) : 'none']);
    }
    rows.push(['id', `#${node.id}`]);
    if (node.loc) rows.push(['line', lineText(node.loc)]);
    parts.push(definitionList(rows));

    parts.push(...inputsSection(node, model, (key) => this.hooks.onSelect(key)));
    return parts;
  }
}

/** Where a node was made: a line of this cell, or of another one (the host names it: "cell 2"). */
export function lineText(loc: { line: number; file?: string }): string {
  return loc.file ? `${loc.line + 1} of ${loc.file}` : `${loc.line + 1} of this cell`;
}

function roleText(item: Item, node: ViewNode): string {
  switch (item.role) {
    case 'root': return `root (the cell's result) · ${node.op || 'leaf'}`;
    case 'param': return 'parameter (leaf)';
    case 'leaf': return 'leaf (input or constant)';
    default: return `computed by ${node.op}`;
  }
}
