// The gradient of every tensor op, in one table (as tinygrad keeps them). For an op with inputs
// (x0, x1, ...) an entry lists, per input, a function from the output's gradient g to that
// input's gradient, already summed back to the input's shape. Elementwise ops take their
// derivatives from the table shared with the scalar engine (../rules.ts).

import { elementwiseBinaryRules, elementwiseUnaryRules, type BinaryOp, type TensorBinaryOp, type TensorUnaryOp, type UnaryOp } from '../rules';
import { around, spreadOver, sumOver, swapDims } from './kernels';
import { gemm } from './matmul';
import type { Tensor, TensorOp } from './tensor';

// `which` is the input's position: an op with any number of inputs (cat) has one rule for all.
type GradRule = (g: Float64Array, out: Tensor, which: number) => Float64Array;

export const gradRules: Record<Exclude<TensorOp, ''>, GradRule[]> = {
  neg: [unaryGrad], relu: [unaryGrad], tanh: [unaryGrad], sigmoid: [unaryGrad],
  exp: [unaryGrad], log: [unaryGrad], abs: [unaryGrad], leakyRelu: [unaryGrad], gelu: [unaryGrad], std: [unaryGrad],
  // x ** k with a number k has one input; with a tensor exponent, two.
  pow: [(g, out) => (out.inputs.length === 1 ? unaryGrad(g, out) : binaryGrad(0)(g, out, 0)), binaryGrad(1)],

  add: [binaryGrad(0), binaryGrad(1)],
  sub: [binaryGrad(0), binaryGrad(1)],
  mul: [binaryGrad(0), binaryGrad(1)],
  div: [binaryGrad(0), binaryGrad(1)],
  bce: [binaryGrad(0), binaryGrad(1)],
  bceWithLogits: [binaryGrad(0), binaryGrad(1)],

  // C = A·B:  dA = g·Bᵀ,  dB = Aᵀ·g   (per batch; broadcast batches sum up).
  matmul: [
    (g, out) => batchedProduct(out, g, (G, _A, B, dA, gAt, aAt, bAt, m, k, n) => gemm(G, gAt, false, B, bAt, true, dA, aAt, m, k, n), 0),
    (g, out) => batchedProduct(out, g, (G, A, _B, dB, gAt, aAt, bAt, m, k, n) => gemm(A, aAt, true, G, gAt, false, dB, bAt, k, n, m), 1),
  ],

  // y = x·Wᵀ + b:  dx = g·W,  dW = gᵀ·x,  db = Σ_rows g.
  linear: [linearGradInput, linearGradWeight, (g, out) => sumOver(g, [out.ctx.mkn![0], out.ctx.mkn![2]], 0)],

  sum: [(g, out) => spreadOver(g, out.inputs[0].shape, out.ctx.dim!, 1)],
  mean: [(g, out) => spreadOver(g, out.inputs[0].shape, out.ctx.dim!, 1 / reducedCount(out))],
  // max/min along a dim: the gradient goes to the position each value was taken from; of
  // everything, and amax/amin: shared evenly among the values equal to the result (PyTorch).
  max: [extremeGrad],
  min: [extremeGrad],
  reshape: [(g) => g],
  transpose: [(g, out) => swapDims(g, out.shape, ...out.ctx.dims!)],

  // cat: each input gets its own stretch of g along the joined dim (one rule serves every input).
  cat: [catGrad],
  // Ops that read each output from one input position: the gradient adds back into it.
  gather: [takeGrad], slice: [takeGrad], select: [takeGrad], embedding: [takeGrad],
  // clamp: 1 where lo <= x <= hi (PyTorch 1.13 passes the gradient at the boundaries), else 0 (NaN too).
  clamp: [clampGrad],
  // where(cond, a, b): g goes to a where cond held and to b elsewhere, summed back over broadcasting.
  where: [whereGrad(0), whereGrad(1)],

  // loss = mean_rows Σ_c t·(logsumexp − z):  dz = (softmax·Σ_c t − t) / rows.
  crossEntropy: [crossEntropyGradLogits, crossEntropyGradTarget],
};

function unaryGrad(g: Float64Array, out: Tensor): Float64Array {
  const { d } = elementwiseUnaryRules[out.op as UnaryOp | TensorUnaryOp];
  const X = out.inputs[0].data;
  const Y = out.data;
  const k = out.ctx.k!;
  const dx = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) dx[i] = d(X[i], Y[i], k) * g[i];
  return dx;
}

function binaryGrad(which: 0 | 1): GradRule {
  return (g, out) => {
    const rule = elementwiseBinaryRules[out.op as BinaryOp | TensorBinaryOp];
    const derivative = which === 0 ? rule.da : rule.db;
    const [a, b] = out.inputs;
    const [ia, ib] = out.ctx.index!;
    const A = a.data;
    const B = b.data;
    const Y = out.data;
    const target = which === 0 ? ia : ib;
    const dx = new Float64Array(out.inputs[which].data.length);
    // Adding into dx[target[i]] sums over the dims that broadcasting stretched.
    for (let i = 0; i < g.length; i++) {
      const ai = ia ? ia[i] : i;
      const bi = ib ? ib[i] : i;
      dx[target ? target[i] : i] += derivative(A[ai], B[bi], Y[i]) * g[i];
    }
    return dx;
  };
}

type BatchStep = (
  G: Float64Array, A: Float64Array, B: Float64Array, into: Float64Array,
  gAt: number, aAt: number, bAt: number, m: number, k: number, n: number,
) => void;

/** Runs one gradient product per batch of a matmul, into a gradient the size of input `which`. */
function batchedProduct(out: Tensor, g: Float64Array, step: BatchStep, which: 0 | 1): Float64Array {
  const [a, b] = out.inputs;
  const [ia, ib] = out.ctx.index! as Int32Array[];
  const [m, k, n] = out.ctx.mkn!;
  const into = new Float64Array(out.inputs[which].data.length);
  for (let i = 0; i < ia.length; i++) {
    step(g, a.data, b.data, into, i * m * n, ia[i] * m * k, ib[i] * k * n, m, k, n);
  }
  return into;
}

function linearGradInput(g: Float64Array, out: Tensor): Float64Array {
  const [rows, inFeatures, outFeatures] = out.ctx.mkn!;
  const weight = out.inputs[1].data;
  const dx = new Float64Array(rows * inFeatures);
  gemm(g, 0, false, weight, 0, false, dx, 0, rows, inFeatures, outFeatures);
  return dx;
}

function linearGradWeight(g: Float64Array, out: Tensor): Float64Array {
  const [rows, inFeatures, outFeatures] = out.ctx.mkn!;
  const x = out.inputs[0].data;
  const dW = new Float64Array(outFeatures * inFeatures);
  gemm(g, 0, true, x, 0, false, dW, 0, outFeatures, inFeatures, rows);
  return dW;
}

function scatter(g: Float64Array, positions: Int32Array, size: number): Float64Array {
  const dx = new Float64Array(size);
  for (let i = 0; i < g.length; i++) dx[positions[i]] += g[i];
  return dx;
}

function extremeGrad(g: Float64Array, out: Tensor): Float64Array {
  const input = out.inputs[0];
  if (out.ctx.index) return scatter(g, out.ctx.index[0]!, input.data.length);
  const X = input.data;
  const Y = out.data;
  const d = out.ctx.dim ?? null;
  const [outer, n, inner] = d === null ? [1, X.length, 1] : around(input.shape, d);
  const dx = new Float64Array(X.length);
  const equal = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const y = Y[o * inner + i];
      let ties = 0;
      for (let j = 0; j < n; j++) if (equal(X[(o * n + j) * inner + i], y)) ties++;
      const share = g[o * inner + i] / ties;
      for (let j = 0; j < n; j++) if (equal(X[(o * n + j) * inner + i], y)) dx[(o * n + j) * inner + i] = share;
    }
  }
  return dx;
}

function reducedCount(out: Tensor): number {
  const input = out.inputs[0];
  return out.ctx.dim === null ? input.data.length : input.shape[out.ctx.dim!];
}

/** What each row's loss is multiplied by on its way back: the reduction's weight times g. */
function rowScale(g: Float64Array, out: Tensor, rows: number): (r: number) => number {
  if (out.ctx.reduction === 'none') return (r) => g[r];
  const k = out.ctx.reduction === 'sum' ? g[0] : g[0] / (out.ctx.count ?? rows);
  return () => k;
}

function crossEntropyGradLogits(g: Float64Array, out: Tensor): Float64Array {
  const logits = out.inputs[0];
  const classes = logits.shape[logits.ndim - 1];
  const rows = logits.data.length / classes;
  const { softmax, targets } = out.ctx as Required<typeof out.ctx>;
  const scale = rowScale(g, out, rows);
  const dz = new Float64Array(logits.data.length);
  for (let r = 0; r < rows; r++) {
    let mass = 0;
    for (let c = 0; c < classes; c++) mass += targets[r * classes + c];
    const k = scale(r);
    for (let c = 0; c < classes; c++) {
      const i = r * classes + c;
      dz[i] = (softmax[i] * mass - targets[i]) * k;
    }
  }
  return dz;
}

/** A soft target's gradient: d/dt of Σ_c t·(logsumexp − z) is logsumexp − z, i.e. −log_softmax. */
function crossEntropyGradTarget(g: Float64Array, out: Tensor): Float64Array {
  const logits = out.inputs[0];
  const classes = logits.shape[logits.ndim - 1];
  const rows = logits.data.length / classes;
  const { logSumExp } = out.ctx as Required<typeof out.ctx>;
  const scale = rowScale(g, out, rows);
  // The target that entered the loss is (1 − ε)·t + ε/C.
  const smoothing = 1 - (out.ctx.smoothing ?? 0);
  const dt = new Float64Array(logits.data.length);
  for (let r = 0; r < rows; r++) {
    const k = scale(r);
    for (let c = 0; c < classes; c++) dt[r * classes + c] = (logSumExp[r] - logits.data[r * classes + c]) * k * smoothing;
  }
  return dt;
}

function catGrad(g: Float64Array, out: Tensor, which: number): Float64Array {
  const sizes = out.ctx.sizes!;
  const d = out.ctx.dim!;
  const [outer, total, inner] = around(out.shape, d);
  let offset = 0;
  for (let j = 0; j < which; j++) offset += sizes[j];
  const rowLength = sizes[which] * inner;
  const dx = new Float64Array(out.inputs[which].data.length);
  for (let o = 0; o < outer; o++) dx.set(g.subarray(o * total * inner + offset * inner, o * total * inner + offset * inner + rowLength), o * rowLength);
  return dx;
}

function takeGrad(g: Float64Array, out: Tensor): Float64Array {
  return scatter(g, out.ctx.index![0]!, out.inputs[0].data.length);
}

function clampGrad(g: Float64Array, out: Tensor): Float64Array {
  const X = out.inputs[0].data;
  const [lo, hi] = out.ctx.range!;
  const dx = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) dx[i] = X[i] >= lo && X[i] <= hi ? g[i] : 0;
  return dx;
}

function whereGrad(which: 0 | 1): GradRule {
  return (g, out) => {
    const mask = out.ctx.mask!;
    const target = out.ctx.index![which];
    const keep = which === 0 ? 1 : 0;
    const dx = new Float64Array(out.inputs[which].data.length);
    for (let i = 0; i < g.length; i++) if (mask[i] === keep) dx[target ? target[i] : i] += g[i];
    return dx;
  };
}
