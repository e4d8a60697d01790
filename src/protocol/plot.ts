// A decision boundary as the panel receives it (plotDecisionBoundary in a run): the model's score on
// a grid, evaluated by the worker (src/runner/decision-boundary.ts), and the points. Columns are
// typed arrays, one buffer each, so a message is copied cheaply and survives structured cloning.

/** A closed range of one axis. */
export interface AxisRange {
  min: number;
  max: number;
}

export interface DecisionBoundary {
  /** The training step (backward() calls so far) whose model this is. */
  step: number;
  /** The grid's extent: the points' range with a margin on each side. */
  x: AxisRange;
  y: AxisRange;
  /** Cells per row (along x) and rows (along y). */
  nx: number;
  ny: number;
  /**
   * The model's raw output per cell, row-major from the bottom: scores[j * nx + i] is the score at
   * the centre of cell (i, j), x = x.min + (i + ½)·(x.max − x.min)/nx, y likewise with j. For a
   * model with two outputs per point it is output[1] − output[0]. NaN where the model gave NaN.
   */
  scores: Float64Array;
  /**
   * Score above the threshold: the model says class 1. 0 for −1/1 labels and for raw scores
   * (logits, micrograd's max-margin score); 0.5 for 0/1 labels when every score lies in [0, 1]
   * (a sigmoid output, a probability).
   */
  threshold: number;
  /** The points; labels as the user gave them (−1/1 or 0/1): label > 0 is class 1. */
  points: { xs: Float64Array; ys: Float64Array; labels: Float64Array };
  /** Share of the points (0..1) on their class's side of the threshold at this step. */
  accuracy: number;
  /** How long the evaluation took in the worker, in ms. */
  ms: number;
}
