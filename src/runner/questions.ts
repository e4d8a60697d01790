// What the panel asks about a run's graph, answered in the run's worker: open a group, show a
// recorded step, check gradients, what if a leaf held another value. During the run the worker is
// busy in the program and reads no messages: groups and steps asked for then come through the
// ring (ask-ring.ts) and are answered with the next live view; everything else waits for the end.
// Each request is answered exactly once — an empty view or null rather than no answer.

import { Tensor, Value } from '../engine';
import type { GradcheckAnswer, GraphView, StepView, WhatIfView } from '../protocol';
import type { RingAsk } from './ask-ring';
import { checkLeaf, checkedLeaves, kinkOn, snapshotLeaves } from './gradcheck';
import type { GraphExport } from './graph-view';
import { atValues, type StepRecord } from './step-record';
import { emptyView, type ToWorker, type WorkerMessage } from './worker-protocol';

/** What the questions read of the worker's state, when they are asked. */
export interface RunState {
  /** The result's graph (null until the run is over, or when it has none); a kernel's by cell execution. */
  graph(execution?: number): GraphExport | null;
  record(): StepRecord | null;
  /** backward() calls so far. */
  steps(): number;
}

export class Questions {
  /** Asked by message and by the ring: whichever comes second is not answered again. */
  private readonly answered = new Set<number>();
  private readonly waiting: ToWorker[] = [];
  private over = false;

  constructor(private readonly post: (message: WorkerMessage) => void, private readonly run: RunState) {}

  /** A request by message: answered now if the program is over, else when it is. */
  ask(request: ToWorker): void {
    if (!this.over) return void this.waiting.push(request);
    try {
      this.answer(request);
    } catch {
      this.decline(request);
    }
  }

  /** The program is over and its graph exported: the ring's groups from the final graph, then what waited. */
  programEnded(ringAsks: RingAsk[]): void {
    // A step asked for through the ring is answered from its message, which carries the groups open.
    this.answerExpands(ringAsks, (group) => this.finalView(group), true);
    this.over = true;
    this.waiting.splice(0).forEach((request) => this.ask(request));
  }

  /**
   * At a live view: the groups asked for from that step's graph, and the newest step asked for
   * (recomputed inside the program's step: the older ones are answered null — the panel moved on).
   * `snapshot` takes the view, calling back with the step's graph while it is still there.
   */
  atLiveView<T extends { scopes: GraphView[] }>(asks: RingAsk[], snapshot: (opening: number[], withGraph: (exported: GraphExport, opened: readonly number[]) => void) => T): T {
    const open = asks.filter((ask) => ask.kind === 'expand' && !this.answered.has(ask.requestId));
    const scrubs = asks.filter((ask) => ask.kind === 'scrub' && !this.answered.has(ask.requestId));
    const newest = scrubs.pop();
    let step: StepView | null = null;
    const view = snapshot(open.map((ask) => ask.arg), (exported, opened) => {
      if (newest) step = this.stepView(exported, newest.arg, opened);
    });
    this.answerExpands(open, (group) => view.scopes.find((v) => v.scope === group) ?? null, false);
    for (const ask of newest ? [...scrubs, newest] : scrubs) this.reply(ask.requestId, { type: 'stepView', requestId: ask.requestId, view: ask === newest ? step : null });
    return view;
  }

  private answer(request: ToWorker): void {
    const graph = this.run.graph();
    switch (request.type) {
      case 'expand':
        return this.answerExpands([{ requestId: request.requestId, kind: 'expand', arg: request.group }], (group) => this.finalView(group, request.execution), true);
      case 'scrub':
        return this.reply(request.requestId, { type: 'stepView', requestId: request.requestId, view: graph && this.stepView(graph, request.step, request.scopes) });
      case 'gradcheck':
        return this.reply(request.requestId, { type: 'gradchecked', requestId: request.requestId, answer: graph && checkGradients(graph, this.run.record()?.valuesAt(this.run.steps()) ?? null, request.nodeId) });
      case 'whatIf':
        return this.reply(request.requestId, { type: 'whatIfView', requestId: request.requestId, view: graph && whatIf(graph, request.values, request.scopes) });
    }
  }

  /** A question the graph could not answer says so rather than leave the host waiting. */
  private decline(request: ToWorker): void {
    if (request.type === 'expand') this.reply(request.requestId, { type: 'view', requestId: request.requestId, view: emptyView() });
    if (request.type === 'scrub') this.reply(request.requestId, { type: 'stepView', requestId: request.requestId, view: null });
    if (request.type === 'gradcheck') this.reply(request.requestId, { type: 'gradchecked', requestId: request.requestId, answer: null });
    if (request.type === 'whatIf') this.reply(request.requestId, { type: 'whatIfView', requestId: request.requestId, view: null });
  }

  /** `final`: a group the graph does not have gets an empty view (during the run it waits for a later one). */
  private answerExpands(asks: RingAsk[], view: (group: number) => GraphView | null, final: boolean): void {
    for (const ask of asks) {
      if (ask.kind !== 'expand' || this.answered.has(ask.requestId)) continue;
      const answer = view(ask.arg) ?? (final ? emptyView() : null);
      if (answer) this.reply(ask.requestId, { type: 'view', requestId: ask.requestId, view: answer });
    }
  }

  private reply(requestId: number, message: WorkerMessage): void {
    if (this.answered.has(requestId)) return;
    this.answered.add(requestId);
    this.post(message);
  }

  private finalView(group: number, execution?: number): GraphView | null {
    const graph = this.run.graph(execution);
    return graph?.hasScope(group) ? graph.view(group) : null;
  }

  /** A graph with the numbers of a recorded step (null: no record, or ops it cannot recompute). */
  private stepView(exported: GraphExport, step: number, scopes: readonly number[]): StepView | null {
    const at = this.run.record()?.viewAt(exported, step, scopes);
    return at ? { step, ...at } : null;
  }
}

/**
 * The panel's gradient check of one leaf (or all): at the parameters the last backward() saw when
 * that step was recorded (`recorded`), else at their values now (the graph recomputed there: the
 * analytic side is then the engine's backward() at that point too). A failed line says if a kink explains it.
 */
function checkGradients(exported: GraphExport, recorded: Map<Value | Tensor, number | Float64Array> | null, nodeId: number | null): GradcheckAnswer | null {
  const start = performance.now();
  return atValues(exported, recorded ?? new Map(), (root) => {
    const at = snapshotLeaves(root);
    const order = exported.order;
    const leaves = nodeId === null ? checkedLeaves(root) : order[nodeId] && isLeaf(order[nodeId]) ? [order[nodeId]] : [];
    const lines = leaves.map((leaf) => {
      const id = exported.nodeIdOf(leaf)!;
      const line = checkLeaf(root, leaf, at, leaf.label || `#${id}`);
      // One leaf: always said; all of them: only where it explains a mismatch (a walk per leaf).
      return { ...line, nodeId: id, kink: nodeId !== null || !line.ok ? kinkOn(order, leaf) : null };
    });
    return { lines, at: recorded ? ('last-step' as const) : ('now' as const), ms: performance.now() - start };
  });
}

/** The graph with these scalar leaves' values (a Value, a one-element tensor): forward and backward recomputed, the graph put back. */
function whatIf(exported: GraphExport, values: Array<[number, number]>, scopes: number[]): WhatIfView | null {
  const replaced = new Map<Value | Tensor, number | Float64Array>();
  for (const [id, value] of values) {
    const node = exported.order[id];
    if (!node || !isLeaf(node) || (node instanceof Tensor && node.data.length !== 1)) continue;
    replaced.set(node, node instanceof Value ? value : Float64Array.of(value));
  }
  return atValues(exported, replaced, () => ({ graph: exported.view(), scopes: scopes.filter((s) => exported.hasScope(s)).map((s) => exported.view(s)) }));
}

const isLeaf = (node: Value | Tensor): boolean => (node instanceof Value ? node.a === null : node.isLeaf && node.requiresGrad);
