// The engine's public surface — what snippets get from `import ... from "gradlens"`, and what
// dist/engine.js exports. Everything a user can call is here; nothing else is.

import * as nn from './nn';
import * as optim from './optim';
import { manualSeed } from './random';
import { arange, full, ones, onesLike, rand, randint, randLike, randn, randnLike, tensor, zeros, zerosLike } from './tensor/creation';
import { noGrad } from './tensor/autograd';
import { cat as catOp, matmul as matmulOp, stack as stackOp, where as whereOp, type VarOptions } from './tensor/ops';
import { Tensor } from './tensor/tensor';

export { Value, type ValueOptions } from './value';
export { Tensor, type TensorOptions, type NestedArray } from './tensor/tensor';
export { tensor, zeros, ones, full, randn, rand, arange, zerosLike, onesLike, randnLike, randLike, randint, type TensorData } from './tensor/creation';
export type { VarOptions } from './tensor/ops';
export { noGrad } from './tensor/autograd';
export { manualSeed } from './random';
export { graph, summarize, describeNode, forwardOrder, inputsOf, type GraphData, type GraphNode, type GraphEdge, type Summary } from './graph';
export { makeMoons, type Dataset } from './data';
export { plotDecisionBoundary, type PlotModel, type PlotOptions, type PlotRequest } from './plot';
export { tracing, untraced, type SourceLoc } from './tracing';
export { nn, optim };

/** max(0, x), elementwise (torch.relu). */
export const relu = (x: Tensor): Tensor => x.relu();
/** tanh(x), elementwise (torch.tanh). */
export const tanh = (x: Tensor): Tensor => x.tanh();
/** 1 / (1 + e^−x), elementwise (torch.sigmoid). */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
/** e^x, elementwise (torch.exp). */
export const exp = (x: Tensor): Tensor => x.exp();
/** The natural logarithm, elementwise (torch.log); log(0) is −Infinity. */
export const log = (x: Tensor): Tensor => x.log();
/** The matrix product a @ b (torch.matmul): 1-D operands and batch dims as in PyTorch. */
export const matmul = (a: Tensor, b: Tensor): Tensor => matmulOp(a, b);

/** exp(x) / Σ exp(x) along `dim` (torch.softmax), computed stably. */
export const softmax = (x: Tensor, dim = -1): Tensor => nn.functional.softmax(x, dim);

/** Tensors joined along an existing dim (torch.cat): sizes must match except there; each gets its part of the gradient. */
export const cat = (tensors: Tensor[], dim = 0): Tensor => catOp(tensors, dim);
/** Tensors of one shape joined along a new dim (torch.stack). */
export const stack = (tensors: Tensor[], dim = 0): Tensor => stackOp(tensors, dim);
/** a where cond is nonzero, else b, all three broadcast (torch.where); a and b get gradients, cond none. */
export const where = (cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor => whereOp(cond, a, b);
/** Each value limited to [min, max] (torch.clamp); either bound may be undefined. */
export const clamp = (x: Tensor, min?: number, max?: number): Tensor => x.clamp(min, max);
/** Dims startDim..endDim merged into one (torch.flatten). */
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor => x.flatten(startDim, endDim);
/** A dim of size 1 inserted at `dim` (torch.unsqueeze). */
export const unsqueeze = (x: Tensor, dim: number): Tensor => x.unsqueeze(dim);
/** Dims of size 1 removed, all or `dim` only (torch.squeeze). */
export const squeeze = (x: Tensor, dim?: number): Tensor => x.squeeze(dim);
/** Values picked along `dim` by an index tensor (torch.gather). */
export const gather = (x: Tensor, dim: number, index: Tensor): Tensor => x.gather(dim, index);
/** The variance (torch.var): unbiased by default, as PyTorch 1.13. */
export const variance = (x: Tensor, dim?: number | VarOptions, options: VarOptions = {}): Tensor => x.var(dim, options);
/** The standard deviation (torch.std): unbiased by default, as PyTorch 1.13. */
export const std = (x: Tensor, dim?: number | VarOptions, options: VarOptions = {}): Tensor => x.std(dim, options);

/** PyTorch's names in one namespace, so that `torch.tensor(...)`, `torch.nn.Linear` port as written. */
export const torch = {
  tensor,
  /** A tensor of zeros: `torch.zeros(2, 3)` or `torch.zeros([2, 3], { requiresGrad: true })`. */
  zeros,
  /** A tensor of ones: `torch.ones(2, 3)` or `torch.ones([2, 3], options)`. */
  ones,
  /** A tensor of the shape, every element `value`. */
  full,
  /** Standard normal samples (seed with manualSeed). */
  randn,
  /** Uniform samples on [0, 1) (seed with manualSeed). */
  rand,
  arange, manualSeed, noGrad,
  /** max(0, x), elementwise (torch.relu). */
  relu,
  /** tanh(x), elementwise (torch.tanh). */
  tanh,
  /** 1 / (1 + e^−x), elementwise (torch.sigmoid). */
  sigmoid,
  /** e^x, elementwise (torch.exp). */
  exp,
  /** The natural logarithm, elementwise (torch.log); log(0) is −Infinity. */
  log,
  /** The matrix product a @ b (torch.matmul): 1-D operands and batch dims as in PyTorch. */
  matmul,
  /** exp(x) / Σ exp(x) along `dim` (torch.softmax), computed stably. */
  softmax,
  /** Tensors joined along an existing dim (torch.cat). */
  cat,
  /** The same as cat (torch.concat). */
  concat: cat,
  /** Tensors of one shape joined along a new dim (torch.stack). */
  stack,
  /** a where cond is nonzero, else b (torch.where); a and b get gradients. */
  where,
  /** Each value limited to [min, max] (torch.clamp). */
  clamp,
  /** Dims startDim..endDim merged into one (torch.flatten). */
  flatten,
  /** A dim of size 1 inserted at `dim` (torch.unsqueeze). */
  unsqueeze,
  /** Dims of size 1 removed (torch.squeeze). */
  squeeze,
  /** Values picked along `dim` by an index tensor (torch.gather). */
  gather,
  /** The variance (torch.var), unbiased by default. */
  var: variance,
  /** The standard deviation (torch.std), unbiased by default. */
  std,
  /** Zeros of a tensor's shape (torch.zeros_like). */
  zerosLike,
  /** Ones of a tensor's shape (torch.ones_like). */
  onesLike,
  /** Standard normal samples of a tensor's shape (torch.randn_like). */
  randnLike,
  /** Uniform samples on [0, 1) of a tensor's shape (torch.rand_like). */
  randLike,
  /** Integers from [low, high): randint(high, shape) or randint(low, high, shape) (torch.randint; seeded by manualSeed). */
  randint,
  nn, optim,
};
