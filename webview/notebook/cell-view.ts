// One cell's GradLens output in the notebook: which run it is and the root's value and gradient,
// the loss chart while and after it trains (the panel's LossChart, fed the new losses of each
// output), the graph (the panel's GraphPanel: the same model, layout worker and drawing) and the
// selected node's details. Outputs of the same run (a training cell's live outputs, then its
// final one) update it in place; another run starts it afresh.

import type { CellOutput, GraphView, ViewNode } from '../../src/protocol';
import { LossChart, type ChartSettings } from '../chart';
import { el } from '../dom';
import { formatCount, formatNumber, formatShape, setPrecision } from '../format';
import { closeGroup } from '../graph/close-group';
import { GraphPanel } from '../graph/graph-panel';
import { groupKey, insideKeys, outPortKey, shownGraph, type Expansion, type ShownGraph } from '../graph/merge';
import { rootReasonText } from '../run-view';
import { CellDetails } from './cell-details';

/** What the renderer can ask of the kernel that ran a cell. */
export interface CellKernel {
  /** The inside of a group of this output's graph; a string says why there is none. */
  expand(output: CellOutput, group: number): Promise<GraphView | string>;
}

/** The chart's settings, carried from cell to cell while the notebook is open. */
let chartSettings: ChartSettings = { logScale: false, smoothing: 0.6 };

export class CellView {
  readonly element = el('div', 'gradlens-cell');
  private readonly title = el('h2', 'cell-title');
  private readonly root = el('span', 'cell-root');
  private readonly caption = el('span', 'cell-caption');
  private readonly state = el('span', 'cell-state');
  private readonly notice = el('p', 'cell-notice');
  private readonly chartBox = el('div', 'cell-chart');
  private readonly graphBox = el('div', 'cell-graph');
  private readonly empty = el('p', 'cell-empty');
  private readonly details: CellDetails;
  private chart: LossChart | null = null;
  private graph: GraphPanel | null = null;
  private output: CellOutput | null = null;
  private shown: ShownGraph | null = null;
  private expansions: Expansion[] = [];
  private readonly opening = new Set<number>();
  /** Losses given to the chart so far, at which stride, and when the last of them arrived (ms after the first). */
  private fed = 0;
  private stride = 1;
  private fedAt = 0;
  private firstAt = 0;
  private disposed = false;

  constructor(private readonly kernel: CellKernel) {
    const header = el('div', 'cell-header');
    header.append(this.title, this.root, this.caption, this.state);
    this.notice.hidden = true;
    this.notice.setAttribute('role', 'status');
    this.graphBox.hidden = true;
    this.empty.hidden = true;
    this.details = new CellDetails({
      onSelect: (key) => this.graph?.select(key),
      onExpand: (group) => void this.expand(group),
      onCollapse: (group) => void this.collapse(group),
    });
    this.details.element.hidden = true;
    this.element.append(header, this.notice, this.chartBox, this.graphBox, this.empty, this.details.element);
  }

  /** Shows an output: of the same run, in place (chart appended, graph updated); else afresh. */
  async update(output: CellOutput): Promise<void> {
    const before = this.output;
    const sameRun = before !== null && before.session === output.session && before.execution === output.execution;
    this.output = output;
    setPrecision(output.precision);
    this.showHeader(output);
    this.showLosses(output, sameRun);

    const graph = graphOf(output);
    if (!graph) {
      this.graphBox.hidden = true;
      this.details.element.hidden = true;
      this.empty.hidden = false;
      this.empty.textContent = output.done
        ? 'No graph: the cell computed no value that tracks a gradient (a Value or a Tensor).'
        : 'The graph appears when the cell ends.';
      return;
    }
    this.empty.hidden = true;
    this.graphBox.hidden = false;
    this.details.element.hidden = false;
    const panel = this.ensureGraph();
    const sameStructure = sameRun && before !== null && graphOf(before)?.structure === graph.structure;
    if (!sameStructure) {
      this.expansions = [];
      this.hideNotice();
    }
    this.shown = shownGraph(graph, this.expansions);
    await panel.show(this.shown);
    if (this.output !== output || this.disposed) return;
    this.details.show(panel.item(panel.selection), panel.current);
    // Groups left open show the numbers of the graph they were opened in: ask again for this one's.
    if (sameStructure && before?.graph !== graph) for (const { group } of this.expansions) void this.expand(group, true);
  }

  dispose(): void {
    this.disposed = true;
    this.graph?.clear();
    this.chart = null;
    this.element.replaceChildren();
  }

  private showHeader(output: CellOutput): void {
    this.title.textContent = output.title;
    const graph = graphOf(output);
    const root = graph?.nodes.find((n) => n.id === graph.root) ?? null;
    this.root.textContent = root ? rootText(root) : '';
    const parts: string[] = [];
    if (graph && output.rootReason && output.rootReason !== 'none') parts.push(`root: ${rootReasonText(output.rootReason)}`);
    if (graph) parts.push(`${formatCount(graph.totalNodes)} nodes`);
    this.caption.textContent = parts.join(' · ');
    this.state.textContent = output.done ? '' : output.losses.length > 0 ? `running · step ${formatCount(output.losses.length)}` : 'running…';
  }

  /** The chart, for cells that called backward() more than once; new losses appended. */
  private showLosses(output: CellOutput, sameRun: boolean): void {
    const losses = output.losses;
    if (losses.length <= 1) {
      if (!sameRun && this.chart) {
        this.chartBox.replaceChildren();
        this.chart = null;
      }
      return;
    }
    const now = performance.now();
    if (!this.chart) {
      this.chart = new LossChart({ onStop: () => undefined, onSettings: (s) => (chartSettings = s) }, chartSettings);
      this.chartBox.replaceChildren(this.chart.element);
      this.fed = 0;
    }
    // A long run's losses are thinned (every lossStride-th step; the field may be absent): another
    // stride is another set of points.
    const stride = Math.max(1, Math.round((output as CellOutput & { lossStride?: number }).lossStride ?? 1));
    if (!sameRun || losses.length < this.fed || stride !== this.stride) {
      // Not running: no Stop button (the notebook has its own) and no clock.
      this.chart.reset(false);
      this.fed = 0;
      this.stride = stride;
    }
    if (this.fed === 0) this.firstAt = this.fedAt = now;
    const n = losses.length - this.fed;
    if (n <= 0) return;
    // The kernel sends losses, not their times: the new ones are spread over the time since the
    // last output (steps/s while a cell trains; a saved output has one time and shows none).
    const t0 = this.fedAt - this.firstAt;
    const t1 = now - this.firstAt;
    const steps = new Float64Array(n);
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      steps[i] = (this.fed + i) * stride + 1;
      times[i] = t0 + ((t1 - t0) * (i + 1)) / n;
    }
    this.chart.appendLoss({ steps, values: Float64Array.from(losses.slice(this.fed)), times });
    this.fed = losses.length;
    this.fedAt = now;
  }

  private ensureGraph(): GraphPanel {
    if (this.graph) return this.graph;
    this.graph = new GraphPanel({
      onSelect: (item) => this.details.show(item, this.graph?.current ?? null),
      onExpand: (group) => void this.expand(group),
      onCollapse: (group) => void this.collapse(group),
      onReveal: () => undefined,
      onViewChange: () => undefined,
    });
    this.graphBox.replaceChildren(this.graph.element);
    return this.graph;
  }

  /** Opens a group: its inside, asked of the kernel that ran the cell (`refresh`: one already open). */
  private async expand(group: number, refresh = false): Promise<void> {
    const output = this.output;
    const info = refresh ? null : this.shown?.groups.get(group);
    if (!output?.graph || !this.graph || this.opening.has(group) || (!refresh && !info)) return;
    this.opening.add(group);
    if (info) this.graph.setStatus(`Opening ${info.label} (${formatCount(info.count)} nodes)…`);
    let answer: GraphView | string;
    try {
      answer = await this.kernel.expand(output, group);
    } finally {
      this.opening.delete(group);
    }
    if (this.disposed || !this.output?.graph || this.output.session !== output.session || this.output.execution !== output.execution) return;
    this.graph.setStatus(null);
    if (typeof answer === 'string') {
      if (!refresh) this.showNotice(answer);
      return;
    }
    this.hideNotice();
    const known = this.expansions.findIndex((e) => e.group === group);
    if (known >= 0) this.expansions[known] = { group, view: answer };
    else if (!refresh) this.expansions.push({ group, view: answer });
    else return; // closed meanwhile
    this.shown = shownGraph(this.output.graph, this.expansions);
    await this.graph.show(this.shown, { focus: known >= 0 ? null : { keys: insideKeys({ group, view: answer }), anchor: outPortKey(group) } });
    this.details.show(this.graph.item(this.graph.selection), this.graph.current);
  }

  /** Closes an opened group (and those opened inside it): its box again, selected. */
  private async collapse(group: number): Promise<void> {
    const graph = this.output?.graph;
    if (!graph || !this.graph) return;
    this.expansions = closeGroup(graph, this.expansions, group);
    this.shown = shownGraph(graph, this.expansions);
    await this.graph.show(this.shown, { focus: { keys: [groupKey(group)], anchor: null } });
    if (this.graph.item(groupKey(group))) this.graph.select(groupKey(group), false);
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  private hideNotice(): void {
    this.notice.hidden = true;
  }
}

/** The output's graph; null also for the empty graph of a cell that computed none (rootReason 'none'). */
function graphOf(output: CellOutput): GraphView | null {
  const graph = output.graph;
  return graph && graph.nodes.length + graph.groups.length > 0 ? graph : null;
}

/** "loss = 0.3124 · grad 1.0000", or a tensor's shape and gradient norm. */
function rootText(root: ViewNode): string {
  const name = root.label || root.op || `#${root.id}`;
  if (root.data === null) return `${name} ${formatShape(root.shape)} · ‖grad‖ ${formatNumber(root.gradSummary?.norm ?? null)}`;
  return `${name} = ${formatNumber(root.data)} · grad ${formatNumber(root.grad)}`;
}
