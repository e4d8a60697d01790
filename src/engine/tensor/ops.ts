// The forward half of every tensor op: compute the result and record what its gradient rule
// (grad-rules.ts) will need. An op only joins the graph when one of its inputs requires grad.

import { elementwiseBinaryRules, elementwiseUnaryRules, type BinaryOp, type TensorBinaryOp, type TensorUnaryOp, type UnaryOp } from '../rules';
import { gradMode } from './autograd';
import { around, softmaxRows, sumOver, swapDims } from './kernels';
import { checkOptions, describeValue } from '../options';
import { gemm } from './matmul';
import { broadcastIndex, broadcastShapes, contiguousStrides, formatShape, normalizeDim, numel, sameShape, stridedIndex } from './shape';

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

export function unary(op: UnaryOp | TensorUnaryOp, x: Tensor, k = 0): Tensor {
  const { forward } = elementwiseUnaryRules[op];
  const X = x.data;
  const Y = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) Y[i] = forward(X[i], k);
  return record(op, [x], Y, x.shape, { k });
}

export function binary(op: BinaryOp | TensorBinaryOp, a: Tensor, other: TensorLike): Tensor {
  const b = toTensor(other, `${op}()`);
  const { forward } = elementwiseBinaryRules[op];
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
export function crossEntropy(logits: Tensor, target: Tensor, reduction: Reduction = 'mean', ignoreIndex = -100, labelSmoothing = 0): Tensor {
  if (logits.ndim < 1 || logits.ndim > 2) throw new Error(`cross entropy: expected logits of shape [N, C] or [C], got ${formatShape(logits.shape)}`);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new Error(`cross entropy: labelSmoothing must be between 0.0 and 1.0, got ${labelSmoothing}`);
  const classes = logits.shape[logits.ndim - 1];
  const rows = logits.ndim === 1 ? 1 : logits.shape[0];
  const soft = sameShape(target.shape, logits.shape);
  const { probs, kept } = targetDistribution(target, rows, classes, logits.shape, ignoreIndex);
  // Label smoothing (PyTorch's): each kept row's target becomes (1 − ε)·t + ε/C.
  if (labelSmoothing > 0) {
    for (let r = 0; r < rows; r++) {
      if (!kept[r]) continue;
      for (let c = 0; c < classes; c++) probs[r * classes + c] = probs[r * classes + c] * (1 - labelSmoothing) + labelSmoothing / classes;
    }
  }
  // The mean is over the rows not ignored (NaN when none is), as PyTorch's.
  const count = kept.reduce((a, b) => a + b, 0);
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
  const ctx: OpContext = { targets: probs, softmax, logSumExp, reduction, count, smoothing: labelSmoothing };
  if (reduction === 'none') return record('crossEntropy', inputs, losses, logits.ndim === 1 ? [] : [rows], ctx);
  const sum = losses.reduce((a, b) => a + b, 0);
  return record('crossEntropy', inputs, Float64Array.of(reduction === 'sum' ? sum : sum / count), [], ctx);
}

/** The target as one distribution per row (one-hot for class indices), and which rows count (0: target ignoreIndex). */
function targetDistribution(target: Tensor, rows: number, classes: number, logitsShape: number[], ignoreIndex: number): { probs: Float64Array; kept: Uint8Array } {
  const kept = new Uint8Array(rows).fill(1);
  if (sameShape(target.shape, logitsShape)) return { probs: target.data.slice(), kept };
  if (target.data.length !== rows) {
    throw new Error(`cross entropy: target of shape ${formatShape(target.shape)} does not match logits of shape ${formatShape(logitsShape)} (expected ${rows} class indices)`);
  }
  const probs = new Float64Array(rows * classes);
  target.data.forEach((cls, r) => {
    if (cls === ignoreIndex) {
      kept[r] = 0;
      return;
    }
    if (!Number.isInteger(cls) || cls < 0 || cls >= classes) {
      throw new Error(`cross entropy: target ${cls} is out of bounds for ${classes} classes`);
    }
    probs[r * classes + cls] = 1;
  });
  return { probs, kept };
}

/** Where the largest value is (a NaN counts as largest, as in PyTorch); no gradient. */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  const { values, indices } = extreme('max', x.detach(), dim, keepdim, false);
  return new Tensor(Float64Array.from(indices), values.shape);
}

/** PyTorch's torch.cat: tensors of the same shape but along `dim`, joined there; a 1-D empty tensor is skipped, as PyTorch's legacy rule says. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors)) throw new Error(`cat(): expected an array of tensors, e.g. torch.cat([a, b], 0), got ${describeValue(tensors)}`);
  if (tensors.length === 0) throw new Error('cat(): expected a non-empty list of tensors');
  tensors.forEach((t, i) => toTensor(t, `cat(): tensor ${i}`));
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  if (parts.length === 0) return record('cat', [...tensors], new Float64Array(0), [0], { dim: 0, sizes: tensors.map(() => 0) });
  const first = parts[0];
  if (first.ndim === 0) throw new Error('cat(): zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, first.ndim);
  for (const t of parts) {
    if (t.ndim !== first.ndim) throw new Error(`cat(): tensors must have the same number of dimensions: got ${first.ndim} and ${t.ndim}`);
    t.shape.forEach((n: number, i: number) => {
      if (i !== d && n !== first.shape[i]) {
        throw new Error(`cat(): sizes of tensors must match except in dimension ${d}: expected size ${first.shape[i]} but got size ${n} in dimension ${i} (shapes ${formatShape(first.shape)} and ${formatShape(t.shape)})`);
      }
    });
  }
  // A skipped (1-D empty) tensor contributes nothing.
  const sizes = tensors.map((t) => (t.ndim === 1 && t.shape[0] === 0 ? 0 : t.shape[d]));
  const total = sizes.reduce((a, b) => a + b, 0);
  const shape = first.shape.map((n: number, i: number) => (i === d ? total : n));
  const [outer, , inner] = around(shape, d);
  const Y = new Float64Array(numel(shape));
  let offset = 0;
  tensors.forEach((t, j) => {
    const rowLength = sizes[j] * inner;
    for (let o = 0; o < outer; o++) Y.set(t.data.subarray(o * rowLength, (o + 1) * rowLength), o * total * inner + offset * inner);
    offset += sizes[j];
  });
  return record('cat', [...tensors], Y, shape, { dim: d, sizes });
}

/** torch.stack: tensors of one shape joined along a new dim `dim` (in [−ndim−1, ndim]). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error(`stack(): expected a non-empty array of tensors, e.g. torch.stack([a, b], 0), got ${describeValue(tensors)}`);
  tensors.forEach((t, i) => toTensor(t, `stack(): tensor ${i}`));
  const shape = tensors[0].shape;
  tensors.forEach((t, i) => {
    if (!sameShape(t.shape, shape)) throw new Error(`stack(): expects each tensor to be equal size, but got ${formatShape(shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`);
  });
  return cat(tensors.map((t) => unsqueeze(t, dim)), dim < 0 ? dim + shape.length + 1 : dim);
}

/** The same values with a dim of size 1 inserted at `dim` (in [−ndim−1, ndim]), a view as in PyTorch. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim + 1);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

/** The same values without dims of size 1 (all of them, or `dim` if its size is 1), a view as in PyTorch. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((n) => n !== 1));
  const d = normalizeDim(dim, x.ndim);
  return reshape(x, x.ndim === 0 || x.shape[d] !== 1 ? x.shape : x.shape.filter((_, i) => i !== d));
}

/** Dims startDim..endDim merged into one (torch.flatten), a view; a 0-d tensor becomes [1]. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.ndim);
  const e = normalizeDim(endDim, x.ndim);
  if (s > e) throw new Error(`flatten() has invalid args: start_dim (${startDim}) cannot come after end_dim (${endDim})`);
  return reshape(x, [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/**
 * An op that reads each output element from one position of x (gather, slice, select,
 * embedding): its gradient adds each output's gradient back into that position.
 */
export function take(op: 'gather' | 'slice' | 'select' | 'embedding', x: Tensor, positions: Int32Array, shape: number[]): Tensor {
  const X = x.data;
  const Y = new Float64Array(positions.length);
  for (let i = 0; i < Y.length; i++) Y[i] = X[positions[i]];
  return record(op, [x], Y, shape, { index: [positions] });
}

function checkIndex(i: number, size: number, dim: number): number {
  if (!Number.isInteger(i)) throw new Error(`index ${i} is not an integer`);
  if (i < -size || i >= size) throw new Error(`index ${i} is out of bounds for dimension ${dim} with size ${size}`);
  return i < 0 ? i + size : i;
}

/** torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for dim 1 (and so on); index has x's number of dims. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  toTensor(index, 'gather(): index');
  const d = normalizeDim(dim, x.ndim);
  const rank = Math.max(x.ndim, 1);
  if (Math.max(index.ndim, 1) !== rank) throw new Error(`gather(): index tensor must have the same number of dimensions as input tensor (${x.ndim}), got ${index.ndim}`);
  const xShape = x.ndim === 0 ? [1] : x.shape;
  const iShape = index.ndim === 0 ? [1] : index.shape;
  iShape.forEach((n, i) => {
    if (i !== d && n > xShape[i]) throw new Error(`gather(): size does not match at dimension ${i}: index ${formatShape(index.shape)} vs input ${formatShape(x.shape)}`);
  });
  const xStrides = contiguousStrides(xShape);
  const strides = xStrides.map((s, i) => (i === d ? 0 : s));
  const base = stridedIndex(iShape, strides);
  const positions = new Int32Array(base.length);
  for (let i = 0; i < base.length; i++) positions[i] = base[i] + checkIndex(index.data[i], xShape[d], d) * xStrides[d];
  return take('gather', x, positions, index.shape);
}

/** x[start:end:step] along `dim`, Python's rules: negative bounds count from the end, bounds are clamped, step ≥ 1. */
export function slice(x: Tensor, dim: number, start = 0, end = Infinity, step = 1): Tensor {
  const d = normalizeDim(dim, x.ndim);
  if (x.ndim === 0) throw new Error('slice() cannot be applied to a 0-dim tensor');
  if (!Number.isInteger(step) || step < 1) throw new Error(`slice(): step must be a positive integer, got ${step}`);
  const n = x.shape[d];
  const bound = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const from = bound(start ?? 0);
  const to = Math.max(bound(end ?? Infinity), from);
  const count = Math.ceil((to - from) / step);
  const shape = x.shape.map((m, i) => (i === d ? count : m));
  const strides = contiguousStrides(x.shape);
  const offset = from * strides[d];
  strides[d] *= step;
  const positions = stridedIndex(shape, strides);
  for (let i = 0; i < positions.length; i++) positions[i] += offset;
  return take('slice', x, positions, shape);
}

/** x[index] along `dim`, which is removed (torch.select); a negative index counts from the end. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new Error('select() cannot be applied to a 0-dim tensor');
  const d = normalizeDim(dim, x.ndim);
  const i = checkIndex(index, x.shape[d], d);
  const shape = x.shape.filter((_, k) => k !== d);
  const strides = contiguousStrides(x.shape).filter((_, k) => k !== d);
  const positions = stridedIndex(shape, strides);
  const offset = i * contiguousStrides(x.shape)[d];
  for (let k = 0; k < positions.length; k++) positions[k] += offset;
  return take('select', x, positions, shape);
}

/** min(max(x, lo), hi) elementwise (torch.clamp); gradient 1 where lo ≤ x ≤ hi (boundaries included), else 0. */
export function clamp(x: Tensor, lo: number | undefined, hi: number | undefined): Tensor {
  if (lo === undefined && hi === undefined) throw new Error("clamp(): at least one of 'min' or 'max' must not be undefined");
  for (const bound of [lo, hi]) if (bound !== undefined && typeof bound !== 'number') throw new Error(`clamp(): min and max must be numbers, got ${describeValue(bound)}`);
  const low = lo ?? -Infinity;
  const high = hi ?? Infinity;
  const X = x.data;
  const Y = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const v = X[i] < low ? low : X[i];
    Y[i] = v > high ? high : v;
  }
  return record('clamp', [x], Y, x.shape, { range: [low, high] });
}

/** torch.where(cond, a, b): a where cond is nonzero, else b, all three broadcast; a and b get gradients. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  toTensor(cond, 'where(): condition');
  const ta = toTensor(a, 'where(): input');
  const tb = toTensor(b, 'where(): other');
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape), tb.shape);
  const ic = broadcastIndex(cond.shape, shape);
  const ia = sameShape(ta.shape, shape) ? null : broadcastIndex(ta.shape, shape);
  const ib = sameShape(tb.shape, shape) ? null : broadcastIndex(tb.shape, shape);
  const n = numel(shape);
  const mask = new Uint8Array(n);
  const Y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mask[i] = cond.data[ic[i]] !== 0 ? 1 : 0;
    Y[i] = mask[i] ? ta.data[ia ? ia[i] : i] : tb.data[ib ? ib[i] : i];
  }
  return record('where', [ta, tb], Y, shape, { index: [ia, ib], mask });
}

/** The comparisons that return 0/1 tensors, never tracked (PyTorch's bool results). */
export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** a OP b elementwise with broadcasting, 1 where it holds and 0 where not (NaN compares unequal to everything). */
export function compare(op: Comparison, a: Tensor, other: TensorLike): Tensor {
  const b = toTensor(other, `${op}()`);
  const shape = broadcastShapes(a.shape, b.shape);
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const A = a.data;
  const B = b.data;
  const Y = new Float64Array(numel(shape));
  switch (op) {
    case 'eq': for (let i = 0; i < Y.length; i++) Y[i] = A[ia[i]] === B[ib[i]] ? 1 : 0; break;
    case 'ne': for (let i = 0; i < Y.length; i++) Y[i] = A[ia[i]] !== B[ib[i]] ? 1 : 0; break;
    case 'gt': for (let i = 0; i < Y.length; i++) Y[i] = A[ia[i]] > B[ib[i]] ? 1 : 0; break;
    case 'ge': for (let i = 0; i < Y.length; i++) Y[i] = A[ia[i]] >= B[ib[i]] ? 1 : 0; break;
    case 'lt': for (let i = 0; i < Y.length; i++) Y[i] = A[ia[i]] < B[ib[i]] ? 1 : 0; break;
    case 'le': for (let i = 0; i < Y.length; i++) Y[i] = A[ia[i]] <= B[ib[i]] ? 1 : 0; break;
  }
  return new Tensor(Y, shape);
}

/** Options of var() and std(), as PyTorch 1.13's: Bessel's correction by default. */
export interface VarOptions {
  /** Divide by N − 1 (true, the default) or by N (false); PyTorch's `unbiased`. */
  unbiased?: boolean;
  /** Divide by N − correction (default 1); PyTorch 1.13's `correction`, instead of unbiased. */
  correction?: number;
  /** Keep the reduced dim with size 1 (default false). */
  keepdim?: boolean;
}

/** The variance along `dim` (or of everything): Σ(x − mean)² / (N − correction), recorded as its primitive ops. */
export function variance(x: Tensor, dim: number | undefined, options: VarOptions | undefined, where: string): Tensor {
  const { unbiased, correction, keepdim = false } = checkOptions<VarOptions>(where, options, { unbiased: 'boolean', correction: 'number', keepdim: 'boolean' });
  if (unbiased !== undefined && correction !== undefined) throw new Error(`${where}: cannot specify both unbiased and correction`);
  const c = correction ?? (unbiased === false ? 0 : 1);
  const count = dim === undefined || x.ndim === 0 ? x.data.length : x.shape[normalizeDim(dim, x.ndim)];
  const centered = x.sub(reduce('mean', x, dim, true));
  // As PyTorch: N − correction ≤ 0 divides by 0 (inf or NaN), never by a negative number.
  return reduce('sum', centered.mul(centered), dim, keepdim).div(Math.max(count - c, 0));
}
