// plotDecisionBoundary: the figure that ends micrograd's demo notebook — the points of a 2-D
// classification and the line where the model's score changes class. The engine only checks the
// arguments and hands a copy of them to the run (tracing.onPlot); evaluating the grid and drawing
// are the runner's and the panel's jobs, so outside a GradLens run the call does nothing more.

import { MLP } from './nn/micrograd';
import { describeValue, checkOptions } from './options';
import { Tensor } from './tensor/tensor';
import { formatShape } from './tensor/shape';
import { tracing } from './tracing';
import type { Value } from './value';

/** A model plotDecisionBoundary can draw: one with forward() (nn.MLP, an nn.Module), or a function of one point [x, y]. */
export type PlotModel = { forward(...inputs: never[]): unknown } | ((point: number[]) => Value | Tensor | number);

/** Options of plotDecisionBoundary. */
export interface PlotOptions {
  /** Grid cells per side where the model is evaluated (default 40, at most 200). */
  resolution?: number;
}

/** What a run receives from plotDecisionBoundary (through tracing.onPlot): the model itself, the rest copied. */
export interface PlotRequest {
  /** The model, by reference: the plot follows it as it trains. */
  model: PlotModel;
  /** The points, one [x, y] each (a copy: changing the user's array later does not move them). */
  X: number[][];
  /** One label per point: −1 or 1, or 0 or 1 (a copy). */
  y: number[];
  /** The label of the class below the threshold: −1 when any label is −1 (micrograd's ±1), else 0; the other class is 1. */
  negativeLabel: -1 | 0;
  /** Grid cells per side. */
  resolution: number;
}

const WHERE = 'plotDecisionBoundary(model, X, y)';
const MAX_RESOLUTION = 200;

/**
 * Draws the points X (n×2) with their labels y and the model's decision boundary in the GradLens
 * panel, updated live while the model trains — the figure that ends micrograd's demo. Call it once
 * before the training loop (or after it). `model`: an nn.MLP, an nn.Module (a batch [n, 2] in, a
 * score per row out) or a function of one point; `y`: −1/1 (micrograd's demo) or 0/1 labels.
 * Outside a GradLens run it only checks its arguments.
 */
export function plotDecisionBoundary(model: PlotModel, X: number[][] | Tensor, y: number[] | Tensor, options: PlotOptions = {}): void {
  const { resolution = 40 } = checkOptions<PlotOptions>('plotDecisionBoundary', options, { resolution: 'number' });
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > MAX_RESOLUTION) {
    throw new Error(`plotDecisionBoundary: resolution is the number of grid cells per side, an integer from 2 to ${MAX_RESOLUTION}; got ${resolution}`);
  }
  checkModel(model);
  const points = copyPoints(X);
  if (points.length === 0) throw new Error(`${WHERE}: X has no points`);
  const labels = copyLabels(y);
  if (labels.length !== points.length) throw new Error(`${WHERE}: X has ${points.length} points but y has ${labels.length} labels; give one label per point`);
  const negativeLabel = labels.includes(-1) ? -1 : 0;
  if (negativeLabel === -1 && labels.includes(0)) throw new Error(`${WHERE}: y mixes the labels −1 and 0; use −1/1 (as micrograd's demo) or 0/1`);
  tracing.onPlot?.({ model, X: points, y: labels, negativeLabel, resolution });
}

function checkModel(model: unknown): void {
  const callable = typeof model === 'function' || (typeof model === 'object' && model !== null && typeof (model as { forward?: unknown }).forward === 'function');
  if (!callable) throw new Error(`${WHERE}: model must be a model with forward() (an nn.MLP or nn.Module) or a function of a point [x, y]; got ${describeValue(model)}`);
  const inputs = model instanceof MLP ? model.layers[0]?.neurons[0]?.w.length : 2;
  if (inputs !== 2) throw new Error(`${WHERE}: the model takes ${inputs} inputs, but a point has 2 (x and y); make it nn.MLP(2, […])`);
}

function copyPoints(X: unknown): number[][] {
  if (X instanceof Tensor) {
    if (X.ndim !== 2 || X.shape[1] !== 2) throw new Error(`${WHERE}: X must hold 2-D points, shape [n, 2]; got a Tensor of shape ${formatShape(X.shape)}`);
    return Array.from({ length: X.shape[0] }, (_, i) => checkPoint([X.data[2 * i], X.data[2 * i + 1]], i));
  }
  if (!Array.isArray(X)) throw new Error(`${WHERE}: X must be the points, one [x, y] per sample (e.g. makeMoons().X); got ${describeValue(X)}`);
  return X.map((point: unknown, i) => {
    if (!Array.isArray(point) || point.length !== 2) throw new Error(`${WHERE}: X must hold 2-D points, one [x, y] per sample; X[${i}] is ${describeValue(point)}`);
    return checkPoint(point, i);
  });
}

function checkPoint(point: unknown[], i: number): number[] {
  if (!point.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`${WHERE}: the coordinates of X[${i}] must be finite numbers; got [${point.map((v) => (typeof v === 'number' ? String(v) : describeValue(v))).join(', ')}]`);
  }
  return [...(point as number[])];
}

function copyLabels(y: unknown): number[] {
  let labels: unknown[];
  if (y instanceof Tensor) {
    if (y.ndim > 2 || (y.ndim === 2 && y.shape[1] !== 1)) throw new Error(`${WHERE}: y must hold one label per point, shape [n] (or [n, 1]); got a Tensor of shape ${formatShape(y.shape)}`);
    labels = Array.from(y.data);
  } else if (Array.isArray(y)) {
    labels = y;
  } else {
    throw new Error(`${WHERE}: y must be the labels, one number per point; got ${describeValue(y)}`);
  }
  labels.forEach((label, i) => {
    if (label !== -1 && label !== 0 && label !== 1) throw new Error(`${WHERE}: y[${i}] is ${describeValue(label)}; labels must be two classes, −1/1 (as micrograd's demo) or 0/1`);
  });
  return [...(labels as number[])];
}
