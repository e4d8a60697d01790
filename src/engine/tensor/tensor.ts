// A PyTorch-like tensor: a row-major Float64Array with a shape, and the op that made it.
// The ops' forward code is in ops.ts, their gradients in grad-rules.ts, backward() in autograd.ts.

import type { BinaryOp, TensorBinaryOp, TensorUnaryOp, UnaryOp } from '../rules';
import { tracing, withoutGradReads, type SourceLoc } from '../tracing';
import { backward } from './autograd';
import * as ops from './ops';
import { formatShape, numel, resolveReshape, type Shape } from './shape';

export type TensorOp =
  | ''
  | UnaryOp
  | BinaryOp
  | TensorUnaryOp
  | TensorBinaryOp
  | 'matmul'
  | 'linear'
  | 'sum'
  | 'mean'
  | 'max'
  | 'min'
  | 'reshape'
  | 'transpose'
  | 'crossEntropy'
  | 'cat'
  | 'gather'
  | 'slice'
  | 'select'
  | 'embedding'
  | 'clamp'
  | 'where';

/** What an op's gradient rule needs to remember from the forward pass. */
export interface OpContext {
  /** pow's exponent. */
  k?: number;
  /** Per input, where each output element reads it from (null: the same position). */
  index?: (Int32Array | null)[];
  /** sum/mean: the reduced dim, or null for all of them; cat: the joined dim. */
  dim?: number | null;
  /** cat: each input's size along the joined dim. */
  sizes?: number[];
  /** clamp: the bounds (±Infinity where none was given). */
  range?: [number, number];
  /** where: 1 where the condition held (the output came from the first input). */
  mask?: Uint8Array;
  /** matmul/linear: the product sizes, rows×inner×cols. */
  mkn?: [number, number, number];
  /** transpose: the two swapped dims. */
  dims?: [number, number];
  /** crossEntropy: the target distribution (one-hot for class indices), the softmax and log Σ exp of each row, the reduction. */
  targets?: Float64Array;
  softmax?: Float64Array;
  logSumExp?: Float64Array;
  reduction?: Reduction;
  /** crossEntropy: the rows a mean divides by (those not ignored); label smoothing's ε. */
  count?: number;
  smoothing?: number;
}

/** Options of `tensor(data, options)` and the factories (zeros, ones, randn, …). */
export interface TensorOptions {
  /** Record ops on this tensor so that backward() fills its .grad (PyTorch's requires_grad); default false. */
  requiresGrad?: boolean;
  /** A name for the tensor, shown in the graph panel and by toString(). */
  label?: string;
  /** GradLens tensors hold float64 numbers: 'float64' is the only dtype. */
  dtype?: 'float64';
}

/** A number or nested arrays of numbers: what tolist() returns and tensor() reads. */
export type NestedArray = number | NestedArray[];

/** How a loss reduces its per-element (or per-row) values, as PyTorch's `reduction` option. */
export type Reduction = 'mean' | 'sum' | 'none';

/** What max(dim) and min(dim) return, as PyTorch's named tuple: `.values`, `.indices`, or `[values, indices]`. */
export type ValuesAndIndices = [values: Tensor, indices: Tensor] & { values: Tensor; indices: Tensor };

function extremes(op: 'max' | 'min', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor | ValuesAndIndices {
  if (dim === undefined) return ops.extreme(op, x, undefined, keepdim, true).values;
  const { values, indices } = ops.extreme(op, x, dim, keepdim, false);
  const indexTensor = new Tensor(Float64Array.from(indices), values.shape);
  return Object.assign([values, indexTensor] as [Tensor, Tensor], { values, indices: indexTensor });
}
export type TensorLike = Tensor | number;

/** A PyTorch-like tensor of float64 values: a shape, `.grad` once `backward()` ran, and the op that made it. Create one with `tensor(data, { requiresGrad: true })`. */
export class Tensor {
  /** Row-major values; writable in place (as PyTorch's .data, it builds no graph). */
  data: Float64Array;
  /** The size of each dim (PyTorch's .shape); [] for a 0-d tensor (one number). */
  readonly shape: number[];
  /** Whether backward() computes a gradient for this tensor; an op's result requires grad when an input does (outside noGrad). */
  requiresGrad: boolean;
  private gradValue: Tensor | null = null;
  /** The tensor's name, shown in the graph panel and by toString() ('' for none). */
  label: string;
  /** Source range of the statement that created this tensor (filled in when run by GradLens). */
  loc: SourceLoc | null = tracing.loc;
  /** Graph-walk bookkeeping (see nextWalk). */
  mark = 0;
  /** Gradient being accumulated during backward(); null outside it. */
  pendingGrad: Float64Array | null = null;

  constructor(
    data: Float64Array,
    shape: Shape,
    options: TensorOptions = {},
    /** The op that made this tensor ('add', 'matmul', 'sum', …); '' for a leaf. */
    readonly op: TensorOp = '',
    /** The tensors the op read (empty for a leaf). */
    readonly inputs: readonly Tensor[] = [],
    /** What the op's gradient rule kept from the forward pass (engine internals). */
    readonly ctx: OpContext = {},
  ) {
    if (data.length !== numel(shape)) {
      throw new Error(`${data.length} values do not fill shape ${formatShape(shape)}`);
    }
    this.data = data;
    this.shape = [...shape];
    this.requiresGrad = options.requiresGrad ?? false;
    this.label = options.label ?? '';
  }

  /** The gradient (same shape) once backward() reached this tensor, else null; it adds up across backward() calls (zeroGrad() clears it). */
  get grad(): Tensor | null {
    // A tensor that does not require grad never gets one: a GradLens run says so at the reading line.
    const grad = this.gradValue;
    if (grad === null && !this.requiresGrad) tracing.onGradRead?.(this);
    return grad;
  }
  set grad(grad: Tensor | null) { this.gradValue = grad; }

  /** The number of dims (PyTorch's .ndim). */
  get ndim(): number { return this.shape.length; }
  /** The number of dims (PyTorch's .dim()). */
  dim(): number { return this.shape.length; }
  /** True unless a recorded op made this tensor (PyTorch's is_leaf): made by the user, or computed from tensors that do not require grad or inside noGrad. */
  get isLeaf(): boolean { return this.op === ''; }
  /** The number of elements (PyTorch's .numel()). */
  numel(): number { return this.data.length; }
  /** The shape as a new array (PyTorch's .size()), or the size of dim `dim` (negative counts from the end). */
  size(dim?: number): number[] | number { return dim === undefined ? [...this.shape] : this.shape[dim < 0 ? dim + this.ndim : dim]; }

  // Elementwise, with broadcasting.
  /** Elementwise sum with broadcasting (torch.add): shapes align from the right, size-1 dims stretch; a number is a 0-d tensor. */
  add(other: TensorLike): Tensor { return ops.binary('add', this, other); }
  /** Elementwise difference with broadcasting (torch.sub); a number is a 0-d tensor. */
  sub(other: TensorLike): Tensor { return ops.binary('sub', this, other); }
  /** Elementwise product with broadcasting (torch.mul); a number is a 0-d tensor. */
  mul(other: TensorLike): Tensor { return ops.binary('mul', this, other); }
  /** Elementwise quotient with broadcasting (torch.div); a number is a 0-d tensor. */
  div(other: TensorLike): Tensor { return ops.binary('div', this, other); }
  /** this ** k, elementwise: a number exponent, or a tensor one (broadcast), which then gets a gradient too. */
  pow(k: TensorLike): Tensor { return typeof k === 'number' ? ops.unary('pow', this, k) : ops.binary('pow', this, k); }
  /** −x, elementwise (torch.neg). */
  neg(): Tensor { return ops.unary('neg', this); }
  /** max(0, x), elementwise (torch.relu). */
  relu(): Tensor { return ops.unary('relu', this); }
  /** tanh(x), elementwise (torch.tanh). */
  tanh(): Tensor { return ops.unary('tanh', this); }
  /** 1 / (1 + e^−x), elementwise (torch.sigmoid). */
  sigmoid(): Tensor { return ops.unary('sigmoid', this); }
  /** e^x, elementwise (torch.exp). */
  exp(): Tensor { return ops.unary('exp', this); }
  /** The natural logarithm, elementwise (torch.log); log(0) is −Infinity. */
  log(): Tensor { return ops.unary('log', this); }
  /** |x|, elementwise (torch.abs); its gradient is sign(x) (0 at 0). */
  abs(): Tensor { return ops.unary('abs', this); }
  /** √x, elementwise (torch.sqrt), recorded as pow(0.5). */
  sqrt(): Tensor { return this.pow(0.5); }
  /** x where x > 0, else negativeSlope · x (F.leaky_relu; default slope 0.01). */
  leakyRelu(negativeSlope = 0.01): Tensor { return ops.unary('leakyRelu', this, negativeSlope); }
  /** x·Φ(x), Φ the standard normal CDF via an accurate erf (F.gelu); `'tanh'` for PyTorch's tanh approximation. */
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    if (approximate !== 'none' && approximate !== 'tanh') throw new Error(`gelu(): approximate must be 'none' or 'tanh', got ${String(approximate)}`);
    return ops.unary('gelu', this, approximate === 'tanh' ? 1 : 0);
  }
  /** Each value limited to [min, max] (torch.clamp; either bound may be undefined); the gradient passes where min ≤ x ≤ max, boundaries included, as PyTorch. */
  clamp(min?: number, max?: number): Tensor { return ops.clamp(this, min, max); }
  /** The same as clamp (PyTorch's clip). */
  clip(min?: number, max?: number): Tensor { return ops.clamp(this, min, max); }

  // Comparisons: 0/1 tensors (PyTorch's bool tensors), never tracked.
  /** 1 where this == other (broadcast), else 0 (torch.eq); no gradient. */
  eq(other: TensorLike): Tensor { return ops.compare('eq', this, other); }
  /** 1 where this != other (broadcast), else 0 (torch.ne); no gradient. */
  ne(other: TensorLike): Tensor { return ops.compare('ne', this, other); }
  /** 1 where this > other (broadcast), else 0 (torch.gt); no gradient. */
  gt(other: TensorLike): Tensor { return ops.compare('gt', this, other); }
  /** 1 where this >= other (broadcast), else 0 (torch.ge); no gradient. */
  ge(other: TensorLike): Tensor { return ops.compare('ge', this, other); }
  /** 1 where this < other (broadcast), else 0 (torch.lt); no gradient. */
  lt(other: TensorLike): Tensor { return ops.compare('lt', this, other); }
  /** 1 where this <= other (broadcast), else 0 (torch.le); no gradient. */
  le(other: TensorLike): Tensor { return ops.compare('le', this, other); }

  // Structure.
  /** The matrix product this @ other (torch.matmul): 1-D operands and batch dims as in PyTorch. */
  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }
  /** Sum of all elements as a 0-d tensor, or along `dim`, which is removed unless `keepdim` (torch.sum). */
  sum(dim?: number, keepdim = false): Tensor { return ops.reduce('sum', this, dim, keepdim); }
  /** Mean of all elements as a 0-d tensor, or along `dim`, which is removed unless `keepdim` (torch.mean). */
  mean(dim?: number, keepdim = false): Tensor { return ops.reduce('mean', this, dim, keepdim); }
  /**
   * As PyTorch: `max()` is the largest value (its gradient shared among equal values);
   * `max(dim)` is `{ values, indices }` along dim (also `[values, indices]`), the gradient going to
   * each index. A NaN counts as largest.
   */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesAndIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesAndIndices { return extremes('max', this, dim, keepdim); }
  /** As max, for the smallest. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesAndIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesAndIndices { return extremes('min', this, dim, keepdim); }
  /** The variance along `dim` (or of everything), PyTorch 1.13's: `{ unbiased: true }` (divide by N − 1) by default, or `{ correction }`, `{ keepdim }`; `var({ unbiased: false })` reduces everything. */
  var(dim?: number | ops.VarOptions, options: ops.VarOptions = {}): Tensor { return ops.variance(this, ...dimAndOptions(dim, options), 'var()'); }
  /** The standard deviation, √var (same options as var(): unbiased by default); as PyTorch, its gradient is 0 where it is 0. */
  std(dim?: number | ops.VarOptions, options: ops.VarOptions = {}): Tensor { return ops.unary('std', ops.variance(this, ...dimAndOptions(dim, options), 'std()')); }
  /** The largest values along `dim` (or of everything); the gradient is shared among equal values. */
  amax(dim?: number, keepdim = false): Tensor { return ops.extreme('max', this, dim, keepdim, true).values; }
  /** The smallest values along `dim` (or of everything); the gradient is shared among equal values. */
  amin(dim?: number, keepdim = false): Tensor { return ops.extreme('min', this, dim, keepdim, true).values; }
  /** The same values (shared, not copied) in a new shape: `reshape(2, 3)` or `reshape([2, 3])`; one size may be -1 (torch.reshape). */
  reshape(...shape: number[] | [number[]]): Tensor { return ops.reshape(this, resolveReshape(this.shape, flatShape(shape))); }
  /** The same as reshape (PyTorch's .view()): the values are shared. */
  view(...shape: number[] | [number[]]): Tensor { return this.reshape(...shape); }
  /** A copy with dims `dim0` and `dim1` swapped, by default the last two (torch.transpose); a tensor of under 2 dims keeps its shape. */
  transpose(dim0 = -2, dim1 = -1): Tensor { return ops.transpose(this, dim0, dim1); }
  /** The transpose of a matrix (PyTorch's .t()). */
  t(): Tensor { return this.transpose(0, -1); }
  /** All dims reversed (PyTorch's .T); for a matrix, its transpose. */
  get T(): Tensor {
    if (this.ndim < 2) return this;
    let out = this.transpose(0, this.ndim - 1);
    for (let i = 1; i < Math.floor(this.ndim / 2); i++) out = out.transpose(i, this.ndim - 1 - i);
    return out;
  }

  /** A dim of size 1 inserted at `dim` (in [−ndim−1, ndim]; torch.unsqueeze), sharing the values. */
  unsqueeze(dim: number): Tensor { return ops.unsqueeze(this, dim); }
  /** Dims of size 1 removed: all of them, or `dim` only if its size is 1 (torch.squeeze), sharing the values. */
  squeeze(dim?: number): Tensor { return ops.squeeze(this, dim); }
  /** Dims startDim..endDim (default all) merged into one (torch.flatten), sharing the values. */
  flatten(startDim = 0, endDim = -1): Tensor { return ops.flatten(this, startDim, endDim); }
  /** Values picked along `dim` by an index tensor of the same number of dims (torch.gather); the gradient adds back into the picked places. */
  gather(dim: number, index: Tensor): Tensor { return ops.gather(this, dim, index); }
  /** `x[i]` (which JavaScript cannot overload): the sub-tensor at index i of dim 0, negative counting from the end; a copy with a gradient. */
  index(i: number): Tensor { return ops.select(this, 0, i); }
  /** The sub-tensor at `index` along `dim`, that dim removed (torch.select). */
  select(dim: number, index: number): Tensor { return ops.select(this, dim, index); }
  /** `x[start:end:step]` along `dim` (Python's rules: negative bounds count from the end, out-of-range ones are clamped; step ≥ 1). */
  slice(dim: number, start = 0, end = Infinity, step = 1): Tensor { return ops.slice(this, dim, start, end, step); }
  /** Index of the largest value along `dim` (no gradient), e.g. predicted classes. */
  argmax(dim?: number, keepdim = false): Tensor { return ops.argmax(this, dim, keepdim); }
  /** The same values, cut from the graph. */
  detach(): Tensor { return new Tensor(this.data, this.shape); }

  /**
   * Fills .grad of every tensor that requires grad and that this one depends on. Without a
   * `gradient` this tensor must hold one element (a loss), as in PyTorch.
   */
  backward(gradient?: Tensor): void {
    // What the run does here (lints, loss point, live graph) reads gradients that are not the program's reads.
    withoutGradReads(() => {
      tracing.beforeBackward?.(this);
      backward(this, gradient);
      if (this.data.length === 1) tracing.onBackward?.(this, this.data[0]);
    });
  }

  /** The value of a one-element tensor as a number. */
  item(): number {
    if (this.data.length !== 1) {
      throw new Error(`a Tensor with ${this.data.length} elements (shape ${formatShape(this.shape)}) cannot be converted to a number`);
    }
    return this.data[0];
  }

  /** The values as nested arrays (a number for a 0-d tensor), like PyTorch's tolist(). */
  toArray(): NestedArray {
    return nest(this.data, this.shape, 0, 0);
  }
  /** The values as nested arrays (a number for a 0-d tensor), as PyTorch's tolist(); the same as toArray(). */
  tolist(): NestedArray { return this.toArray(); }

  /** `Tensor(label: shape=[…], values, requiresGrad=true)`, the first 20 values of a longer one; also what console.log shows. */
  toString(): string {
    const name = this.label ? `${this.label}: ` : '';
    const grad = this.requiresGrad ? ', requiresGrad=true' : '';
    const values = this.data.length <= MAX_PRINTED ? JSON.stringify(this.toArray()) : `[${Array.from(this.data.subarray(0, MAX_PRINTED)).join(', ')}, … ${this.data.length - MAX_PRINTED} more]`;
    return `Tensor(${name}shape=${formatShape(this.shape)}, ${values}${grad})`;
  }

  /** How console.log shows a tensor in Node (and in a GradLens run). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** A tensor's gradient read by the engine itself (an optimizer's step, graph()): not the program's read, so no lint. */
export function gradOf(t: Tensor): Tensor | null {
  return withoutGradReads(() => t.grad);
}

/** Tensors longer than this print their first values only. */
const MAX_PRINTED = 20;

/** var(options) is var(undefined, options), as PyTorch's x.var(unbiased=False). */
function dimAndOptions(dim: number | ops.VarOptions | undefined, options: ops.VarOptions): [number | undefined, ops.VarOptions] {
  return typeof dim === 'object' && dim !== null ? [undefined, dim] : [dim, options];
}

function flatShape(args: number[] | [number[]]): number[] {
  return Array.isArray(args[0]) ? args[0] : (args as number[]);
}

function nest(data: Float64Array, shape: Shape, dim: number, offset: number): NestedArray {
  if (dim === shape.length) return data[offset];
  const stride = numel(shape.slice(dim + 1));
  const out: NestedArray[] = [];
  for (let i = 0; i < shape[dim]; i++) out.push(nest(data, shape, dim + 1, offset + i * stride));
  return out;
}
