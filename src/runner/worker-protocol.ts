// What a run's process hands the worker thread inside it, and the messages they exchange besides
// RunEvents. The worker starts before there is a run (a warm spare) and gets its run as a message.

import type { GradcheckAnswer, GraphView, RunEvent, RunLimits, RunRequest, StepView, WhatIfView } from '../protocol';
import type { Site } from './instrument';

/** The runtime's name in instrumented code (instrument.ts), a parameter of the module wrapper (worker.ts). */
export const RUNTIME = '__gradlens';

export interface CompiledModule {
  js: string;
  /** How this module's relative imports resolve: specifier -> absolute file name. */
  deps: Record<string, string>;
}

/** workerData: what the worker needs before it knows its run. */
export interface WorkerBoot {
  /** Int32Array[1]: 0 while running; a StopCode once the run should end (see stop.ts). */
  stopFlag: SharedArrayBuffer;
  /** Requests while the program runs (ask-ring.ts). */
  askRing: SharedArrayBuffer;
}

export interface WorkerInput {
  mainFile: string;
  modules: Record<string, CompiledModule>;
  sites: Site[];
  regionIsExpression: boolean;
  /** A selection that is one variable's name: the last value bound to it is the root. */
  rootVariable: string | null;
  nodeBudget: number;
  /** For the messages of a run stopped at a limit. */
  limits: RunLimits;
  /** The file's `// gradlens: pace N steps/s` (pace.ts), or null: full speed. */
  stepsPerSecond: number | null;
  /** Check the root's gradients when the run ends (gradcheck.ts). */
  gradcheck: boolean;
  /** What was asked to run: a training run shows its graph from the first step. */
  mode: RunRequest['mode'];
  /** Send the graph while the program runs (live-graph.ts). */
  liveGraph: boolean;
  /** The step scrubber's memory cap in bytes (0: no record). */
  recordBytes: number;
  /** A notebook cell's execution order (0 for other runs): its graph is kept under it. */
  execution: number;
  /** A notebook cell: the names its top level declares, defined on globalThis before it runs (cell-scope.ts). */
  cellGlobals: string[];
  /** A notebook cell that ends with an expression: its value is the cell's result. */
  endsWithExpression: boolean;
}

/**
 * Process -> worker: the run (once); `stop` for a program idle in its event loop (a busy one sees
 * the stop flag); after the run, requests for the inside of a group.
 */
export type ToWorker = { type: 'run'; input: WorkerInput } | { type: 'stop' } | ExpandRequest | ScrubRequest | GradcheckRequest | WhatIfRequest;

/** The final graph with some scalar leaves' values changed, after the run. */
export interface WhatIfRequest {
  type: 'whatIf';
  requestId: number;
  values: Array<[number, number]>;
  scopes: number[];
}

/** A gradient check of one leaf (`nodeId`) or of all of them (null), after the run. */
export interface GradcheckRequest {
  type: 'gradcheck';
  requestId: number;
  nodeId: number | null;
}

/** The graph at a recorded step (step-record.ts), with the insides of `scopes`. */
export interface ScrubRequest {
  type: 'scrub';
  requestId: number;
  step: number;
  scopes: number[];
}

export interface ExpandRequest {
  type: 'expand';
  requestId: number;
  group: number;
  /** In a notebook's kernel: which cell execution's graph (absent: the latest). */
  execution?: number;
}

/**
 * Worker -> process: RunEvents, then `ending` (the program is over, the graph is being exported —
 * a stop has been heard), answers to expand requests, and `finished` once the last event is out.
 */
export type WorkerMessage =
  | RunEvent
  | { type: 'ending' }
  | { type: 'view'; requestId: number; view: GraphView }
  | { type: 'stepView'; requestId: number; view: StepView | null }
  | { type: 'gradchecked'; requestId: number; answer: GradcheckAnswer | null }
  | { type: 'whatIfView'; requestId: number; view: WhatIfView | null }
  | { type: 'finished'; runMs: number; exportMs: number };

/** The answer to "expand" when there is nothing to show (the group is not in the graph, the process is gone). */
export function emptyView(): GraphView {
  return { structure: -1, totalNodes: 0, totalEdges: 0, scope: -1, nodes: [], groups: [], edges: [], root: -1, firstNonFinite: null };
}
