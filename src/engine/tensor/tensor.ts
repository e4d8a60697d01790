// A PyTorch-like tensor: a row-major Float64Array with a shape, and the op that made it.
// The ops' forward code is in ops.ts, their gradients in grad-rules.ts, backward() in autograd.ts.

import type { BinaryOp, UnaryOp } from '../rules';
import { tracing, type SourceLoc } from '../tracing';
import { backward } from './autograd';
import * as ops from './ops';
import { formatShape, numel, resolveReshape, type Shape } from './shape';

export type TensorOp =
  | ''
  | UnaryOp
  | BinaryOp
  | 'matmul'
  | 'linear'
  | 'sum'
  | 'mean'
  | 'max'
  | 'min'
  | 'reshape'
  | 'transpose'
  | 'crossEntropy';

/** What an op's gradient rule needs to remember from the forward pass. */
export interface OpContext {
  /** pow's exponent. */
  k?: number;
  /** Per input, where each output element reads it from (null: the same position). */
  index?: (Int32Array | null)[];
  /** sum/mean: the reduced dim, or null for all of them. */
  dim?: number | null;
  /** matmul/linear: the product sizes, rows×inner×cols. */
  mkn?: [number, number, number];
  /** transpose: the two swapped dims. */
  dims?: [number, number];
  /** crossEntropy: the target distribution (one-hot for class indices), the softmax and log Σ exp of each row, the reduction. */
  targets?: Float64Array;
  softmax?: Float64Array;
  logSumExp?: Float64Array;
  reduction?: Reduction;
}

/** Options of `tensor(data, options)` and the factories (zeros, ones, randn, …). */
export interface TensorOptions {
  requiresGrad?: boolean;
  label?: string;
  /** GradLens tensors hold float64 numbers: 'float64' is the only dtype. */
  dtype?: 'float64';
}

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
  readonly shape: number[];
  requiresGrad: boolean;
  grad: Tensor | null = null;
  label: string;
  loc: SourceLoc | null = tracing.loc;
  /** Graph-walk bookkeeping (see nextWalk). */
  mark = 0;
  /** Gradient being accumulated during backward(); null outside it. */
  pendingGrad: Float64Array | null = null;

  constructor(
    data: Float64Array,
    shape: Shape,
    options: TensorOptions = {},
    readonly op: TensorOp = '',
    readonly inputs: readonly Tensor[] = [],
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

  get ndim(): number { return this.shape.length; }
  dim(): number { return this.shape.length; }
  get isLeaf(): boolean { return this.op === ''; }
  numel(): number { return this.data.length; }
  size(dim?: number): number[] | number { return dim === undefined ? [...this.shape] : this.shape[dim < 0 ? dim + this.ndim : dim]; }

  // Elementwise, with broadcasting.
  add(other: TensorLike): Tensor { return ops.binary('add', this, other); }
  sub(other: TensorLike): Tensor { return ops.binary('sub', this, other); }
  mul(other: TensorLike): Tensor { return ops.binary('mul', this, other); }
  div(other: TensorLike): Tensor { return ops.binary('div', this, other); }
  /** this ** k, elementwise: a number exponent, or a tensor one (broadcast), which then gets a gradient too. */
  pow(k: TensorLike): Tensor { return typeof k === 'number' ? ops.unary('pow', this, k) : ops.binary('pow', this, k); }
  neg(): Tensor { return ops.unary('neg', this); }
  relu(): Tensor { return ops.unary('relu', this); }
  tanh(): Tensor { return ops.unary('tanh', this); }
  sigmoid(): Tensor { return ops.unary('sigmoid', this); }
  exp(): Tensor { return ops.unary('exp', this); }
  log(): Tensor { return ops.unary('log', this); }
  abs(): Tensor { return ops.unary('abs', this); }
  sqrt(): Tensor { return this.pow(0.5); }

  // Structure.
  matmul(other: Tensor): Tensor { return ops.matmul(this, other); }
  sum(dim?: number, keepdim = false): Tensor { return ops.reduce('sum', this, dim, keepdim); }
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
  /** The largest values along `dim` (or of everything); the gradient is shared among equal values. */
  amax(dim?: number, keepdim = false): Tensor { return ops.extreme('max', this, dim, keepdim, true).values; }
  /** The smallest values along `dim` (or of everything); the gradient is shared among equal values. */
  amin(dim?: number, keepdim = false): Tensor { return ops.extreme('min', this, dim, keepdim, true).values; }
  reshape(...shape: number[] | [number[]]): Tensor { return ops.reshape(this, resolveReshape(this.shape, flatShape(shape))); }
  view(...shape: number[] | [number[]]): Tensor { return this.reshape(...shape); }
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

  /** Index of the largest value along `dim` (no gradient), e.g. predicted classes. */
  argmax(dim?: number, keepdim = false): Tensor { return ops.argmax(this, dim, keepdim); }
  /** The same values, cut from the graph. */
  detach(): Tensor { return new Tensor(this.data, this.shape); }

  /**
   * Fills .grad of every tensor that requires grad and that this one depends on. Without a
   * `gradient` this tensor must hold one element (a loss), as in PyTorch.
   */
  backward(gradient?: Tensor): void {
    backward(this, gradient);
    if (this.data.length === 1) tracing.onBackward?.(this, this.data[0]);
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
  tolist(): NestedArray { return this.toArray(); }

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

/** Tensors longer than this print their first values only. */
const MAX_PRINTED = 20;

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
