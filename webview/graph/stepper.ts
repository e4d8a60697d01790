// The backward stepper: replays backward() node by node (backward-steps.ts) — the node whose turn
// it is selected in the graph, its local rule with the run's numbers written out, a `+=` where
// an input already had a gradient from an earlier step. First / Back / Next / Play, and the
// keyboard on the bar (← →, Home End, Space). On a graph shown node by node it replays the whole
// backward(); on a grouped one, the nodes of the group last opened (one shown node by node).

import { el } from '../dom';
import { button } from '../elements';
import { formatPrecise } from '../format';
import { backwardSteps, groupSteps, type BackwardStep } from './backward-steps';
import type { ViewNode } from '../../src/protocol';
import type { GraphModel } from './model';

const PLAY_MS = 900;

export interface StepperHooks {
  /** Select the node whose turn it is (its item key). */
  onNode(key: string): void;
}

export class BackwardStepper {
  readonly element = el('section', 'stepper');
  private readonly text = el('div', 'stepper-text');
  private readonly position = el('span', 'stepper-position');
  private readonly play: HTMLElement;
  private steps: BackwardStep[] = [];
  private at = 0;
  /** Which opened group the steps are in ('' for the whole graph). */
  private where = '';
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly hooks: StepperHooks) {
    this.element.tabIndex = 0;
    this.element.setAttribute('aria-label', 'Step through backward(): arrow keys move, Space plays');
    this.text.setAttribute('aria-live', 'polite');
    this.play = button('▶', () => this.toggle(), { secondary: true, title: 'Play (Space)' });
    const controls = el('div', 'stepper-controls');
    controls.append(
      el('strong', '', 'backward()'),
      button('|◀', () => this.go(0), { secondary: true, title: 'First step (Home)' }),
      button('◀', () => this.go(this.at - 1), { secondary: true, title: 'Back (←)' }),
      this.play,
      button('▶|', () => this.go(this.at + 1), { secondary: true, title: 'Next (→)' }),
      this.position,
    );
    this.element.append(controls, this.text);
    this.element.hidden = true;
    this.element.addEventListener('keydown', (event) => this.onKey(event));
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** Starts (or restarts) on `model`; says why not when it cannot. */
  start(model: GraphModel | null): void {
    this.stop();
    this.element.hidden = false;
    const grouped = model !== null && model.collapsed.groups > 0;
    const group = grouped ? model.opened.findLast((e) => e.view.groups.length === 0) : undefined;
    const steps = !model || (grouped && !group) ? null : group ? groupSteps(group.view) : backwardSteps(wholeGraph(model), Number(model.rootKey.slice(1)));
    this.steps = steps ?? [];
    if (!steps || steps.length === 0) {
      this.position.textContent = '';
      const why = grouped && !group
        ? model.opened.length === 0
          ? 'This graph is grouped: open a group to step through its nodes.'
          : 'Open a group that shows its nodes one by one (one inside the group you opened) to step through it.'
        : steps === null
          ? 'This result does not say which input goes where (it came from an older GradLens): run it again to step through it.'
          : 'Nothing to step through: no op here passes a gradient on.';
      this.text.replaceChildren(el('p', 'details-hint', why));
      return;
    }
    const label = group ? model!.items.find((i) => i.kind === 'port' && i.id === group.group)?.group?.label : undefined;
    this.where = group ? ` — inside ${label ?? `group ${group.group}`}` : '';
    this.go(0);
    this.element.focus();
  }

  close(): void {
    this.stop();
    this.element.hidden = true;
  }

  private go(index: number): void {
    if (this.steps.length === 0) return;
    this.at = Math.max(0, Math.min(this.steps.length - 1, index));
    const step = this.steps[this.at];
    this.position.textContent = `step ${this.at + 1} of ${this.steps.length}${this.where}`;
    this.text.replaceChildren(...describe(step));
    this.hooks.onNode(`n${step.node.id}`);
    if (this.at === this.steps.length - 1) this.stop();
  }

  private toggle(): void {
    if (this.timer) return this.stop();
    if (this.at >= this.steps.length - 1) this.go(0);
    this.play.textContent = '||';
    this.timer = setInterval(() => this.go(this.at + 1), PLAY_MS);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = '▶';
  }

  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, () => void> = {
      ArrowRight: () => this.go(this.at + 1),
      ArrowLeft: () => this.go(this.at - 1),
      Home: () => this.go(0),
      End: () => this.go(this.steps.length - 1),
      ' ': () => this.toggle(),
      Escape: () => this.close(),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  }
}

/** "c = a·b, so ∂c/∂a = b = 3; a.grad += c.grad · 3 = 1 · 3 → 4". */
function describe(step: BackwardStep): HTMLElement[] {
  const name = (n: { label: string; id: number }): string => n.label || `#${n.id}`;
  const out = name(step.node);
  const parts: HTMLElement[] = [el('p', 'stepper-head', `${out} = ${step.node.op}(${step.contributions.map((c) => name(c.input)).join(', ')}) — its grad is complete: ${formatPrecise(step.grad)}`)];
  for (const c of step.contributions) {
    const input = name(c.input);
    const product = `${out}.grad · ${formatPrecise(c.local)} = ${formatPrecise(step.grad)} · ${formatPrecise(c.local)}`;
    const line = c.local === null
      ? `${input}: ${c.formula}`
      : c.total === null
        ? `∂${out}/∂${input} = ${c.formula} = ${formatPrecise(c.local)}; ${input}.grad += ${product} = ${formatPrecise(c.added)}`
        : `∂${out}/∂${input} = ${c.formula} = ${formatPrecise(c.local)}; ${input}.grad ${c.accumulated ? '+=' : '='} ${product} → ${formatPrecise(c.total)}`;
    const note = c.local !== null && c.total === null ? '  (nodes outside this group add to it too)' : c.accumulated ? '  (added to what it already had: a second use)' : '';
    parts.push(el('p', c.accumulated ? 'stepper-line is-accumulated' : 'stepper-line', line + note));
  }
  return parts;
}

/** Every node of a graph shown node by node, by id. */
function wholeGraph(model: GraphModel): Map<number, ViewNode> {
  return new Map(model.items.filter((i) => i.kind === 'value' && i.node).map((i) => [i.id, i.node!]));
}
