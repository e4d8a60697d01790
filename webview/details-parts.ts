// Parts of a selected node's details that the panel (details.ts) and a notebook cell
// (notebook/cell-details.ts) show alike: a closed group, the term–value list, a tensor's summary
// in words, and the inputs with their local derivatives. Text only.

import type { Summary, ViewGroup, ViewNode } from '../src/protocol';
import { el } from './dom';
import { button } from './elements';
import { formatCount, formatPrecise } from './format';
import { localGrads } from './graph/local-grad';
import { nodeKey } from './graph/merge';
import { opKey, type GraphModel } from './graph/model';

/** A closed group: its size, ops and largest gradient, with the button that opens it. `line` words its line. */
export function groupSection(g: ViewGroup, line: (loc: NonNullable<ViewGroup['loc']>) => string, onOpen: (group: number) => void): HTMLElement[] {
  const ops = Object.entries(g.ops).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${op} ${formatCount(n)}`).join(', ');
  const rows: [string, string][] = [['nodes', formatCount(g.count)], ['ops', ops], ['max |grad|', formatPrecise(g.maxAbsGrad)]];
  if (g.nonFinite > 0) rows.push(['NaN/Inf', formatCount(g.nonFinite)]);
  if (g.loc) rows.push(['line', line(g.loc)]);
  return [
    el('h2', '', g.label),
    el('p', 'details-role', 'group (collapsed)'),
    definitionList(rows),
    button('Open', () => onOpen(g.id), { className: 'reveal-button', title: 'Show the nodes inside (click the group, or Enter)' }),
  ];
}

export function definitionList(rows: [string, string][]): HTMLElement {
  const dl = el('dl', 'details-list');
  for (const [term, value] of rows) dl.append(el('dt', '', term), el('dd', '', value));
  return dl;
}

/** "min -1, max 2, mean 0.5, ‖·‖ 3" (and how many entries are NaN or ±Inf). */
export function summaryText(s: Summary): string {
  const text = `min ${formatPrecise(s.min)}, max ${formatPrecise(s.max)}, mean ${formatPrecise(s.mean)}, ‖·‖ ${formatPrecise(s.norm)}`;
  return s.nonFinite > 0 ? `${text}, ${formatCount(s.nonFinite)} NaN/Inf` : text;
}

/**
 * "Inputs and local derivatives": each shown input of the node's op as a link (`onSelect` gets
 * its item key) with ∂node/∂input and the rule; nothing when the op has no shown inputs.
 */
export function inputsSection(node: ViewNode, model: GraphModel, onSelect: (key: string) => void): HTMLElement[] {
  const inputs = inputsOf(node, model);
  if (inputs.length === 0) return [];
  const grads = localGrads(node, inputs);
  const list = el('ul', 'details-inputs');
  inputs.forEach((input, k) => {
    const name = input.node.label || `#${input.node.id}`;
    const link = input.key === null ? el('span', 'details-outside', name) : el('button', 'link', name);
    if (input.key === null) {
      link.title = 'Outside this group (not shown): its numbers come with the group';
    } else {
      (link as HTMLButtonElement).type = 'button';
      link.title = 'Select this input';
      link.addEventListener('click', () => onSelect(input.key!));
    }
    const g = grads?.[k];
    const text = g && g.value !== null
      ? ` ∂${node.label || 'out'}/∂${input.node.label || 'x'} = ${formatPrecise(g.value)}  (${g.formula})`
      : node.kind === 'tensor' ? ' (tensor op: its local derivative is a Jacobian)' : '';
    const li = el('li');
    li.append(link, document.createTextNode(text + (input.uses > 1 ? `  · used ${input.uses}×` : '') + (input.key === null ? '  · outside this group' : '')));
    list.append(li);
  });
  return [el('h3', '', 'Inputs and local derivatives'), list];
}

interface Input {
  /** Its item, to select; null for an input outside the opened group (not shown). */
  key: string | null;
  node: ViewNode;
  uses: number;
}

/**
 * The value nodes feeding the node's op, with how many edges each stands for: the shown ones,
 * and — for a node of an opened group — those outside the group, as its view describes them.
 */
function inputsOf(node: ViewNode, model: GraphModel): Input[] {
  const result: Input[] = [];
  for (const link of model.links) {
    if (link.to !== opKey(node.id)) continue;
    const i = model.index.get(link.from);
    const from = i === undefined ? null : model.items[i];
    if (from?.node && from.kind === 'value') result.push({ key: from.key, node: from.node, uses: Math.max(1, link.count) });
  }
  const shown = new Set(result.map((r) => r.node.id));
  const outside = new Map(model.opened.flatMap(({ view }) => (view.outsideInputs ?? []).map((n) => [n.id, n] as const)));
  const uses = new Map<number, number>();
  for (const id of node.inputs ?? []) if (!shown.has(id) && outside.has(id)) uses.set(id, (uses.get(id) ?? 0) + 1);
  // Shown elsewhere (inside another opened group, its edge drawn from a port): still selectable.
  for (const [id, count] of uses) result.push({ key: model.index.has(nodeKey(id)) ? nodeKey(id) : null, node: outside.get(id)!, uses: count });
  return result.sort((a, b) => a.node.id - b.node.id);
}
