// The forward pass again, from the recorded graph: every node's value recomputed from its inputs,
// with some leaves' values replaced — what a gradient check needs to nudge an input by ±h without
// running the user's code again. Each op's forward is written once more here, from what the op
// recorded (its context), and the tests check each against the op itself.

import { binaryRules, elementwiseBinaryRules, elementwiseUnaryRules, unaryRules, type BinaryOp, type TensorBinaryOp, type TensorUnaryOp, type UnaryOp } from './rules';
import { topologicalOrder as tensorOrder } from './tensor/autograd';
import { around, sumOver, swapDims } from './tensor/kernels';
import { gemm } from './tensor/matmul';
import type { Tensor, TensorOp } from './tensor/tensor';
import { topologicalOrder as valueOrder, Value } from './value';

/** The root's value with `replaced` leaves' values (a Value's number, a tensor's elements). */
export function replay(root: Value, replaced: Map<Value, number>): number;
export function replay(root: Tensor, replaced: Map<Tensor, Float64Array>): Float64Array;
export function replay(root: Value | Tensor, replaced: Map<Value, number> | Map<Tensor, Float64Array>): number | Float64Array {
  if (root instanceof Value) {
    const data = replayValues(root, replaced as Map<Value, number>);
    return data.get(root) ?? root.data;
  }
  const data = replayTensors(root, replaced as Map<Tensor, Float64Array>);
  return data.get(root) ?? root.data;
}

/**
 * The forward pass again, written into the graph: every node's data recomputed from its inputs,
 * with `replaced` leaves' values (a step's parameters, for the scrubber). Gradients are left as
 * they were: the engine's backward() computes them from here.
 */
export function recompute(root: Value, replaced: Map<Value, number>): void;
export function recompute(root: Tensor, replaced: Map<Tensor, Float64Array>): void;
export function recompute(root: Value | Tensor, replaced: Map<Value, number> | Map<Tensor, Float64Array>): void {
  if (root instanceof Value) {
    for (const [v, x] of replayValues(root, replaced as Map<Value, number>)) v.data = x;
  } else {
    for (const [t, x] of replayTensors(root, replaced as Map<Tensor, Float64Array>)) t.data.set(x);
  }
}

function replayValues(root: Value, replaced: Map<Value, number>): Map<Value, number> {
  const data = new Map<Value, number>();
  const of = (v: Value): number => data.get(v) ?? v.data;
  for (const v of valueOrder(root)) {
    if (v.a === null) {
      if (replaced.has(v)) data.set(v, replaced.get(v)!);
    } else if (v.b === null) {
      data.set(v, unaryRules[v.op as UnaryOp].forward(of(v.a), v.k));
    } else {
      data.set(v, binaryRules[v.op as BinaryOp].forward(of(v.a), of(v.b)));
    }
  }
  return data;
}

type Forward = (inputs: Float64Array[], out: Tensor) => Float64Array;

function replayTensors(root: Tensor, replaced: Map<Tensor, Float64Array>): Map<Tensor, Float64Array> {
  const data = new Map<Tensor, Float64Array>();
  const of = (t: Tensor): Float64Array => data.get(t) ?? t.data;
  for (const t of tensorOrder(root)) {
    if (t.op === '') {
      if (replaced.has(t)) data.set(t, replaced.get(t)!);
      continue;
    }
    const forward = FORWARD[t.op];
    if (!forward) throw new Error(`a gradient check cannot recompute op '${t.op}'`);
    data.set(t, forward(t.inputs.map(of), t));
  }
  return data;
}

/** Whether every op between `root` and its leaves can be recomputed here. */
export function replayable(root: Value | Tensor): boolean {
  return root instanceof Value || tensorOrder(root).every((t) => t.op === '' || FORWARD[t.op] !== undefined);
}

const unaryForward: Forward = ([X], out) => {
  const { forward } = elementwiseUnaryRules[out.op as UnaryOp | TensorUnaryOp];
  const k = out.ctx.k ?? 0;
  return X.map((x) => forward(x, k));
};

/** Elementwise with broadcasting: the recorded index says where each output reads each input. */
const binaryForward: Forward = ([A, B], out) => {
  const { forward } = elementwiseBinaryRules[out.op as BinaryOp | TensorBinaryOp];
  const [ia, ib] = out.ctx.index!;
  const Y = new Float64Array(out.data.length);
  for (let i = 0; i < Y.length; i++) Y[i] = forward(A[ia ? ia[i] : i], B[ib ? ib[i] : i]);
  return Y;
};

const reduceForward = (scale: (out: Tensor) => number): Forward => ([X], out) => {
  const input = out.inputs[0];
  const s = scale(out);
  return sumOver(X, input.shape, out.ctx.dim ?? null).map((v) => v * s);
};

const extremeForward: Forward = ([X], out) => {
  if (out.ctx.index) return takeForward([X], out);
  const input = out.inputs[0];
  const d = out.ctx.dim ?? null;
  const [outer, n, inner] = d === null ? [1, X.length, 1] : around(input.shape, d);
  const better = out.op === 'max' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  const Y = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = X[o * n * inner + i];
      for (let j = 1; j < n && !Number.isNaN(best); j++) {
        const x = X[(o * n + j) * inner + i];
        if (better(x, best) || Number.isNaN(x)) best = x;
      }
      Y[o * inner + i] = best;
    }
  }
  return Y;
};

/** Reads each output element from one recorded position of the input (gather, slice, select, embedding). */
const takeForward: Forward = ([X], out) => Float64Array.from(out.ctx.index![0]!, (at) => X[at]);

const FORWARD: Partial<Record<Exclude<TensorOp, ''>, Forward>> = {
  neg: unaryForward, relu: unaryForward, tanh: unaryForward, sigmoid: unaryForward, exp: unaryForward,
  log: unaryForward, abs: unaryForward, leakyRelu: unaryForward, gelu: unaryForward, std: unaryForward,
  add: binaryForward, sub: binaryForward, mul: binaryForward, div: binaryForward, bce: binaryForward, bceWithLogits: binaryForward,
  pow: (inputs, out) => (inputs.length === 1 ? unaryForward(inputs, out) : binaryForward(inputs, out)),
  sum: reduceForward(() => 1),
  mean: reduceForward((out) => out.data.length / out.inputs[0].data.length),
  max: extremeForward,
  min: extremeForward,
  reshape: ([X]) => X.slice(),
  transpose: ([X], out) => swapDims(X, out.inputs[0].shape, ...out.ctx.dims!),
  gather: takeForward, slice: takeForward, select: takeForward, embedding: takeForward,
  matmul: ([A, B], out) => {
    const [ia, ib] = out.ctx.index!;
    const [m, k, n] = out.ctx.mkn!;
    const Y = new Float64Array(out.data.length);
    for (let i = 0; i < ia!.length; i++) gemm(A, ia![i] * m * k, false, B, ib![i] * k * n, false, Y, i * m * n, m, n, k);
    return Y;
  },
  linear: ([X, W, bias], out) => {
    const [rows, inFeatures, outFeatures] = out.ctx.mkn!;
    const Y = new Float64Array(rows * outFeatures);
    gemm(X, 0, false, W, 0, true, Y, 0, rows, outFeatures, inFeatures);
    if (bias) for (let r = 0; r < rows; r++) for (let j = 0; j < outFeatures; j++) Y[r * outFeatures + j] += bias[j];
    return Y;
  },
  clamp: ([X], out) => {
    const [low, high] = out.ctx.range!;
    return X.map((x) => {
      const v = x < low ? low : x;
      return v > high ? high : v;
    });
  },
  where: ([A, B], out) => {
    const [ia, ib] = out.ctx.index!;
    const { mask } = out.ctx;
    return Float64Array.from(mask!, (m, i) => (m ? A[ia ? ia[i] : i] : B[ib ? ib[i] : i]));
  },
  cat: (inputs, out) => {
    const d = out.ctx.dim!;
    const sizes = out.ctx.sizes!;
    const total = sizes.reduce((a, b) => a + b, 0);
    const [outer, , inner] = around(out.shape, d);
    const Y = new Float64Array(out.data.length);
    let offset = 0;
    inputs.forEach((X, j) => {
      const rowLength = sizes[j] * inner;
      for (let o = 0; o < outer; o++) Y.set(X.subarray(o * rowLength, (o + 1) * rowLength), o * total * inner + offset * inner);
      offset += sizes[j];
    });
    return Y;
  },
  crossEntropy: ([Z, softTarget], out) => {
    const logits = out.inputs[0];
    const classes = logits.shape[logits.ndim - 1];
    const rows = Z.length / classes;
    const smoothing = out.ctx.smoothing ?? 0;
    // A soft target that requires grad is an input (and may be the one nudged); else as recorded.
    const targets = softTarget ? softTarget.map((t) => t * (1 - smoothing) + smoothing / classes) : out.ctx.targets!;
    const losses = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, Z[r * classes + c]);
      let total = 0;
      for (let c = 0; c < classes; c++) total += Math.exp(Z[r * classes + c] - max);
      const logSumExp = max + Math.log(total);
      for (let c = 0; c < classes; c++) {
        const p = targets[r * classes + c];
        if (p !== 0) losses[r] += p * (logSumExp - Z[r * classes + c]);
      }
    }
    if (out.ctx.reduction === 'none') return losses;
    const sum = losses.reduce((a, b) => a + b, 0);
    return Float64Array.of(out.ctx.reduction === 'sum' ? sum : sum / out.ctx.count!);
  },
};
