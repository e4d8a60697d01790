// Which graph of the current run the panel shows: its result, or while it trains its latest live
// view; instead of either, a recorded step (the scrubber) or a what-if (leaves given other values
// in the details pane), which the host recomputes with the groups that are open — a group opened
// meanwhile comes with that answer. This file decides and asks the host; main.ts draws (hooks.show)
// and keeps the opened groups and the selection.

import type { Binding, GraphView, LiveEvent, PanelShown, PanelToHost, ResultEvent, StepView, WhatIfView } from '../src/protocol';
import { formatCount } from './format';
import { liveOutcome, outcomeFor, scrubOutcome, type Outcome } from './run-view';
import type { PanelState } from './state';
import { restoreNonFinite } from './transport';

/** The graph on screen: the run's result, or (while it trains) its latest live view. */
export interface GraphSource {
  runId: number;
  graph: GraphView;
  bindings: Binding[];
  /** The step of a live view; null for a result. */
  liveStep: number | null;
}

export interface SourceHooks {
  /** The panel's state (a new object for each run): the run, its result, the opened groups. */
  state(): PanelState;
  post(message: PanelToHost): void;
  /**
   * Draws a graph of the current run. `same`: the structure on screen, so opened groups stay open
   * (with `scopes`' numbers when given) and the selection stays; `opening`: a group asked for with
   * this answer.
   */
  show(source: GraphSource, same: boolean, scopes: GraphView[], opening: number | null): Promise<void>;
  setStatus(text: string | null): void;
  /** Asks again for the opened groups of the latest graph: their numbers changed. */
  refreshGroups(): void;
  /** The header and the line above the graph say what is on screen now. */
  renderRun(): void;
}

export class GraphChoice {
  /** The live view (until the result replaces it), and the one waiting while a layout is under way. */
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
  /** The graph last drawn (the latest, or a recorded step's or a what-if's). */
  drawn: GraphView | null = null;

  constructor(private readonly hooks: SourceHooks) {}

  /** The latest graph of the run: its result, else its live view. */
  get source(): GraphSource | null {
    const result = this.hooks.state().result;
    if (result) return { runId: result.runId, graph: result.event.graph, bindings: result.event.bindings, liveStep: null };
    return this.live;
  }

  /** Whether the latest graph is on screen (not a recorded step or a what-if). */
  get latest(): boolean {
    return !this.scrubbed && !this.whatIfShown;
  }

  /** A new run: nothing of the last one's graphs. */
  reset(): void {
    this.live = null;
    this.liveWaiting = null;
    this.scrubbed = null;
    this.drawn = null;
    this.whatIfValues.clear();
    this.whatIfShown = false;
  }

  liveView(runId: number, event: LiveEvent): void {
    this.liveWaiting = { runId, event };
    void this.drawLive();
  }

  async result(runId: number, event: ResultEvent): Promise<void> {
    const state = this.hooks.state();
    // The live view of the same graph keeps its layout, opened groups and selection; anything
    // else — another run's, another structure — none of them.
    const before = this.source;
    const same = before !== null && before.runId === runId && before.graph.structure === event.graph.structure;
    state.result = { runId, event };
    this.live = null;
    this.whatIfValues.clear(); // node ids of a what-if asked for are the result's from now on
    if (this.scrubbed) return this.hooks.renderRun(); // shown with "Latest"
    await this.draw(this.source!, same, []);
    // Opened groups hold a live step's numbers: ask for the final ones.
    if (same && this.hooks.state().result?.event === event) this.hooks.refreshGroups();
  }

  /** The scrubber moved: ask for the graph at `step`, or go back to the latest graph (null). */
  async scrub(step: number | null): Promise<void> {
    const source = this.source;
    if (!source) return;
    this.whatIfValues.clear(); // a recorded step has its own values
    this.whatIfShown = false;
    if (step === null) {
      this.scrubbed = null;
      this.hooks.setStatus(null);
      await this.draw(source, this.drawn?.structure === source.graph.structure, []);
      if (this.hooks.state().result) this.hooks.refreshGroups();
      return;
    }
    this.hooks.setStatus(`Recomputing step ${formatCount(step)}…`);
    this.hooks.post({ type: 'scrub', runId: source.runId, step, scopes: this.scopes() });
  }

  /** The graph at a recorded step, if it is still the one the scrubber points at (`pointedAt`). */
  async stepView(runId: number, step: number, view: StepView | null, pointedAt: number | null): Promise<void> {
    const source = this.source;
    if (!source || source.runId !== runId || pointedAt !== step) return;
    if (!view) return this.hooks.setStatus(`Step ${formatCount(step)} cannot be shown: the run's process has ended, or its graph cannot be recomputed.`);
    restoreNonFinite(view.graph);
    view.scopes.forEach(restoreNonFinite);
    this.hooks.setStatus(null);
    this.scrubbed = view;
    await this.draw({ ...source, graph: view.graph, liveStep: null }, view.graph.structure === this.drawn?.structure, view.scopes, this.takeOpening());
  }

  /** A leaf's what-if value (null: every leaf back to the run's values). */
  async whatIf(nodeId: number, value: number | null): Promise<void> {
    const source = this.source;
    if (!source || this.scrubbed) return;
    if (!this.hooks.state().result) return this.hooks.setStatus('What if: available once the run ends.');
    if (value === null) this.whatIfValues.clear();
    else this.whatIfValues.set(nodeId, value);
    const serial = ++this.whatIfSerial;
    if (this.whatIfValues.size === 0) {
      this.whatIfShown = false;
      await this.draw(source, this.drawn?.structure === source.graph.structure, []);
      return;
    }
    this.hooks.post({ type: 'whatIf', runId: source.runId, serial, values: [...this.whatIfValues], scopes: this.scopes() });
  }

  async whatIfView(runId: number, serial: number, view: WhatIfView | null): Promise<void> {
    const source = this.source;
    if (!source || source.runId !== runId || serial !== this.whatIfSerial || this.whatIfValues.size === 0) return;
    if (!view) return this.hooks.setStatus("What if: this graph cannot be recomputed (the run's process has ended, or an op cannot be replayed).");
    restoreNonFinite(view.graph);
    view.scopes.forEach(restoreNonFinite);
    this.whatIfShown = true;
    await this.draw({ ...source, graph: view.graph, liveStep: null }, view.graph.structure === this.drawn?.structure, view.scopes, this.takeOpening());
  }

  /**
   * A group is opened. A recorded step or a what-if on screen asks for its own numbers inside the
   * group too, and true is returned; false: the latest graph's group is for the caller to ask for.
   */
  open(group: number): boolean {
    const source = this.source;
    if (!source) return false;
    const scopes = [...this.scopes(), group];
    this.opening = group;
    if (this.scrubbed) this.hooks.post({ type: 'scrub', runId: source.runId, step: this.scrubbed.step, scopes });
    else if (this.whatIfShown) this.hooks.post({ type: 'whatIf', runId: source.runId, serial: ++this.whatIfSerial, values: [...this.whatIfValues], scopes });
    return !this.latest;
  }

  /** The graph on screen drawn again (another number precision), its groups as they are. */
  async redraw(): Promise<void> {
    const source = this.source;
    const graph = this.drawn;
    if (source && graph) await this.draw({ ...source, graph }, true, this.hooks.state().expansions.map((e) => e.view));
  }

  /** The line above the graph: a what-if, a recorded step, how the run ended, or which live step. */
  outcome(lastStep: number | null): Outcome | null {
    const { run, result } = this.hooks.state();
    const liveStep = this.live?.liveStep ?? null;
    if (!run) return null;
    if (this.whatIfShown && this.whatIfValues.size > 0) return { error: false, text: this.whatIfText() };
    if (this.scrubbed) return scrubOutcome(this.scrubbed);
    if (result) return outcomeFor(run, result.event.partial, lastStep);
    return liveStep !== null ? liveOutcome(run, liveStep) : null;
  }

  /** The live view's graph while there is no result (the header counts its nodes). */
  get liveGraph(): GraphView | null {
    return this.live?.graph ?? null;
  }

  /** What is on screen, for the host's tests (PongMessage). */
  describe(): PanelShown {
    const graph = this.drawn;
    const root = graph?.nodes.find((n) => n.id === graph.root);
    return {
      runId: this.source?.runId ?? null,
      liveStep: this.scrubbed || this.hooks.state().result ? null : this.live?.liveStep ?? null,
      scrubStep: this.scrubbed?.step ?? null,
      root: root ? { label: root.label, data: root.data, grad: root.grad } : null,
    };
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
        const state = this.hooks.state();
        if (state.run?.runId !== runId || state.result) continue;
        const source: GraphSource = { runId, graph: event.graph, bindings: [], liveStep: event.step };
        const same = this.live !== null && this.live.runId === runId && this.live.graph.structure === event.graph.structure;
        this.live = source;
        if (this.scrubbed) continue; // the user looks at a recorded step: the latest waits for "Latest"
        await this.draw(source, same, event.scopes);
      }
    } finally {
      this.liveDrawing = false;
    }
  }

  /** Draws through hooks.show. Another structure ends a what-if: its node ids were the old graph's. */
  private async draw(source: GraphSource, same: boolean, scopes: GraphView[], opening: number | null = null): Promise<void> {
    if (!same) {
      this.whatIfValues.clear();
      this.whatIfShown = false;
    }
    this.drawn = source.graph;
    await this.hooks.show(source, same, scopes, opening);
  }

  private scopes(): number[] {
    return this.hooks.state().expansions.map((e) => e.group);
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
}
