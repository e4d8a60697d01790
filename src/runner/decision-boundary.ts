// The model of a plotDecisionBoundary() call, evaluated on a grid over its points, for the panel
// (protocol/plot.ts). The worker calls this a few times a second while the model trains, so it
// must be cheap and must leave no trace in the run: a micrograd MLP is evaluated on numbers
// (forwardNumbers, no Value per point), a tensor module by one batched forward under noGrad, and
// anything else point by point with the run's hooks held off; every module is evaluated in eval
// mode (Dropout off, BatchNorm's running statistics untouched), then put back as it was.

import { Tensor, Value, nn, noGrad, untraced, type PlotModel, type PlotRequest } from '../engine';
import { MLP, forwardNumbers } from '../engine/nn/micrograd';
import type { AxisRange, DecisionBoundary } from '../protocol';

/** The grid reaches past the points by this share of their larger span (micrograd's demo: ±1 around moons 3.4 wide). */
const MARGIN = 0.25;

/** The model's score at every grid cell and point for `plot`, as the model is now (after `step` backward() calls). */
export function evaluateBoundary(plot: PlotRequest, step: number): DecisionBoundary {
  const start = performance.now();
  const n = plot.resolution;
  const [x, y] = gridRanges(plot.X);
  // Grid centres first, then the points, row-major [x, y] pairs: one evaluation for both.
  const inputs = new Float64Array(2 * (n * n + plot.X.length));
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) inputs.set([cellCentre(x, n, i), cellCentre(y, n, j)], 2 * (j * n + i));
  }
  inputs.set(plot.X.flat(), 2 * n * n);
  const all = withoutTrace(plot.model, () => evaluate(plot.model, inputs));
  const threshold = chooseThreshold(plot.negativeLabel, all);
  const pointScores = all.subarray(n * n);
  const right = plot.y.filter((label, k) => pointScores[k] > threshold === label > 0).length;
  return {
    step,
    x,
    y,
    nx: n,
    ny: n,
    scores: all.slice(0, n * n),
    threshold,
    points: {
      xs: Float64Array.from(plot.X, (p) => p[0]),
      ys: Float64Array.from(plot.X, (p) => p[1]),
      labels: Float64Array.from(plot.y),
    },
    accuracy: right / plot.y.length,
    ms: performance.now() - start,
  };
}

/** The centre of cell `i` of `n` along an axis. */
export function cellCentre(range: AxisRange, n: number, i: number): number {
  return range.min + ((i + 0.5) * (range.max - range.min)) / n;
}

/**
 * 0.5 when the labels are 0/1 and every finite score lies in [0, 1] — the model ends in a sigmoid,
 * its score is a probability — else 0: the sign of a raw score (micrograd's max-margin score with
 * −1/1 labels, a logit with 0/1 labels).
 */
export function chooseThreshold(negativeLabel: -1 | 0, scores: Float64Array): number {
  if (negativeLabel !== 0) return 0;
  let finite = 0;
  for (const s of scores) {
    if (!Number.isFinite(s)) continue;
    if (s < 0 || s > 1) return 0;
    finite++;
  }
  return finite > 0 ? 0.5 : 0;
}

/** The points' range on each axis, widened on both sides by MARGIN × the larger span (by 1 for a single point). */
function gridRanges(X: number[][]): [AxisRange, AxisRange] {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const p of X) {
    for (const d of [0, 1]) [lo[d], hi[d]] = [Math.min(lo[d], p[d]), Math.max(hi[d], p[d])];
  }
  const margin = MARGIN * Math.max(hi[0] - lo[0], hi[1] - lo[1]) || 1;
  return [0, 1].map((d) => ({ min: lo[d] - margin, max: hi[d] + margin })) as [AxisRange, AxisRange];
}

/** One score per input point ([x, y] pairs, row-major). */
function evaluate(model: PlotModel, inputs: Float64Array): Float64Array {
  const count = inputs.length / 2;
  if (model instanceof MLP && model.forward === MLP.prototype.forward) {
    const out = forwardNumbers(model, inputs, count);
    return scoresOfRows(out, count, [count, out.length / count]);
  }
  if (model instanceof nn.Module && !model.parameters().some((p) => p instanceof Value)) {
    const out = model.forward(new Tensor(inputs.slice(), [count, 2]));
    if (!(out instanceof Tensor)) throw new Error(`plotDecisionBoundary: the model's forward() on a batch of points [${count}, 2] must return a Tensor; got ${describe(out)}`);
    return scoresOfRows(out.data, count, out.shape);
  }
  const call = typeof model === 'function' ? model : (p: number[]) => (model as { forward(p: number[]): unknown }).forward(p);
  return Float64Array.from({ length: count }, (_, k) => scoreOf(call([inputs[2 * k], inputs[2 * k + 1]])));
}

/** A batch's scores: one output per point, or output[1] − output[0] for two class scores. */
function scoresOfRows(out: Float64Array, count: number, shape: number[]): Float64Array {
  if (out.length === count) return out.slice();
  if (out.length === 2 * count && shape[shape.length - 1] === 2) return Float64Array.from({ length: count }, (_, k) => out[2 * k + 1] - out[2 * k]);
  throw new Error(`plotDecisionBoundary: the model's output for a batch of points [${count}, 2] has shape [${shape.join(', ')}]; it must give one score per point ([${count}] or [${count}, 1]) or two class scores ([${count}, 2])`);
}

/** One point's score: the output itself, or output[1] − output[0] for two class scores. */
function scoreOf(output: unknown): number {
  const values = output instanceof Tensor ? Array.from(output.data) : Array.isArray(output) || ArrayBuffer.isView(output) ? Array.from(output as ArrayLike<unknown>) : [output];
  const numbers = values.map((v) => (v instanceof Value ? v.data : v));
  if (numbers.every((v) => typeof v === 'number')) {
    if (numbers.length === 1) return numbers[0];
    if (numbers.length === 2) return numbers[1] - numbers[0];
  }
  throw new Error(`plotDecisionBoundary: the model must give one score per point (a Value, a number, a one-element Tensor) or two class scores; it gave ${describe(output)}`);
}

function describe(output: unknown): string {
  if (output instanceof Tensor) return `a Tensor of shape [${output.shape.join(', ')}]`;
  if (Array.isArray(output)) return `an array of ${output.length}`;
  return output === null ? 'null' : typeof output;
}

/**
 * Runs `fn` so that the run does not see it: no loss point or plot from user code it calls, the
 * statement location put back, no tensor graph recorded, and modules in eval mode meanwhile.
 */
function withoutTrace<T>(model: PlotModel, fn: () => T): T {
  const modules = model instanceof nn.Module ? model.modules() : [];
  const training = modules.map((m) => m.training);
  modules.forEach((m) => (m.training = false));
  try {
    return untraced(() => noGrad(fn));
  } finally {
    modules.forEach((m, k) => (m.training = training[k]));
  }
}
