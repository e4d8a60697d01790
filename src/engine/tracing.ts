// The hooks through which the runner watches a snippet run, without the engine knowing about it:
// where in the user's source the current statement is, each scalar backward() (a loss point),
// each plotDecisionBoundary() call, and a `.grad` read that can never give a gradient. All are no-ops (null) when the engine is used as a plain library.

import type { PlotRequest } from './plot';

/** A range in the user's file; lines and columns are 0-based, as in VS Code's API. */
export interface SourceLoc {
  /** The start's line (0-based). */
  line: number;
  /** The start's column (0-based). */
  col: number;
  /** The end's line (0-based). */
  endLine: number;
  /** The end's column (0-based, exclusive). */
  endCol: number;
  /** The file, when it is not the one the run started from (a relative import). */
  file?: string;
}

/** Anything backward() can be called on: a Value or a Tensor. */
export interface Differentiable {
  readonly op: string;
  label: string;
  loc: SourceLoc | null;
}

/** The hooks a GradLens run sets to follow the code (the current statement, each scalar backward(), each plot); they stay null when the engine is used as a plain library. */
export const tracing = {
  /** The statement now running; every node created records it. Set by instrumented code. */
  loc: null as SourceLoc | null,
  /** Called after every backward() on a scalar root, with the root and its value. */
  onBackward: null as ((root: Differentiable, value: number) => void) | null,
  /** Called as every backward() starts, before any gradient changes (the runner's gradient lints). */
  beforeBackward: null as ((root: Differentiable) => void) | null,
  /** Called by plotDecisionBoundary() with its checked arguments (the points and labels copied); the run draws it in the panel. */
  onPlot: null as ((plot: PlotRequest) => void) | null,
  /**
   * Called when the program reads `.grad` of a tensor that does not require grad (always null: the
   * runner's gradient lints). Not for reads that can hold a gradient, so a training loop reading
   * its parameters' gradients never calls it; not during backward() or the engine's own reads.
   */
  onGradRead: null as ((tensor: Differentiable) => void) | null,
};

/**
 * Runs `fn` with `.grad` reads unseen by the gradient lints: GradLens's own reads (a backward()'s
 * hooks — loss point, live graph, health, lints —, an optimizer's step, graph()) are not the program's.
 */
export function withoutGradReads<T>(fn: () => T): T {
  const onGradRead = tracing.onGradRead;
  tracing.onGradRead = null;
  try {
    return fn();
  } finally {
    tracing.onGradRead = onGradRead;
  }
}

/**
 * Runs `fn` unseen by the run: no hook fires during it (a replay's backward() is not a step, a
 * plot's evaluation is not a loss point), and the statement location is put back after it.
 */
export function untraced<T>(fn: () => T): T {
  const saved = { ...tracing };
  tracing.onBackward = null;
  tracing.beforeBackward = null;
  tracing.onPlot = null;
  tracing.onGradRead = null;
  try {
    return fn();
  } finally {
    Object.assign(tracing, saved);
  }
}
