// The selected node's details: op, data, grad, shape and summaries, the local derivative with
// respect to each input (clickable, to walk the graph), the variables bound to it, and a button
// that reveals the line that created it; for a scalar leaf, its value to type or drag (what if).
// Everything is text.

import type { Binding, GradcheckAnswer, ViewNode } from '../src/protocol';
import { definitionList, groupSection, inputsSection, summaryText } from './details-parts';
import { el } from './dom';
import { button } from './elements';
import { formatPrecise, formatShape, opSymbol } from './format';
import { gradcheckSection } from './gradcheck-view';
import type { GraphModel, Item } from './graph/model';
import { LatestOnly, scrubNumber, type ScrubNumber } from './scrub-number';

export interface DetailsHooks {
  onReveal(item: Item): void;
  onExpand(groupId: number): void;
  onCollapse(groupId: number): void;
  onSelect(key: string): void;
  /** Check a leaf's gradient (its node id), or every leaf's (null). */
  onCheck(nodeId: number | null): void;
  /** What if this scalar leaf held `value` (null: back to the run's values for every leaf)? */
  onWhatIf(nodeId: number, value: number | null): void;
}

export class Details {
  readonly element: HTMLElement;
  /** The shown node's check section, waiting for its answer. */
  private check: ReturnType<typeof gradcheckSection> | null = null;
  /**
   * The shown leaf's what-if field, kept while the same node is shown: each answer redraws the
   * pane, and a drag or the keyboard's focus must go on through it.
   */
  private whatIfField: { nodeId: number; section: HTMLElement; input: HTMLInputElement; scrub: ScrubNumber; requests: LatestOnly<number | null> } | null = null;

  constructor(private readonly hooks: DetailsHooks) {
    this.element = el('aside', 'details');
    this.element.setAttribute('aria-live', 'polite');
    this.show(null, null, []);
  }

  /** A check's answer (or why there is none), shown if its node is still the one in the pane. */
  showCheck(nodeId: number | null, answer: GradcheckAnswer | null, why?: string): void {
    this.check?.show(nodeId, answer, why);
  }

  show(item: Item | null, model: GraphModel | null, bindings: Binding[]): void {
    this.check = null;
    const field = this.whatIfField;
    const typing = field !== null && document.activeElement === field.input;
    if (!item || !model) {
      this.dropWhatIf();
      this.element.replaceChildren(el('p', 'details-hint', 'Click a node (or use the arrow keys in the graph) to see its op, data, gradient and local derivatives.'));
      return;
    }
    const parts: HTMLElement[] = [];
    if (item.kind === 'group' && item.group) parts.push(...groupSection(item.group, (loc) => String(loc.line + 1), (id) => this.hooks.onExpand(id)));
    else if (item.kind === 'port' && item.group) {
      const g = item.group;
      const into = item.key.startsWith('i');
      parts.push(el('h2', '', item.cells[0]));
      parts.push(el('p', 'details-role', `${into ? 'entry' : 'exit'} of the opened group ${g.label}`));
      parts.push(el('p', 'details-hint', into
        ? `What ${g.label} takes from outside comes in here. The dashed lines go to the parts inside where it enters.`
        : `What ${g.label} gives to the rest of the graph leaves here.`));
      parts.push(button(`Close ${g.label}`, () => this.hooks.onCollapse(g.id), { className: 'reveal-button', title: 'Collapse it into one box again' }));
    } else if (item.node) parts.push(...this.node(item, item.node, model, bindings));
    if (this.whatIfField && !parts.includes(this.whatIfField.section)) this.dropWhatIf();
    this.element.replaceChildren(...parts);
    // Redrawn for an answer while the field had the keyboard: it keeps it.
    if (typing && this.whatIfField === field) field.input.focus({ preventScroll: true });
  }

  private node(item: Item, node: ViewNode, model: GraphModel, bindings: Binding[]): HTMLElement[] {
    const parts: HTMLElement[] = [];
    const title = el('h2', '', node.label || `#${node.id}`);
    parts.push(title);
    const role = item.role === 'op' ? `op ${opSymbol(node.op)} computing ${node.label || `#${node.id}`}` : roleText(item, node);
    parts.push(el('p', 'details-role', role));
    if (node.nonFinite) parts.push(el('p', 'details-warning', 'NaN or ±Inf in its data or gradient.'));

    const rows: [string, string][] = [['op', node.op || '— (leaf)']];
    if (node.kind === 'tensor') {
      rows.push(['shape', formatShape(node.shape)]);
      if (node.data !== null) rows.push(['data', formatPrecise(node.data)], ['grad', formatPrecise(node.grad)]);
      else {
        if (node.summary) rows.push(['data', summaryText(node.summary)]);
        rows.push(['grad', node.gradSummary ? summaryText(node.gradSummary) : 'none']);
      }
    } else {
      rows.push(['data', formatPrecise(node.data)], ['grad', formatPrecise(node.grad)]);
    }
    rows.push(['id', `#${node.id}`]);
    if (node.loc) rows.push(['line', `${node.loc.line + 1}${node.loc.file ? ` of ${baseName(node.loc.file)}` : ''}`]);
    parts.push(definitionList(rows));

    parts.push(...inputsSection(node, model, (key) => this.hooks.onSelect(key)));

    if (node.isLeaf && node.requiresGrad && item.role !== 'op') {
      if (node.data !== null) parts.push(this.whatIf(node));
      this.check = gradcheckSection(node.id, { onCheck: (id) => this.hooks.onCheck(id) });
      parts.push(this.check.element);
    }

    const bound = bindings.filter((b) => b.nodeId === node.id);
    if (bound.length > 0) parts.push(el('p', 'details-bound', `Bound to ${bound.map((b) => `${b.name} (line ${b.loc.line + 1})`).join(', ')}`));
    if (node.loc) parts.push(button(`Go to line ${node.loc.line + 1}`, () => this.hooks.onReveal(item), { className: 'reveal-button' }));
    return parts;
  }

  /**
   * "What if it were …": a number for this leaf, typed, dragged or stepped with ↑/↓; the graph
   * recomputes in the run's process, one request at a time (the newest value wins). The same node
   * shown again (the answer drawn) keeps its field.
   */
  private whatIf(node: ViewNode): HTMLElement {
    const kept = this.whatIfField;
    if (kept?.nodeId === node.id) {
      kept.requests.answered();
      if (kept.requests.idle) kept.scrub.show(node.data!);
      return kept.section;
    }
    this.dropWhatIf();
    const section = el('section', 'what-if');
    const label = el('label', 'what-if-label', 'What if data = ');
    const input = el('input', 'what-if-input');
    input.type = 'number';
    input.step = 'any';
    input.value = String(node.data);
    input.title = 'Drag left or right to change it (Shift: faster, Alt: slower), ↑/↓ to step it, or click to type one';
    input.setAttribute('aria-label', `What if ${node.label || `#${node.id}`} held another value: type a number and press Enter, or step it with the up and down arrows; the graph recomputes`);
    const requests = new LatestOnly<number | null>((value) => this.hooks.onWhatIf(node.id, value));
    const scrub = scrubNumber(input, (value) => requests.push(value));
    label.append(input);
    const reset = button('Reset', () => requests.push(null), { secondary: true, title: "Back to the run's values" });
    section.append(label, reset, el('p', 'details-hint', 'Drag the number, or type one. Forward and backward recompute from the recorded graph: your code does not run again.'));
    this.whatIfField = { nodeId: node.id, section, input, scrub, requests };
    return section;
  }

  private dropWhatIf(): void {
    this.whatIfField?.scrub.dispose();
    this.whatIfField?.requests.dispose();
    this.whatIfField = null;
  }
}

function roleText(item: Item, node: ViewNode): string {
  switch (item.role) {
    case 'root': return `root (the loss) · ${node.op || 'leaf'}`;
    case 'param': return 'parameter (leaf)';
    case 'leaf': return 'leaf (input or constant)';
    default: return `computed by ${node.op}`;
  }
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
