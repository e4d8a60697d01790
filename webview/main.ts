// The GradLens panel's page: the message loop with the host, the panel's state (kept with
// setState across hide/show and reloads), and the layout of its parts — run header, loss chart,
// graph, gradient table and console output in tabs, details of the selected node. An empty state tells a new user
// what to do. Every part lives in its own file; this one only wires them.
// Everything on screen belongs to the current run: a new run clears the graph, the table, the
// details and the selection at once, and a notice says what the run is doing until its first
// graph — live while it trains (the latest finished step, a few times a second), then its result.
// Views of one structure (the worker says so) keep the layout, the opened groups and the selection.
// Which graph is on screen — the result, a live view, a recorded step, a what-if — is chosen in
// graph-source.ts; this file draws it.

import type { CursorMessage, GraphView, HostToPanel, ResultEvent, RunEndedMessage, RunStartedMessage } from '../src/protocol';
import { BoundaryView } from './boundary';
import { LossChart } from './chart';
import { Details } from './details';
import { el } from './dom';
import { badge, button, tabs, type Tabs } from './elements';
import { formatCount, getPrecision, setPrecision } from './format';
import { closeGroup } from './graph/close-group';
import { GraphPanel } from './graph/graph-panel';
import { GraphChoice, type GraphSource } from './graph-source';
import { closedGroupHolding, groupKey, insideKeys, nodeKey, outPortKey, shownGraph, type Expansion, type ShownGraph } from './graph/merge';
import type { Item } from './graph/model';
import { RunNotice } from './run-notice';
import { Scrubber } from './scrubber';
import { OutputView } from './output';
import { noticeFor, statusText, summaryText } from './run-view';
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

class Panel {
  private state: PanelState;
  private shown: ShownGraph | null = null;
  /** Groups asked for and not answered yet; a node to select once its group is open. */
  private readonly pendingGroups = new Set<number>();
  private pendingSelect: number | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** Where the editor's cursor was last (cursor → graph), re-marked on each graph drawn. */
  private cursor: CursorMessage | null = null;
  private readonly scrubber = new Scrubber({ onStep: (step) => this.scrub(step) });
  private readonly choice = new GraphChoice({
    state: () => this.state,
    post: (message) => vscode.postMessage(message),
    show: (source, same, scopes, opening) => this.showGraph(source, same, scopes, opening),
    setStatus: (text) => this.graph.setStatus(text),
    refreshGroups: () => {
      for (const { group } of this.state.expansions) this.requestGroup(group);
    },
    renderRun: () => this.renderRun(),
  });
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
        if (result && this.choice.latest) vscode.postMessage({ type: 'gradcheck', runId: result.runId, nodeId });
        else this.details.showCheck(nodeId, null, 'The check is of the run\'s result: once the run ends, on its latest graph (not a recorded step or a what-if).');
      },
      onWhatIf: (nodeId, value) => void this.choice.whatIf(nodeId, value),
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
        vscode.postMessage({ type: 'pong', nonce: message.nonce, shown: this.choice.describe() });
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
        return void this.choice.stepView(message.runId, message.step, message.view, this.scrubber.step);
      case 'whatIfView':
        return void this.choice.whatIfView(message.runId, message.serial, message.view);
      case 'gradcheckResult':
        if (this.source?.runId === message.runId) this.details.showCheck(message.nodeId, message.answer);
        return;
      case 'live':
        this.adopt(message.runId, 'train');
        this.health.appendActivations(message.event.step, message.event.activations);
        this.scrubber.setRecord(message.event.record ?? null);
        restoreNonFinite(message.event.graph);
        message.event.scopes.forEach(restoreNonFinite);
        this.choice.liveView(message.runId, message.event);
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
        if (this.source?.runId !== message.runId || !this.choice.latest) return;
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
    this.choice.reset();
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

  /** The latest graph of the current run (graph-source.ts). */
  private get source(): GraphSource | null {
    return this.choice.source;
  }

  private async result(runId: number, event: ResultEvent): Promise<void> {
    this.adopt(runId, 'file');
    await this.choice.result(runId, event);
  }

  /** The scrubber moved: its step's graph, or the latest (null). */
  private scrub(step: number | null): void {
    if (!this.source) return;
    this.chart.mark(step);
    void this.choice.scrub(step);
  }

  /**
   * Shows a graph of the current run (the one graph-source.ts chose). `same`: the structure on
   * screen, so opened groups stay open (with `scopes`' numbers when given) and the selection stays;
   * otherwise both are cleared.
   */
  private async showGraph(source: GraphSource, same: boolean, scopes: GraphView[], opening: number | null): Promise<void> {
    if (same) {
      this.state.expansions = this.state.expansions.map((e) => ({ group: e.group, view: scopes.find((v) => v.scope === e.group) ?? e.view }));
      // A group opened while a recorded step or a what-if is on screen comes with that answer.
      const opened = scopes.find((v) => v.scope === opening);
      if (opened && !this.state.expansions.some((e) => e.group === opening)) this.state.expansions.push({ group: opening!, view: opened });
    } else {
      this.state.expansions = [];
      this.state.selection = null;
      this.pendingGroups.clear();
      this.pendingSelect = null;
      this.table.setModel(null);
      this.details.show(null, null, []);
    }
    this.renderRun();
    this.shown = shownGraph(source.graph, this.state.expansions);
    await this.graph.show(this.shown);
    if (this.choice.drawn !== source.graph) return; // a newer view, step, what-if, result or run took over
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
    const graph = this.choice.drawn; // the latest, a recorded step's or a what-if's: the same structure
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
    if (!this.choice.open(group)) this.requestGroup(group);
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

  /** Another precision: every number on screen is written again (the graph's cells change width: a new layout). */
  private async settings(numberPrecision: number): Promise<void> {
    if (numberPrecision === getPrecision()) return;
    setPrecision(numberPrecision);
    this.chart.recolour(); // redraws with the new labels
    await this.choice.redraw();
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
    this.title.textContent = run?.title ?? 'GradLens';
    const status = run?.status ?? (result ? 'completed' : '');
    this.statusBadge.textContent = status ? statusText(status) : '';
    this.statusBadge.hidden = status === '';
    this.statusBadge.className = `run-status status-${status}`;
    this.summary.textContent = summaryText(run?.runId ?? this.state.result?.runId ?? null, result, this.chart.lastLoss, this.choice.liveGraph);
    const notice = run ? noticeFor(run, this.source !== null) : null;
    this.notice.show(notice);
    this.workspace.hidden = notice !== null;
    this.placeOutput();
    const outcome = this.choice.outcome(this.chart.lastStep);
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
