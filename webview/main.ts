// The GradLens panel's page: the message loop with the host, the panel's state (kept with
// setState across hide/show and reloads), and the layout of its parts — run header, loss chart,
// graph, gradient table and console output in tabs, details of the selected node. An empty state tells a new user
// what to do. Every part lives in its own file; this one only wires them.
// Everything on screen belongs to the current run: a new run clears the graph, the table, the
// details and the selection at once, and a notice says what the run is doing until its first
// graph — live while it trains (the latest finished step, a few times a second), then its result.
// Views of one structure (the worker says so) keep the layout, the opened groups and the selection.

import type { Binding, CursorMessage, GraphView, HostToPanel, LiveEvent, PanelShown, ResultEvent, RunEndedMessage, RunStartedMessage, StepView, WhatIfView } from '../src/protocol';
import { BoundaryView } from './boundary';
import { LossChart } from './chart';
import { Details } from './details';
import { el } from './dom';
import { badge, button, tabs, type Tabs } from './elements';
import { formatCount, getPrecision, setPrecision } from './format';
import { closeGroup } from './graph/close-group';
import { GraphPanel } from './graph/graph-panel';
import { closedGroupHolding, groupKey, insideKeys, nodeKey, outPortKey, shownGraph, type Expansion, type ShownGraph } from './graph/merge';
import type { Item } from './graph/model';
import { RunNotice } from './run-notice';
import { Scrubber } from './scrubber';
import { OutputView } from './output';
import { liveOutcome, noticeFor, outcomeFor, scrubOutcome, statusText, summaryText } from './run-view';
import { emptyState, fromPlain, readState, startRun, thin, toPlain, type PanelState } from './state';
import { HealthView } from './health';
import { GradTable } from './table';
import { restoreNonFinite } from './transport';
import { vscodeApi } from './vscode-api';

const vscode = vscodeApi<PanelState>();
const GRAPH_TAB = 0;
const TABLE_TAB = 1;
const OUTPUT_TAB = 2;
const HEALTH_TAB = 3;
const BOUNDARY_TAB = 4;

/** The graph on screen: the run's result, or (while it trains) its latest live view. */
interface GraphSource {
  runId: number;
  graph: GraphView;
  bindings: Binding[];
  /** The step of a live view; null for a result. */
  liveStep: number | null;
}

class Panel {
  private state: PanelState;
  private shown: ShownGraph | null = null;
  /** Groups asked for and not answered yet; a node to select once its group is open. */
  private readonly pendingGroups = new Set<number>();
  private pendingSelect: number | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The live view on screen (until the result replaces it), and the one waiting while a layout is under way. */
  private live: GraphSource | null = null;
  private liveDrawing = false;
  private liveWaiting: { runId: number; event: LiveEvent } | null = null;
  /** The recorded step on screen (the scrubber), instead of the latest graph. */
  private scrubbed: StepView | null = null;
  /** Leaves given other values in the details pane (node id → value), and the latest request's number. */
  private readonly whatIfValues = new Map<number, number>();
  private whatIfSerial = 0;
  private whatIfShown = false;
  /** A group asked for with a recorded step or a what-if (it comes in that answer's scopes). */
  private opening: number | null = null;
  /** Where the editor's cursor was last (cursor → graph), re-marked on each graph drawn. */
  private cursor: CursorMessage | null = null;
  /** The graph last drawn (the latest, or a recorded step's). */
  private onScreen: GraphView | null = null;
  private readonly scrubber = new Scrubber({ onStep: (step) => void this.scrub(step) });
  private readonly boundary = new BoundaryView();

  private readonly empty = emptyStateView();
  private readonly main = el('div', 'panel-main');
  private readonly title = el('h1', 'run-title');
  private readonly statusBadge = badge('', 'run-status');
  private readonly summary = el('span', 'run-summary');
  /** Above a result from a run that did not complete: why, and which step the graph is. */
  private readonly outcome = el('div', 'run-outcome');
  private readonly notice = new RunNotice();
  private readonly workspace = el('div', 'workspace');
  private readonly chart: LossChart;
  private readonly graph: GraphPanel;
  private readonly table: GradTable;
  private readonly details: Details;
  private readonly output: OutputView;
  private readonly health: HealthView;
  /** The Output tab's panel, and where the output goes while a notice replaces the tabs. */
  private readonly outputHome: HTMLElement;
  private readonly looseOutput = el('section', 'loose-output');
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
      onCollapse: (group) => void this.collapse(group),
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
      onCollapse: (group) => void this.collapse(group),
      onSelect: (key) => this.graph.select(key),
      onCheck: (nodeId) => {
        // The check is of the result's graph: not a live view, a recorded step or a what-if.
        const result = this.state.result;
        if (result && !this.scrubbed && !this.whatIfShown) vscode.postMessage({ type: 'gradcheck', runId: result.runId, nodeId });
        else this.details.showCheck(nodeId, null, 'The check is of the run\'s result: once the run ends, on its latest graph (not a recorded step or a what-if).');
      },
      onWhatIf: (nodeId, value) => void this.askWhatIf(nodeId, value),
    });
    this.output = new OutputView((lines) => {
      this.tabs.headers[OUTPUT_TAB].textContent = lines > 0 ? `Output (${formatCount(lines)})` : 'Output';
    });
    this.health = new HealthView((warnings) => {
      this.tabs.headers[HEALTH_TAB].textContent = warnings > 0 ? `Health (${warnings} ⚠)` : 'Health';
    });
    this.tabs = tabs(
      [
        { title: 'Graph', panel: this.graph.element },
        { title: 'Gradients', panel: this.table.element },
        { title: 'Output', panel: this.output.element },
        { title: 'Health', panel: this.health.element },
        { title: 'Boundary', panel: this.boundary.element },
      ],
      (index) => this.tabChanged(index),
    );
    this.outputHome = this.output.element.parentElement!;
    this.tabs.headers[BOUNDARY_TAB].hidden = true; // until the run plots one
    this.looseOutput.append(el('h2', 'loose-output-title', 'Output'));
    this.looseOutput.hidden = true;
    this.outcome.hidden = true;
    const header = el('header', 'run-header');
    header.append(this.title, this.statusBadge, this.summary);
    this.workspace.append(this.tabs.element, this.details.element);
    this.main.append(header, this.outcome, this.chart.element, this.scrubber.element, this.notice.element, this.looseOutput, this.workspace);
    this.app.replaceChildren(this.empty, this.main);
    this.restore();
    new MutationObserver(() => {
      this.chart.recolour();
      this.boundary.recolour();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    window.addEventListener('pagehide', () => this.flush());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.flush());
  }

  handle(message: HostToPanel): void {
    // Run ids grow: a late loss, metric, result or end from a run a newer one replaced is dropped.
    // (groupView and selectNode are about the result shown, checked against its run below.)
    const ofRun = message.type === 'loss' || message.type === 'metric' || message.type === 'health' || message.type === 'boundary' || message.type === 'log' || message.type === 'live' || message.type === 'result' || message.type === 'runEnded';
    if (ofRun && this.state.run && message.runId < this.state.run.runId) return;
    switch (message.type) {
      case 'ping':
        vscode.postMessage({ type: 'pong', nonce: message.nonce, shown: this.describe() });
        return;
      case 'runStarted':
        return this.runStarted(message);
      case 'loss':
        this.adopt(message.runId, 'train');
        this.chart.appendLoss(message.event);
        this.showChart();
        this.save();
        return;
      case 'metric':
        this.adopt(message.runId, 'train');
        this.chart.appendMetrics(message.event.names, message.event);
        this.showChart();
        this.save();
        return;
      case 'log':
        this.adopt(message.runId, 'file');
        this.output.append(message.event);
        this.placeOutput();
        return;
      case 'health':
        this.adopt(message.runId, 'train');
        this.health.append(message.event);
        return;
      case 'boundary':
        this.adopt(message.runId, 'train');
        this.boundary.show(message.event.boundary);
        this.tabs.headers[BOUNDARY_TAB].hidden = false;
        return;
      case 'stepView':
        return void this.stepView(message.runId, message.step, message.view);
      case 'whatIfView':
        return void this.whatIfView(message.runId, message.serial, message.view);
      case 'gradcheckResult':
        if (this.source?.runId === message.runId) this.details.showCheck(message.nodeId, message.answer);
        return;
      case 'live':
        this.adopt(message.runId, 'train');
        this.health.appendActivations(message.event.step, message.event.activations);
        this.scrubber.setRecord(message.event.record ?? null);
        restoreNonFinite(message.event.graph);
        message.event.scopes.forEach(restoreNonFinite);
        this.liveWaiting = { runId: message.runId, event: message.event };
        void this.drawLive();
        return;
      case 'result':
        this.scrubber.setRecord(message.event.record ?? null);
        restoreNonFinite(message.event.graph);
        void this.result(message.runId, message.event);
        return;
      case 'runEnded':
        return this.runEnded(message);
      case 'groupView':
        // For the latest graph: a recorded step or a what-if gets its groups with its own answer.
        if (this.source?.runId !== message.runId || this.scrubbed || this.whatIfShown) return;
        this.pendingGroups.delete(message.group);
        // Asked of another graph of the run (its structure changed since): not this one's group.
        if (message.view.structure !== this.source.graph.structure) return this.graph.setStatus(null);
        restoreNonFinite(message.view);
        void this.groupView({ group: message.group, view: message.view });
        return;
      case 'selectNode':
        if (this.source?.runId === message.runId) this.selectNode(message.nodeId);
        return;
      case 'settings':
        return void this.settings(message.numberPrecision);
      case 'cursor':
        this.cursor = message;
        // The cursor in another run's file (or none): nothing on screen was made there.
        this.graph.showLine(this.source?.runId === message.runId ? message.line : null);
        return;
    }
  }

  // ---- runs ------------------------------------------------------------------------------

  private runStarted(message: RunStartedMessage): void {
    this.state = startRun(this.state, message);
    this.live = null;
    this.liveWaiting = null;
    this.scrubbed = null;
    this.onScreen = null;
    this.whatIfValues.clear();
    this.whatIfShown = false;
    this.scrubber.reset();
    this.boundary.show(null);
    this.tabs.headers[BOUNDARY_TAB].hidden = true;
    if (this.tabs.selected === BOUNDARY_TAB) {
      this.tabs.selected = GRAPH_TAB;
      this.tabChanged(GRAPH_TAB);
    }
    this.shown = null;
    this.pendingGroups.clear();
    this.pendingSelect = null;
    this.graph.clear();
    this.table.setModel(null);
    this.table.select(null);
    this.details.show(null, null, []);
    this.output.clear();
    this.health.clear();
    this.chart.reset(true);
    this.showChart();
    this.renderRun();
    // At once, not in half a second: a page reloaded now must not bring back the earlier result.
    this.flush();
  }

  /**
   * A message of a run this page did not see start (the panel opened mid-run): that run is the
   * current one from now on. Its title is not known, its number is. A run the page lost track of
   * in a reload (interrupted) that still sends is running after all.
   */
  private adopt(runId: number, mode: RunStartedMessage['mode']): void {
    const run = this.state.run;
    if (run?.runId === runId) {
      if (run.status === 'interrupted') {
        run.status = 'running';
        this.renderRun();
      }
      return;
    }
    this.runStarted({ type: 'runStarted', runId, title: `Run ${runId}`, mode });
  }

  private runEnded(message: RunEndedMessage): void {
    this.adopt(message.runId, 'file');
    this.state.run = { ...this.state.run!, status: message.status, error: message.error, stoppedMessage: message.stopped?.message ?? null };
    this.chart.ended();
    this.showChart(); // an empty chart of a run that ended before its first step goes
    this.renderRun();
    this.save();
  }

  /** The graph on screen, and where it comes from. */
  private get source(): GraphSource | null {
    const result = this.state.result;
    if (result) return { runId: result.runId, graph: result.event.graph, bindings: result.event.bindings, liveStep: null };
    return this.live;
  }

  /**
   * Draws the newest live view, one at a time: a layout under way is never cancelled by the next
   * view (they come every 200 ms); the views that arrive meanwhile are skipped for the last one.
   */
  private async drawLive(): Promise<void> {
    if (this.liveDrawing) return;
    this.liveDrawing = true;
    try {
      while (this.liveWaiting) {
        const { runId, event } = this.liveWaiting;
        this.liveWaiting = null;
        // Only the current run's, and only until its result: a late view is an older step.
        if (this.state.run?.runId !== runId || this.state.result) continue;
        const source: GraphSource = { runId, graph: event.graph, bindings: [], liveStep: event.step };
        const same = this.live !== null && this.live.runId === runId && this.live.graph.structure === event.graph.structure;
        this.live = source;
        if (this.scrubbed) continue; // the user looks at a recorded step: the latest waits for "Latest"
        await this.showGraph(source, same, event.scopes);
      }
    } finally {
      this.liveDrawing = false;
    }
  }

  private async result(runId: number, event: ResultEvent): Promise<void> {
    this.adopt(runId, 'file');
    // The live view of the same graph keeps its layout, opened groups and selection; anything
    // else — another run's, another structure — none of them.
    const before = this.source;
    const same = before !== null && before.runId === runId && before.graph.structure === event.graph.structure;
    this.state.result = { runId, event };
    this.live = null;
    this.whatIfValues.clear(); // node ids of a what-if asked for are the result's from now on
    if (this.scrubbed) return this.renderRun(); // shown with "Latest"
    await this.showGraph(this.source!, same, []);
    // Opened groups hold a live step's numbers: ask for the final ones.
    if (same && this.state.result?.event === event) for (const { group } of this.state.expansions) this.requestGroup(group);
  }

  /** The scrubber moved: ask for the graph at `step`, or go back to the latest graph (null). */
  private async scrub(step: number | null): Promise<void> {
    const source = this.source;
    if (!source) return;
    this.whatIfValues.clear(); // a recorded step has its own values
    this.whatIfShown = false;
    this.chart.mark(step);
    if (step === null) {
      this.scrubbed = null;
      this.graph.setStatus(null);
      await this.showGraph(source, this.onScreen?.structure === source.graph.structure, []);
      if (this.state.result) for (const { group } of this.state.expansions) this.requestGroup(group);
      return;
    }
    this.graph.setStatus(`Recomputing step ${formatCount(step)}…`);
    vscode.postMessage({ type: 'scrub', runId: source.runId, step, scopes: this.state.expansions.map((e) => e.group) });
  }

  /** A leaf's what-if value (null: every leaf back to the run's values). */
  private async askWhatIf(nodeId: number, value: number | null): Promise<void> {
    const source = this.source;
    if (!source || this.scrubbed) return;
    if (!this.state.result) return this.graph.setStatus('What if: available once the run ends.');
    if (value === null) this.whatIfValues.clear();
    else this.whatIfValues.set(nodeId, value);
    const serial = ++this.whatIfSerial;
    if (this.whatIfValues.size === 0) {
      this.whatIfShown = false;
      await this.showGraph(source, this.onScreen?.structure === source.graph.structure, []);
      return;
    }
    vscode.postMessage({ type: 'whatIf', runId: source.runId, serial, values: [...this.whatIfValues], scopes: this.state.expansions.map((e) => e.group) });
  }

  private async whatIfView(runId: number, serial: number, view: WhatIfView | null): Promise<void> {
    const source = this.source;
    if (!source || source.runId !== runId || serial !== this.whatIfSerial || this.whatIfValues.size === 0) return;
    if (!view) return this.graph.setStatus("What if: this graph cannot be recomputed (the run's process has ended, or an op cannot be replayed).");
    restoreNonFinite(view.graph);
    view.scopes.forEach(restoreNonFinite);
    this.whatIfShown = true;
    await this.showGraph({ ...source, graph: view.graph, liveStep: null }, view.graph.structure === this.onScreen?.structure, view.scopes, this.takeOpening());
  }

  /** The graph at a recorded step, if it is still the one the scrubber points at. */
  private async stepView(runId: number, step: number, view: StepView | null): Promise<void> {
    const source = this.source;
    if (!source || source.runId !== runId || this.scrubber.step !== step) return;
    if (!view) return this.graph.setStatus(`Step ${formatCount(step)} cannot be shown: the run's process has ended, or its graph cannot be recomputed.`);
    restoreNonFinite(view.graph);
    view.scopes.forEach(restoreNonFinite);
    this.graph.setStatus(null);
    this.scrubbed = view;
    await this.showGraph({ ...source, graph: view.graph, liveStep: null }, view.graph.structure === this.onScreen?.structure, view.scopes, this.takeOpening());
  }

  /**
   * Shows a graph of the current run. `same`: the structure on screen, so opened groups stay open
   * (with `scopes`' numbers when given) and the selection stays; otherwise both are cleared.
   */
  private async showGraph(source: GraphSource, same: boolean, scopes: GraphView[], opening: number | null = null): Promise<void> {
    if (same) {
      this.state.expansions = this.state.expansions.map((e) => ({ group: e.group, view: scopes.find((v) => v.scope === e.group) ?? e.view }));
      // A group opened while a recorded step or a what-if is on screen comes with that answer.
      const opened = scopes.find((v) => v.scope === opening);
      if (opened && !this.state.expansions.some((e) => e.group === opening)) this.state.expansions.push({ group: opening!, view: opened });
    } else {
      this.state.expansions = [];
      this.state.selection = null;
      this.whatIfValues.clear();
      this.whatIfShown = false;
      this.pendingGroups.clear();
      this.pendingSelect = null;
      this.table.setModel(null);
      this.details.show(null, null, []);
    }
    this.renderRun();
    this.onScreen = source.graph;
    this.shown = shownGraph(source.graph, this.state.expansions);
    await this.graph.show(this.shown);
    if (this.onScreen !== source.graph) return; // a newer view, step, what-if, result or run took over
    this.table.setModel(this.graph.current);
    this.refreshDetails();
    if (this.cursor?.runId === source.runId) this.graph.showLine(this.cursor.line);
    this.save();
  }

  private async groupView(expansion: Expansion): Promise<void> {
    const source = this.source;
    if (!source) return;
    const known = this.state.expansions.findIndex((e) => e.group === expansion.group);
    if (known >= 0) this.state.expansions[known] = expansion;
    else this.state.expansions.push(expansion);
    this.shown = shownGraph(source.graph, this.state.expansions);
    this.graph.setStatus(null);
    await this.graph.show(this.shown, { focus: known >= 0 ? null : { keys: insideKeys(expansion), anchor: outPortKey(expansion.group) } });
    this.table.setModel(this.graph.current);
    if (this.pendingSelect !== null) {
      const id = this.pendingSelect;
      this.pendingSelect = null;
      this.selectNode(id);
    }
    this.save();
  }

  /** Closes an opened group (and the groups opened inside it): its box again, in view. */
  private async collapse(group: number): Promise<void> {
    const graph = this.onScreen; // the latest, a recorded step's or a what-if's: the same structure
    if (!graph) return;
    this.state.expansions = closeGroup(graph, this.state.expansions, group);
    this.shown = shownGraph(graph, this.state.expansions);
    await this.graph.show(this.shown, { focus: { keys: [groupKey(group)], anchor: null } });
    this.table.setModel(this.graph.current);
    if (this.graph.item(groupKey(group))) this.graph.select(groupKey(group), false);
    this.save();
  }

  private expand(group: number): void {
    const info = this.shown?.groups.get(group);
    const source = this.source;
    if (!info || !source) return;
    this.graph.setStatus(`Opening ${info.label} (${formatCount(info.count)} nodes)…`);
    // A recorded step or a what-if on screen: its own numbers inside the group too.
    const scopes = [...this.state.expansions.map((e) => e.group), group];
    this.opening = group;
    if (this.scrubbed) vscode.postMessage({ type: 'scrub', runId: source.runId, step: this.scrubbed.step, scopes });
    else if (this.whatIfShown) vscode.postMessage({ type: 'whatIf', runId: source.runId, serial: ++this.whatIfSerial, values: [...this.whatIfValues], scopes });
    else this.requestGroup(group);
  }

  private requestGroup(group: number): void {
    const source = this.source;
    if (!source || this.pendingGroups.has(group)) return;
    this.pendingGroups.add(group);
    vscode.postMessage({ type: 'expandGroup', runId: source.runId, group });
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
    const holder = closedGroupHolding(this.shown, nodeId);
    if (holder) {
      this.pendingSelect = nodeId;
      this.expand(holder.id);
    } else this.graph.setStatus(`Node #${nodeId} is not in the graph shown.`);
  }

  private takeOpening(): number | null {
    const group = this.opening;
    this.opening = null;
    return group;
  }

  /** "What if: a = 5 …": the leaves changed, by label. */
  private whatIfText(): string {
    const nodes = this.source?.graph.nodes ?? [];
    const changes = [...this.whatIfValues].map(([id, value]) => `${nodes.find((n) => n.id === id)?.label || `#${id}`} = ${value}`);
    return `What if: ${changes.join(', ')} — recomputed from the recorded graph (your code did not run again). Reset it in the details pane.`;
  }

  /** Another precision: every number on screen is written again (the graph's cells change width: a new layout). */
  private async settings(numberPrecision: number): Promise<void> {
    if (numberPrecision === getPrecision()) return;
    setPrecision(numberPrecision);
    this.chart.recolour(); // redraws with the new labels
    const source = this.source;
    const graph = this.onScreen;
    if (source && graph) await this.showGraph({ ...source, graph }, true, this.state.expansions.map((e) => e.view));
  }

  /** What is on screen, for the host's tests (PongMessage). */
  private describe(): PanelShown {
    const graph = this.onScreen;
    const root = graph?.nodes.find((n) => n.id === graph.root);
    return {
      runId: this.source?.runId ?? null,
      liveStep: this.scrubbed || this.state.result ? null : this.live?.liveStep ?? null,
      scrubStep: this.scrubbed?.step ?? null,
      root: root ? { label: root.label, data: root.data, grad: root.grad } : null,
    };
  }

  // ---- selection and source --------------------------------------------------------------

  private selected(item: Item | null): void {
    this.state.selection = item?.key ?? null;
    this.details.show(item, this.graph.current, this.source?.bindings ?? []);
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
    const source = this.source;
    if (!node?.loc || !source) return;
    const { loc } = node;
    vscode.postMessage({ type: 'revealNode', runId: source.runId, nodeId: node.id, file: loc.file ?? null, line: loc.line, col: loc.col, endLine: loc.endLine, endCol: loc.endCol });
  }

  private tabChanged(index: number): void {
    this.state.ui.tab = index;
    this.table.setVisible(index === TABLE_TAB);
    this.health.setVisible(index === HEALTH_TAB);
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

  /** The header, and either the current run's notice or its result (with how the run ended). */
  private renderRun(): void {
    const run = this.state.run;
    const result = this.state.result?.event ?? null;
    const liveStep = this.live?.liveStep ?? null;
    this.title.textContent = run?.title ?? 'GradLens';
    const status = run?.status ?? (result ? 'completed' : '');
    this.statusBadge.textContent = status ? statusText(status) : '';
    this.statusBadge.hidden = status === '';
    this.statusBadge.className = `run-status status-${status}`;
    this.summary.textContent = summaryText(run?.runId ?? this.state.result?.runId ?? null, result, this.chart.lastLoss, this.live?.graph ?? null);
    const notice = run ? noticeFor(run, this.source !== null) : null;
    this.notice.show(notice);
    this.workspace.hidden = notice !== null;
    this.placeOutput();
    const whatIf = this.whatIfShown && this.whatIfValues.size > 0 ? this.whatIfText() : null;
    const outcome = !run ? null : whatIf ? { error: false, text: whatIf } : this.scrubbed ? scrubOutcome(this.scrubbed) : result ? outcomeFor(run, result.partial, this.chart.lastStep) : liveStep !== null ? liveOutcome(run, liveStep) : null;
    this.outcome.hidden = outcome === null;
    this.outcome.classList.toggle('is-error', outcome?.error ?? false);
    this.outcome.textContent = outcome?.text ?? '';
    this.render();
  }

  /**
   * While a notice stands in for the tabs (a run waiting, failed, stopped early), its console
   * output shows under the notice: what a failing program printed is what its author wants.
   */
  private placeOutput(): void {
    const loose = !this.notice.element.hidden && this.output.count > 0;
    const parent = loose ? this.looseOutput : this.outputHome;
    if (this.output.element.parentElement !== parent) parent.append(this.output.element);
    this.looseOutput.hidden = !loose;
  }

  // ---- state -------------------------------------------------------------------------------

  private restore(): void {
    const { result, loss, ui } = this.state;
    this.chart.reset(false);
    if (loss.steps.length > 0) this.chart.appendLoss(loss);
    if (loss.metrics.steps.length > 0) this.chart.appendMetrics(loss.metrics.names, loss.metrics);
    this.chart.ended();
    this.showChart();
    this.renderRun();
    this.tabs.selected = ui.tab;
    this.table.setVisible(ui.tab === TABLE_TAB);
    this.health.setVisible(ui.tab === HEALTH_TAB);
    if (result) {
      this.shown = shownGraph(result.event.graph, this.state.expansions);
      void this.graph.show(this.shown, { view: ui.view }).then(() => {
        if (this.state.result !== result) return; // a new run started meanwhile
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
// Which load of the page this is: the host may load it again, and a 'ready' from a page it has
// replaced must not release its messages (they would go to a page that is still loading).
vscode.postMessage({ type: 'ready', page: Number(document.getElementById('app')?.dataset.page ?? 0) });
