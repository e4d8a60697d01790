// The forward half of every tensor op: compute the result and record what its gradient rule
// (grad-rules.ts) will need. An op only joins the graph when one of its inputs requires grad.

import { binaryRules, unaryRules, type BinaryOp, type UnaryOp } from '../rules';
import { gradMode } from './autograd';
import { around, softmaxRows, sumOver, swapDims } from './kernels';
import { describeValue } from '../options';
import { gemm } from './matmul';
import { broadcastIndex, broadcastShapes, formatShape, normalizeDim, numel, sameShape } from './shape';

const broadcastable = (a: number[], b: number[]): boolean =>
  a.every((n, i) => { const m = b[b.length - a.length + i] ?? 1; return n === m || n === 1 || m === 1; });
import { Tensor, type OpContext, type Reduction, type TensorLike, type TensorOp } from './tensor';

function record(op: TensorOp, inputs: Tensor[], data: Float64Array, shape: number[], ctx: OpContext = {}): Tensor {
  const tracked = gradMode.enabled && inputs.some((t) => t.requiresGrad);
  return tracked ? new Tensor(data, shape, { requiresGrad: true }, op, inputs, ctx) : new Tensor(data, shape);
}

export function toTensor(x: TensorLike, where = 'this op'): Tensor {
  if (typeof x === 'number') return new Tensor(Float64Array.of(x), []);
  if (x instanceof Tensor) return x;
  const hint = Array.isArray(x) ? ` — make it one first: torch.tensor(${JSON.stringify(x).slice(0, 40)})` : '';
  throw new Error(`${where}: expected a Tensor or a number, got ${describeValue(x)}${hint}`);
}

export function unary(op: UnaryOp, x: Tensor, k = 0): Tensor {
  const { forward } = unaryRules[op];
  const X = x.data;
  const Y = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) Y[i] = forward(X[i], k);
  return record(op, [x], Y, x.shape, { k });
}

export function binary(op: BinaryOp, a: Tensor, other: TensorLike): Tensor {
  const b = toTensor(other, `${op}()`);
  const { forward } = binaryRules[op];
  const shape = broadcastShapes(a.shape, b.shape);
  const ia = sameShape(a.shape, shape) ? null : broadcastIndex(a.shape, shape);
  const ib = sameShape(b.shape, shape) ? null : broadcastIndex(b.shape, shape);
  const A = a.data;
  const B = b.data;
  const Y = new Float64Array(numel(shape));
  if (ia === null && ib === null) {
    for (let i = 0; i < Y.length; i++) Y[i] = forward(A[i], B[i]);
  } else {
    for (let i = 0; i < Y.length; i++) Y[i] = forward(A[ia ? ia[i] : i], B[ib ? ib[i] : i]);
  }
  return record(op, [a, b], Y, shape, { index: [ia, ib] });
}

/**
 * PyTorch's matmul: 1-D operands are promoted to a row (left) or a column (right) and the added
 * dim removed again; leading dims are batch dims and broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(b instanceof Tensor)) toTensor(b, 'matmul()');
  if (a.ndim === 0 || b.ndim === 0) throw new Error('matmul: both arguments need at least 1 dimension, got a 0-d tensor');
  const aShape = a.ndim === 1 ? [1, a.shape[0]] : a.shape;
  const bShape = b.ndim === 1 ? [b.shape[0], 1] : b.shape;
  const [m, k] = aShape.slice(-2);
  const [k2, n] = bShape.slice(-2);
  if (k !== k2) {
    throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied (${m}x${k} and ${k2}x${n})`);
  }
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  if (!broadcastable(aBatch, bBatch)) {
    throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied: their batch dims ${formatShape(aBatch)} and ${formatShape(bBatch)} do not broadcast`);
  }
  const batch = broadcastShapes(aBatch, bBatch);
  const batches = numel(batch);
  const ia = broadcastIndex(aBatch, batch);
  const ib = broadcastIndex(bBatch, batch);
  const Y = new Float64Array(batches * m * n);
  for (let i = 0; i < batches; i++) {
    gemm(a.data, ia[i] * m * k, false, b.data, ib[i] * k * n, false, Y, i * m * n, m, n, k);
  }
  const shape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  return record('matmul', [a, b], Y, shape, { index: [ia, ib], mkn: [m, k, n] });
}

/** x·Wᵀ + b, nn.Linear's op: x is [..., in], W is [out, in], b is [out]. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  const [outFeatures, inFeatures] = weight.shape;
  if (x.shape[x.ndim - 1] !== inFeatures) {
    throw new Error(`linear: input of shape ${formatShape(x.shape)} does not fit a weight of shape ${formatShape(weight.shape)} (expected last dim ${inFeatures})`);
  }
  const rows = x.data.length / inFeatures;
  const Y = new Float64Array(rows * outFeatures);
  gemm(x.data, 0, false, weight.data, 0, true, Y, 0, rows, outFeatures, inFeatures);
  if (bias !== null) {
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < outFeatures; j++) Y[r * outFeatures + j] += bias.data[j];
    }
  }
  const shape = [...x.shape.slice(0, -1), outFeatures];
  return record('linear', bias ? [x, weight, bias] : [x, weight], Y, shape, { mkn: [rows, inFeatures, outFeatures] });
}

export function reduce(op: 'sum' | 'mean', x: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined || x.ndim === 0) {
    const total = sumOver(x.data, x.shape, null);
    if (op === 'mean') total[0] /= x.data.length;
    return record(op, [x], total, keepdim ? x.shape.map(() => 1) : [], { dim: null });
  }
  const d = normalizeDim(dim, x.ndim);
  const Y = sumOver(x.data, x.shape, d);
  if (op === 'mean') for (let i = 0; i < Y.length; i++) Y[i] /= x.shape[d];
  return record(op, [x], Y, reducedShape(x.shape, d, keepdim), { dim: d });
}

function reducedShape(shape: number[], dim: number, keepdim: boolean): number[] {
  return keepdim ? shape.map((n, i) => (i === dim ? 1 : n)) : shape.filter((_, i) => i !== dim);
}

/**
 * The largest (or smallest) values along `dim`, or of everything, as PyTorch gives them: a NaN
 * wins (the first one), and so does the first of equal values. `split`: the gradient is shared
 * evenly among equal values (PyTorch's max() of everything, amax, amin); otherwise it goes to the
 * position each value was taken from (max(dim), whose indices say where). `from` returns those
 * positions, as indices along `dim`.
 */
export function extreme(op: 'max' | 'min', x: Tensor, dim: number | undefined, keepdim: boolean, split: boolean): { values: Tensor; indices: Int32Array } {
  if (x.data.length === 0) throw new Error(`${op}(): the tensor is empty`);
  const better = op === 'max' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const whole = dim === undefined || x.ndim === 0;
  const d = whole ? null : normalizeDim(dim, x.ndim);
  const [outer, n, inner] = d === null ? [1, x.data.length, 1] : around(x.shape, d);
  const X = x.data;
  const Y = new Float64Array(outer * inner);
  const from = new Int32Array(outer * inner);
  const indices = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      const at = (j: number): number => (o * n + j) * inner + i;
      for (let j = 1; j < n && !Number.isNaN(X[at(best)]); j++) {
        if (better(X[at(j)], X[at(best)]) || Number.isNaN(X[at(j)])) best = j;
      }
      Y[o * inner + i] = X[at(best)];
      from[o * inner + i] = at(best);
      indices[o * inner + i] = best;
    }
  }
  const shape = d === null ? (keepdim ? x.shape.map(() => 1) : []) : reducedShape(x.shape, d, keepdim);
  const ctx: OpContext = split ? { dim: d } : { index: [from] };
  return { values: record(op, [x], Y, shape, ctx), indices };
}

/** Same values, new shape: shares the data, as a PyTorch view does. */
export function reshape(x: Tensor, shape: number[]): Tensor {
  return record('reshape', [x], x.data, shape);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim < 2) return reshape(x, x.shape);
  const d0 = normalizeDim(dim0, x.ndim);
  const d1 = normalizeDim(dim1, x.ndim);
  const shape = [...x.shape];
  [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
  return record('transpose', [x], swapDims(x.data, x.shape, d0, d1), shape, { dims: [d0, d1] });
}

/**
 * Mean cross-entropy of logits [N, C] (or [C]) against class indices [N] (or a 0-d index), or
 * against class probabilities of the logits' shape. Fused, and computed from log-sum-exp, so
 * logits of ±1000 give a finite loss and gradient.
 */
/**
 * Cross-entropy of logits [N, C] (or [C]) against class indices or class probabilities, reduced
 * as PyTorch's `reduction` says: 'mean' over rows, 'sum', or 'none' (a loss per row). A target of
 * probabilities that requires grad gets a gradient too, as in PyTorch.
 */
export function crossEntropy(logits: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  if (logits.ndim < 1 || logits.ndim > 2) throw new Error(`cross entropy: expected logits of shape [N, C] or [C], got ${formatShape(logits.shape)}`);
  const classes = logits.shape[logits.ndim - 1];
  const rows = logits.ndim === 1 ? 1 : logits.shape[0];
  const soft = sameShape(target.shape, logits.shape);
  const probs = targetDistribution(target, rows, classes, logits.shape);
  const softmax = softmaxRows(logits.data, rows, classes);
  const logSumExp = new Float64Array(rows);
  const losses = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits.data[r * classes + c]);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits.data[r * classes + c] - max);
    logSumExp[r] = max + Math.log(total);
    for (let c = 0; c < classes; c++) {
      const p = probs[r * classes + c];
      if (p !== 0) losses[r] += p * (logSumExp[r] - logits.data[r * classes + c]);
    }
  }
  const inputs = soft && target.requiresGrad ? [logits, target] : [logits];
  const ctx: OpContext = { targets: probs, softmax, logSumExp, reduction };
  if (reduction === 'none') return record('crossEntropy', inputs, losses, logits.ndim === 1 ? [] : [rows], ctx);
  const sum = losses.reduce((a, b) => a + b, 0);
  return record('crossEntropy', inputs, Float64Array.of(reduction === 'sum' ? sum : sum / rows), [], ctx);
}

function targetDistribution(target: Tensor, rows: number, classes: number, logitsShape: number[]): Float64Array {
  if (sameShape(target.shape, logitsShape)) return target.data.slice();
  if (target.data.length !== rows) {
    throw new Error(`cross entropy: target of shape ${formatShape(target.shape)} does not match logits of shape ${formatShape(logitsShape)} (expected ${rows} class indices)`);
  }
  const probs = new Float64Array(rows * classes);
  target.data.forEach((cls, r) => {
    if (!Number.isInteger(cls) || cls < 0 || cls >= classes) {
      throw new Error(`cross entropy: target ${cls} is out of bounds for ${classes} classes`);
    }
    probs[r * classes + cls] = 1;
  });
  return probs;
}

/** Where the largest value is (a NaN counts as largest, as in PyTorch); no gradient. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  const { values, indices } = extreme('max', x.detach(), dim, keepdim, false);
  return new Tensor(Float64Array.from(indices), values.shape);
}
