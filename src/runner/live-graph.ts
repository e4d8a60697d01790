// The graph, live: while a program trains, the worker sends a view of the graph of the latest
// finished step — at most every LIVE_INTERVAL_MS, never per step, and less often when a view
// costs more than MAX_SHARE of the run's time (a huge graph is refreshed more slowly, not the
// training). A loop that builds the same graph at every step keeps one GraphExport, rebound to
// each new step's nodes: the view keeps its ids, groups and `structure`, so the panel updates
// numbers without a new layout. Groups the panel opened are sent along with every view.

import { forwardOrder, type Tensor, type Value } from '../engine';
import type { ActivationHealth, GraphView } from '../protocol';
import { GraphExport } from './graph-view';
import { activationHealth } from './health';
import type { Runtime } from './runtime';

type Node = Value | Tensor;

/** ≥ 4 refreshes a second on the panel, with room for its own latency. */
export const LIVE_INTERVAL_MS = 200;
/** The share of the run's time views may take. */
const MAX_SHARE = 0.05;
/** Opened groups sent along with each view (the most recently opened). */
const MAX_WATCHED = 16;

export interface LiveView {
  graph: GraphView;
  /** The insides of the groups the panel opened, with this step's numbers. */
  scopes: GraphView[];
  activations: ActivationHealth;
}

export class LiveGraph {
  private export: GraphExport | null = null;
  private structures = 0;
  private next: number;
  private views = 0;
  private readonly watched: number[] = [];

  /** `firstAt`: the run time before which no view is taken (0: the first backward() already). */
  constructor(private readonly runtime: Runtime, private readonly budget: number, firstAt: number) {
    this.next = firstAt;
  }

  due(now: number): boolean {
    return now >= this.next;
  }

  /**
   * A view of `root`'s graph now (call right after its backward()), with the insides of the
   * groups the panel opened — `opening` newly (answered here, sent along from now on). `alsoWith`
   * may use the step's graph before it is let go of (the scrubber's views).
   */
  snapshot(root: Node, now: number, opening: readonly number[] = [], alsoWith?: (exported: GraphExport, opened: readonly number[]) => void): LiveView {
    const start = performance.now();
    const exported = this.exportOf(root);
    for (const group of opening) this.watch(group);
    const graph = exported.view();
    const scopes = this.watched.map((scope) => exported.view(scope));
    const activations = activationHealth(exported.order);
    alsoWith?.(exported, this.watched);
    // Until the next view the step's graph must be free to die young (see GraphExport.release).
    exported.release();
    // The first view groups the graph (what each later one of the same structure reuses): the
    // budget is about what recurs.
    const cost = this.views++ === 0 ? 0 : performance.now() - start;
    this.next = now + Math.max(LIVE_INTERVAL_MS, cost / MAX_SHARE);
    return { graph, scopes, activations };
  }

  private watch(group: number): void {
    if (group < 0 || !this.export?.hasScope(group)) return;
    const known = this.watched.indexOf(group);
    if (known >= 0) this.watched.splice(known, 1);
    this.watched.push(group);
    if (this.watched.length > MAX_WATCHED) this.watched.shift();
  }

  /** The export of `root`'s graph: the current one rebound when it is the same graph, else a new structure. */
  exportOf(root: Node): GraphExport {
    const order = forwardOrder(root);
    if (this.export?.matches(order)) {
      this.export.rebind(order);
      return this.export;
    }
    this.watched.length = 0; // its groups are another graph's
    this.export = new GraphExport(root, this.runtime, this.budget, ++this.structures, order);
    return this.export;
  }
}
