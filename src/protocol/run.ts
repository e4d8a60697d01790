// What a run is asked to do, and the events it reports — shared by the runner (worker and host
// side), the extension and the panel. Plain data only: every message survives structured clone
// (postMessage), and large columns travel as typed arrays.

import type { SourceLoc, Summary } from '../engine';
import type { GraphView } from './graph';
import type { DecisionBoundary } from './plot';

export type { SourceLoc, Summary };

/**
 * selection: evaluate `selection` with the document's top-level code before it as context.
 * file: the whole document.
 * train: the document up to `end` (the end of a training loop, given by the CodeLens).
 * cell: a notebook cell, in its notebook's kernel: what earlier cells declared is in scope, and
 *   what this one declares stays for the next (runner/cell-scope.ts).
 */
export type RunMode = 'selection' | 'file' | 'train' | 'cell';

/** A range of the document as character offsets (start inclusive, end exclusive). */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface RunRequest {
  /** Absolute path of the user's file (relative imports resolve from here; errors point here). */
  fileName: string;
  /** The document's full text (unsaved edits included). */
  source: string;
  mode: RunMode;
  /** mode 'selection': the selected range; mode 'train': the range of the loop to run up to. */
  range?: OffsetRange;
  limits: RunLimits;
  /** Largest graph sent node by node; bigger graphs arrive grouped. */
  nodeBudget?: number;
  /** Unsaved text of other open files (absolute path -> text): imports read these, not the disk. */
  unsaved?: Record<string, string>;
  /** Ignore the file's `// gradlens: pace N steps/s` (the CLI: no chart to watch). */
  fullSpeed?: boolean;
  /** Check the root's gradients against finite differences of the recorded graph (the CLI's --gradcheck). */
  gradcheck?: boolean;
  /** Send the graph while the program trains (LiveEvent); off by default (the CLI draws no graph). */
  liveGraph?: boolean;
  /** Memory for the step scrubber's record of parameters, in MB (0 or absent: no record). */
  recordMb?: number;
  /** mode 'cell': the cell's execution order in its kernel; its graph is kept under it (expand requests name it). */
  execution?: number;
  /** gradlens.numberPrecision, for what the runner draws itself (a cell's SVG). */
  numberPrecision?: number;
}

export interface RunLimits {
  /** Wall-clock limit in milliseconds. */
  timeMs: number;
  /**
   * Memory limit in MB: how much the run's process may grow while the run goes — JavaScript heap,
   * tensors' backing stores and everything else it allocates.
   */
  memoryMb: number;
}

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface LogLine {
  level: LogLevel;
  text: string;
  /** The user's line that logged it (0-based), when known. */
  line: number | null;
}

/** console.* output, batched. */
export interface LogEvent {
  type: 'log';
  lines: LogLine[];
  /** Lines dropped since the previous batch because the run logged too much. */
  dropped: number;
}

/** Loss points: one per scalar backward(), batched (~30 messages a second at most; thinned past ~30k points/s). */
export interface LossEvent {
  type: 'loss';
  /**
   * 1-based count of backward() calls in this run, increasing. Consecutive up to ~30k steps/s;
   * past that, a batch keeps each bucket's extremes and its last step (src/runner/decimate.ts).
   */
  steps: Float64Array;
  values: Float64Array;
  /** Milliseconds since the run started. */
  times: Float64Array;
}

/** Values passed to report(name, value), batched like losses. */
export interface MetricEvent {
  type: 'metric';
  names: string[];
  steps: Float64Array;
  values: Float64Array;
  times: Float64Array;
}

/** A variable the run bound, for hovers and inline values. */
export interface Binding {
  name: string;
  /** The declaration (or last assignment) in the user's file. */
  loc: SourceLoc;
  kind: 'value' | 'tensor' | 'number' | 'module' | 'other';
  op: string;
  /** Value or one-element tensor: the number; else null. */
  data: number | null;
  grad: number | null;
  shape: number[] | null;
  summary: Summary | null;
  gradSummary: Summary | null;
  /** The first few values of a tensor, row-major. */
  preview: number[] | null;
  gradPreview: number[] | null;
  /** Its node in the result's graph, when it is part of it. */
  nodeId: number | null;
}

export interface Timings {
  transpileMs: number;
  startMs: number;
  runMs: number;
  exportMs: number;
}

export interface ResultEvent {
  type: 'result';
  /**
   * Why this root: the selected expression, the last backward(), the last scalar expression
   * statement, or (when there is none) the last scalar variable declared in the evaluated code.
   * 'none': a notebook cell that computed no graph (it imports, prints, declares a leaf); its
   * graph is empty (root −1), its bindings are still its variables, for hovers.
   */
  rootReason: 'expression' | 'backward' | 'last-expression' | 'last-variable' | 'none';
  graph: GraphView;
  bindings: Binding[];
  timings: Timings;
  /** Set when the run was stopped: the result is the state at that moment. */
  partial: boolean;
  /** The first value (or gradient) that went NaN or infinite, said in the user's terms. */
  nonFinite: { message: string; loc: SourceLoc | null } | null;
  /** How many times the run called backward() (a gradient's meaning depends on it: see the hover). */
  backwardCalls: number;
  /** The steps the scrubber can show (null: none recorded). */
  record: StepRecordInfo | null;
  /** Asked for (RunRequest.gradcheck): each leaf's gradient against a central difference; null when the graph cannot be recomputed. */
  gradcheck?: GradcheckLine[] | null;
  /** A notebook cell's graph as an SVG image, saved in the notebook for readers without GradLens. */
  svg?: string;
}

/** One leaf of a gradient check (a tensor: its worst element). */
export interface GradcheckLine {
  label: string;
  analytic: number;
  numeric: number;
  relerr: number;
  ok: boolean;
}

/** The graph with some leaves' values changed ("what if"), recomputed in the run's process. */
export interface WhatIfView {
  graph: GraphView;
  scopes: GraphView[];
}

/** A gradient check the panel asked for (one leaf, or all of them), done in the run's process. */
export interface GradcheckAnswer {
  lines: Array<GradcheckLine & { nodeId: number; kink: string | null }>;
  /** 'last-step': at the parameters the last backward() saw (recorded); 'now': at their values after the run (they moved after it). */
  at: 'last-step' | 'now';
  ms: number;
}

export type ErrorKind = 'syntax' | 'runtime' | 'import' | 'no-root' | 'internal';

export interface RunError {
  type: 'error';
  kind: ErrorKind;
  /** In plain words, e.g. "a.matmul(b): shapes [2, 3] and [2, 3] cannot be multiplied". */
  message: string;
  /** The JavaScript error name (TypeError, RangeError, ...), if any. */
  name: string | null;
  /** Where in the user's files: absolute file name, 0-based line and column. */
  file: string | null;
  line: number | null;
  col: number | null;
  /** Stack trace limited to the user's own frames, positions mapped to their files. */
  stack: string | null;
}

/** crashed: the run's process died (a fatal error in a native call, a signal); memory-limit covers a fatal out-of-memory. */
export type StopReason = 'user' | 'time-limit' | 'memory-limit' | 'exit' | 'superseded' | 'unsettled' | 'crashed';

export interface StoppedEvent {
  type: 'stopped';
  reason: StopReason;
  message: string;
}

/**
 * What the step scrubber can show: the parameters of steps first + i·stride (i < count) are
 * recorded (the stride doubles each time the record reaches its memory cap).
 */
export interface StepRecordInfo {
  first: number;
  stride: number;
  count: number;
  bytes: number;
  capBytes: number;
}

/**
 * The graph of the latest finished step while the program trains: sent at most a few times a
 * second, the graph of the root of the last backward() right after it. Nodes and groups keep
 * their ids from view to view while `graph.structure` stays the same.
 */
export interface LiveEvent {
  type: 'live';
  /** The backward() call it is the graph of (1-based, as LossEvent.steps). */
  step: number;
  graph: GraphView;
  /** The insides of the groups the panel opened, at the same step. */
  scopes: GraphView[];
  /** ReLU and tanh units of this step's graph that pass (almost) no gradient. */
  activations: ActivationHealth;
  /** The steps recorded so far (null: none — no module's parameters to record). */
  record: StepRecordInfo | null;
}

/** Units of one step's graph (a tensor's elements count one each). */
export interface ActivationHealth {
  reluUnits: number;
  /** ReLU outputs that are exactly 0: no gradient flows back through them. */
  deadRelu: number;
  tanhUnits: number;
  /** tanh outputs with |t| > 0.97: local derivative 1 − t² < 0.06. */
  saturatedTanh: number;
}

/**
 * Training health per parameter group (a tensor parameter, or a micrograd layer's Values),
 * sampled at most ~50 times a second, batched like losses. Row-major: sample i, group j at
 * i * groups.length + j (−Infinity where a group did not exist yet; NaN is a diverged number).
 */
export interface HealthEvent {
  type: 'health';
  groups: string[];
  /** The backward() call each sample was taken at. */
  steps: Float64Array;
  /** ‖grad‖ (L2) of the group right after that backward(). */
  gradNorms: Float64Array;
  /** log10(‖Δdata‖ / ‖data‖) of the update made after that backward() (NaN: none made). */
  updateRatios: Float64Array;
}

/** The graph at a recorded step (the scrubber), recomputed in the run's process from the recorded parameters. */
export interface StepView {
  step: number;
  graph: GraphView;
  /** The insides of the groups asked for, at that step. */
  scopes: GraphView[];
  /** Whether the recomputed loss and gradients are the recorded ones (not when inputs changed between steps: mini-batches). */
  exact: boolean;
}

/** A gradient-hygiene warning at the user's line (src/runner/lints.ts), with a quick fix when one is obvious. */
export interface Lint {
  kind: 'not-zeroed' | 'backward-twice' | 'unreached' | 'grad-not-required';
  loc: SourceLoc;
  message: string;
  fix: LintFix | null;
}

export type LintFix =
  /** Insert the statement `text` as a line of its own before `line` (0-based), indented as that line is. */
  | { kind: 'insert-line'; line: number; text: string; title: string }
  /** Make the tensor created by the factory call (`tensor(…)`, `zeros(…)`, …) in the statement at `at` require grad. */
  | { kind: 'require-grad'; at: SourceLoc; title: string };

/** The run's gradient lints, once it is over. */
export interface LintEvent {
  type: 'lints';
  lints: Lint[];
}

/** plotDecisionBoundary(): the model on a grid over its points, a few times a second while it trains, and at the end. */
export interface BoundaryEvent {
  type: 'boundary';
  boundary: DecisionBoundary;
}

/** A notebook cell that ends with an expression: its value, as text (Jupyter's Out[n]). */
export interface CellValueEvent {
  type: 'cellValue';
  text: string;
}

export type RunEvent = CellValueEvent | LogEvent | LossEvent | MetricEvent | HealthEvent | LiveEvent | BoundaryEvent | LintEvent | ResultEvent | RunError | StoppedEvent;
