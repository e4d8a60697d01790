// The GradLens panel's page: the message loop with the host, the panel's state (kept with
// setState across hide/show and reloads), and the layout of its parts — run header, loss chart,
// graph and gradient table in tabs, details of the selected node. An empty state tells a new user
// what to do. Every part lives in its own file; this one only wires them.

import type { HostToPanel, ResultEvent, RunEndedMessage, RunStartedMessage } from '../src/protocol';
import { LossChart } from './chart';
import { Details } from './details';
import { el } from './dom';
import { badge, button, tabs, type Tabs } from './elements';
import { formatCount, formatDuration, formatNumber } from './format';
import { GraphPanel } from './graph/graph-panel';
import { groupHolding, groupKey, inPortKey, nodeKey, outPortKey, shownGraph, type Expansion, type ShownGraph } from './graph/merge';
import type { Item } from './graph/model';
import { emptyState, fromPlain, readState, thin, toPlain, type PanelState } from './state';
import { GradTable } from './table';
import { vscodeApi } from './vscode-api';

const vscode = vscodeApi<PanelState>();
const GRAPH_TAB = 0;
const TABLE_TAB = 1;

class Panel {
  private state: PanelState;
  private shown: ShownGraph | null = null;
  /** Groups asked for and not answered yet; a node to select once its group is open. */
  private readonly pendingGroups = new Set<number>();
  private pendingSelect: number | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  private readonly empty = emptyStateView();
  private readonly main = el('div', 'panel-main');
  private readonly title = el('h1', 'run-title');
  private readonly statusBadge = badge('', 'run-status');
  private readonly summary = el('span', 'run-summary');
  private readonly errorBox = el('div', 'run-error');
  private readonly chart: LossChart;
  private readonly graph: GraphPanel;
  private readonly table: GradTable;
  private readonly details: Details;
  private readonly tabs: Tabs;

  constructor(private readonly app: HTMLElement) {
    this.state = readState(fromPlain(vscode.getState())) ?? emptyState();
    this.chart = new LossChart(
      {
        onStop: () => vscode.postMessage({ type: 'stop' }),
        onSettings: (s) => {
          this.state.ui.logScale = s.logScale;
          this.state.ui.smoothing = s.smoothing;
          this.save();
        },
      },
      { logScale: this.state.ui.logScale, smoothing: this.state.ui.smoothing },
    );
    this.graph = new GraphPanel({
      onSelect: (item) => this.selected(item),
      onExpand: (group) => this.expand(group),
      onReveal: (item) => this.reveal(item),
      onViewChange: (view) => {
        this.state.ui.view = view;
        this.save();
      },
    });
    this.table = new GradTable((key) => this.graph.select(key));
    this.details = new Details({
      onReveal: (item) => this.reveal(item),
      onExpand: (group) => this.expand(group),
      onSelect: (key) => this.graph.select(key),
    });
    this.tabs = tabs(
      [
        { title: 'Graph', panel: this.graph.element },
        { title: 'Gradients', panel: this.table.element },
      ],
      (index) => this.tabChanged(index),
    );
    this.errorBox.hidden = true;
    const header = el('header', 'run-header');
    header.append(this.title, this.statusBadge, this.summary);
    const workspace = el('div', 'workspace');
    workspace.append(this.tabs.element, this.details.element);
    this.main.append(header, this.errorBox, this.chart.element, workspace);
    this.app.replaceChildren(this.empty, this.main);
    this.restore();
    new MutationObserver(() => this.chart.recolour()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    window.addEventListener('pagehide', () => this.flush());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.flush());
  }

  handle(message: HostToPanel): void {
    // Run ids grow: a late loss, metric, result or end from a run a newer one replaced is dropped.
    // (groupView and selectNode are about the result shown, checked against its run below.)
    const ofRun = message.type === 'loss' || message.type === 'metric' || message.type === 'result' || message.type === 'runEnded';
    if (ofRun && this.state.run && message.runId < this.state.run.runId) return;
    switch (message.type) {
      case 'ping':
        vscode.postMessage({ type: 'pong', nonce: message.nonce });
        return;
      case 'runStarted':
        return this.runStarted(message);
      case 'loss':
        this.adopt(message.runId);
        this.chart.appendLoss(message.event);
        this.showChart();
        this.save();
        return;
      case 'metric':
        this.adopt(message.runId);
        this.chart.appendMetrics(message.event.names, message.event);
        this.showChart();
        this.save();
        return;
      case 'result':
        void this.result(message.runId, message.event);
        return;
      case 'runEnded':
        return this.runEnded(message);
      case 'groupView':
        if (this.state.result?.runId !== message.runId) return;
        this.pendingGroups.delete(message.group);
        void this.groupView({ group: message.group, view: message.view });
        return;
      case 'selectNode':
        if (this.state.result?.runId === message.runId) this.selectNode(message.nodeId);
        return;
    }
  }

  // ---- runs ------------------------------------------------------------------------------

  private runStarted(message: RunStartedMessage): void {
    this.state.run = { runId: message.runId, title: message.title, mode: message.mode, status: 'running', error: null, stoppedMessage: null };
    this.chart.reset(true);
    this.showChart();
    this.renderHeader();
    this.main.classList.add('stale');
    this.save();
  }

  /** Loss for a run this page did not see start (opened mid-run): take it as the current one. */
  private adopt(runId: number): void {
    if (this.state.run?.runId === runId) return;
    this.runStarted({ type: 'runStarted', runId, title: this.state.run?.title ?? 'Run', mode: 'train' });
  }

  private runEnded(message: RunEndedMessage): void {
    if (this.state.run && this.state.run.runId !== message.runId) return;
    const run = this.state.run ?? { runId: message.runId, title: 'Run', mode: 'file' as const };
    this.state.run = { ...run, status: message.status, error: message.error, stoppedMessage: message.stopped?.message ?? null };
    this.chart.ended();
    this.main.classList.remove('stale');
    this.renderHeader();
    this.save();
  }

  private async result(runId: number, event: ResultEvent): Promise<void> {
    const previous = this.state.result;
    const sameBase = previous !== null && baseSignature(previous.event) === baseSignature(event);
    // Groups opened in the previous result: reopen them in this one (same program, same groups).
    const reopen = sameBase ? this.state.expansions.map((e) => e.group) : [];
    this.state.result = { runId, event };
    this.state.expansions = sameBase ? this.state.expansions : [];
    if (!sameBase) this.state.selection = null;
    this.main.classList.remove('stale');
    this.renderHeader();
    this.shown = shownGraph(event.graph, this.state.expansions);
    this.table.setModel(null);
    this.render();
    await this.graph.show(this.shown);
    this.table.setModel(this.graph.current);
    this.refreshDetails();
    for (const group of reopen) this.requestGroup(group);
    this.save();
  }

  private async groupView(expansion: Expansion): Promise<void> {
    if (!this.state.result) return;
    const known = this.state.expansions.findIndex((e) => e.group === expansion.group);
    if (known >= 0) this.state.expansions[known] = expansion; // fresh numbers for a reopened group
    else this.state.expansions.push(expansion);
    this.shown = shownGraph(this.state.result.event.graph, this.state.expansions);
    this.graph.setStatus(null);
    await this.graph.show(this.shown, { focus: known >= 0 ? null : insideKeys(expansion) });
    this.table.setModel(this.graph.current);
    if (this.pendingSelect !== null) {
      const id = this.pendingSelect;
      this.pendingSelect = null;
      this.selectNode(id);
    }
    this.save();
  }

  private expand(group: number): void {
    const info = this.shown?.groups.get(group);
    if (!info || !this.state.result) return;
    this.graph.setStatus(`Opening ${info.label} (${formatCount(info.count)} nodes)…`);
    this.requestGroup(group);
  }

  private requestGroup(group: number): void {
    if (!this.state.result || this.pendingGroups.has(group)) return;
    this.pendingGroups.add(group);
    vscode.postMessage({ type: 'expandGroup', runId: this.state.result.runId, group });
  }

  /** "Show in graph": select the node, opening the group that holds it if needed. */
  private selectNode(nodeId: number): void {
    if (!this.shown) return;
    this.tabs.selected = GRAPH_TAB;
    this.tabChanged(GRAPH_TAB);
    if (this.shown.nodes.has(nodeId)) {
      this.graph.select(nodeKey(nodeId));
      this.graph.focusCanvas();
      return;
    }
    const binding = this.state.result?.event.bindings.find((b) => b.nodeId === nodeId);
    const holder = groupHolding(this.shown, nodeId, binding?.loc ?? null);
    if (holder) {
      this.pendingSelect = nodeId;
      this.expand(holder.id);
    } else this.graph.setStatus(`Node #${nodeId} is not in the graph shown.`);
  }

  // ---- selection and source --------------------------------------------------------------

  private selected(item: Item | null): void {
    this.state.selection = item?.key ?? null;
    this.details.show(item, this.graph.current, this.state.result?.event.bindings ?? []);
    this.table.select(item?.key ?? null);
    this.save();
  }

  private refreshDetails(): void {
    const key = this.state.selection;
    if (key && this.graph.item(key)) this.graph.select(key, false);
    else this.details.show(null, null, []);
  }

  private reveal(item: Item): void {
    const node = item.node;
    if (!node?.loc || !this.state.result) return;
    const { loc } = node;
    vscode.postMessage({ type: 'revealNode', runId: this.state.result.runId, nodeId: node.id, file: loc.file ?? null, line: loc.line, col: loc.col, endLine: loc.endLine, endCol: loc.endCol });
  }

  private tabChanged(index: number): void {
    this.state.ui.tab = index;
    this.table.setVisible(index === TABLE_TAB);
    this.save();
  }

  // ---- rendering ---------------------------------------------------------------------------

  private render(): void {
    const hasAnything = this.state.run !== null || this.state.result !== null;
    this.empty.hidden = hasAnything;
    this.main.hidden = !hasAnything;
  }

  private showChart(): void {
    const run = this.state.run;
    const show = this.chart.points >= 2 || (run?.status === 'running' && run.mode === 'train');
    this.chart.element.hidden = !show;
    this.render();
  }

  private renderHeader(): void {
    const run = this.state.run;
    const result = this.state.result?.event;
    this.title.textContent = run?.title ?? 'GradLens';
    const status = run?.status ?? (result ? 'completed' : '');
    this.statusBadge.textContent = status;
    this.statusBadge.hidden = status === '';
    this.statusBadge.className = `run-status status-${status}`;
    const parts: string[] = [];
    if (result) {
      const root = result.graph.nodes.find((n) => n.id === result.graph.root);
      const reason = { expression: 'the expression', backward: 'the last backward()', 'last-expression': 'the last expression', 'last-variable': 'the last variable' }[result.rootReason];
      if (root) parts.push(`root ${root.label || root.op || `#${root.id}`} = ${formatNumber(root.data ?? root.summary?.mean ?? null)} (${reason})`);
      parts.push(`${formatCount(result.graph.totalNodes)} nodes`);
      parts.push(`run ${formatDuration(result.timings.runMs)}`);
      if (result.partial) parts.push('partial: stopped mid-run');
    }
    this.summary.textContent = parts.join(' · ');
    const error = run?.error;
    const stopped = run?.status === 'stopped' ? run.stoppedMessage : null;
    this.errorBox.hidden = !error && !stopped;
    this.errorBox.classList.toggle('is-error', Boolean(error));
    if (error) {
      const where = error.line !== null ? `line ${error.line + 1}${error.file ? ` of ${error.file.split(/[\\/]/).pop()}` : ''}: ` : '';
      this.errorBox.textContent = `${where}${error.message}`;
    } else if (stopped) this.errorBox.textContent = stopped;
    this.render();
  }

  // ---- state -------------------------------------------------------------------------------

  private restore(): void {
    const { run, result, loss, ui } = this.state;
    this.renderHeader();
    this.chart.reset(false);
    if (loss.steps.length > 0) this.chart.appendLoss(loss);
    if (loss.metrics.steps.length > 0) this.chart.appendMetrics(loss.metrics.names, loss.metrics);
    this.chart.ended();
    if (run?.status === 'running') run.status = 'stopped'; // the page was reloaded; the host will say more
    this.showChart();
    this.tabs.selected = ui.tab;
    this.table.setVisible(ui.tab === TABLE_TAB);
    if (result) {
      this.shown = shownGraph(result.event.graph, this.state.expansions);
      void this.graph.show(this.shown, { view: ui.view }).then(() => {
        this.table.setModel(this.graph.current);
        this.refreshDetails();
      });
    }
    this.render();
  }

  private save(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 500);
  }

  private flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const saved = this.chart.saved();
    this.state.loss = thin(saved);
    vscode.setState(toPlain(this.state));
  }
}

/** The groups of a result's top-level view: equal means "the same program, the same groups". */
function baseSignature(event: ResultEvent): string {
  return event.graph.groups.map((g) => `${g.id}:${g.label}:${g.count}`).join('|');
}

/** The items an opened group became (to show them). */
function insideKeys({ group, view }: Expansion): string[] {
  return [...view.nodes.map((n) => nodeKey(n.id)), ...view.groups.map((g) => groupKey(g.id)), inPortKey(group), outPortKey(group)];
}

function emptyStateView(): HTMLElement {
  const section = el('section', 'empty-state');
  const title = el('h1', '', 'GradLens');
  const lead = el('p', 'lead', 'See how gradients flow through your TypeScript.');
  const steps = el('ol');
  steps.append(
    el('li', '', 'Write code with the gradlens engine: import { Value } from "gradlens", or torch for tensors.'),
    el('li', '', 'Select an expression (or nothing, for the whole file) and run "GradLens: Compute gradients".'),
    el('li', '', 'Or click "Train this model" above a training loop to watch the loss live.'),
  );
  const hint = el('p', '', 'The graph of the result appears here: every node with its data and gradient, the loss per step, and a table of all gradients.');
  const example = button('Open an example', () => vscode.postMessage({ type: 'runExample' }), { secondary: true });
  section.append(title, lead, steps, hint, example);
  return section;
}

const panel = new Panel(document.getElementById('app')!);
window.addEventListener('message', (event: MessageEvent<HostToPanel>) => panel.handle(event.data));
vscode.postMessage({ type: 'ready' });
