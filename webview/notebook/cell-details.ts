// The selected node of a cell's graph: its op, data, grad, shape, the cell line that made it, and
// the local derivative with respect to each input (a link selects that input). The panel's
// details (webview/details.ts) also checks gradients and asks "what if", which need the run's
// process; a cell's output has only its recorded graph, so it has this smaller view. Text only.

import type { ViewNode } from '../../src/protocol';
import { el } from '../dom';
import { button } from '../elements';
import { formatCount, formatPrecise, formatShape, opSymbol } from '../format';
import { localGrads } from '../graph/local-grad';
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
    if (item.kind === 'group' && item.group) this.element.replaceChildren(...this.group(item));
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

    const inputs = inputsOf(node, model);
    if (inputs.length > 0) {
      parts.push(el('h3', '', 'Inputs and local derivatives'));
      const grads = localGrads(node, inputs);
      const list = el('ul', 'details-inputs');
      inputs.forEach((input, k) => {
        const li = el('li');
        const link = el('button', 'link', input.node.label || `#${input.node.id}`);
        link.type = 'button';
        link.title = 'Select this input';
        link.addEventListener('click', () => this.hooks.onSelect(input.key));
        const g = grads?.[k];
        const text = g && g.value !== null
          ? ` ∂${node.label || 'out'}/∂${input.node.label || 'x'} = ${formatPrecise(g.value)}  (${g.formula})`
          : node.kind === 'tensor' ? ' (tensor op: its local derivative is a Jacobian)' : '';
        li.append(link, document.createTextNode(text + (input.uses > 1 ? `  · used ${input.uses}×` : '')));
        list.append(li);
      });
      parts.push(list);
    }
    return parts;
  }

  private group(item: Item): HTMLElement[] {
    const g = item.group!;
    const ops = Object.entries(g.ops).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${formatCount(n)}`).join(', ');
    const rows: [string, string][] = [['nodes', formatCount(g.count)], ['ops', ops], ['max |grad|', formatPrecise(g.maxAbsGrad)]];
    if (g.nonFinite > 0) rows.push(['NaN/Inf', formatCount(g.nonFinite)]);
    if (g.loc) rows.push(['line', lineText(g.loc)]);
    return [
      el('h2', '', g.label),
      el('p', 'details-role', 'group (collapsed)'),
      definitionList(rows),
      button('Open', () => this.hooks.onExpand(g.id), { className: 'reveal-button', title: 'Show the nodes inside (click the group, or Enter)' }),
    ];
  }
}

/** Where a node was made: a line of this cell, or of another one (the host names it: "cell 2"). */
export function lineText(loc: { line: number; file?: string }): string {
  return loc.file ? `${loc.line + 1} of ${loc.file}` : `${loc.line + 1} of this cell`;
}

interface Input {
  key: string;
  node: ViewNode;
  uses: number;
}

/** The shown value nodes feeding the node's op, with how many edges each stands for. */
function inputsOf(node: ViewNode, model: GraphModel): Input[] {
  const result: Input[] = [];
  for (const link of model.links) {
    if (link.to !== `o${node.id}`) continue;
    const i = model.index.get(link.from);
    const from = i === undefined ? null : model.items[i];
    if (from?.node && from.kind === 'value') result.push({ key: from.key, node: from.node, uses: Math.max(1, link.count) });
  }
  return result.sort((a, b) => a.node.id - b.node.id);
}

function roleText(item: Item, node: ViewNode): string {
  switch (item.role) {
    case 'root': return `root (the cell's result) · ${node.op || 'leaf'}`;
    case 'param': return 'parameter (leaf)';
    case 'leaf': return 'leaf (input or constant)';
    default: return `computed by ${node.op}`;
  }
}

function summaryText(s: NonNullable<ViewNode['summary']>): string {
  const text = `min ${formatPrecise(s.min)}, max ${formatPrecise(s.max)}, mean ${formatPrecise(s.mean)}, ‖·‖ ${formatPrecise(s.norm)}`;
  return s.nonFinite > 0 ? `${text}, ${formatCount(s.nonFinite)} NaN/Inf` : text;
}

function definitionList(rows: [string, string][]): HTMLElement {
  const dl = el('dl', 'details-list');
  for (const [term, value] of rows) dl.append(el('dt', '', term), el('dd', '', value));
  return dl;
}
