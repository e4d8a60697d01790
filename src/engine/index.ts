// The engine's public surface — what snippets get from `import ... from "gradlens"`, and what
// dist/engine.js exports. Everything a user can call is here; nothing else is.

import * as nn from './nn';
import * as optim from './optim';
import { manualSeed } from './random';
import { arange, full, ones, rand, randn, tensor, zeros } from './tensor/creation';
import { noGrad } from './tensor/autograd';
import { matmul as matmulOp } from './tensor/ops';
import { Tensor } from './tensor/tensor';

export { Value, type ValueOptions } from './value';
export { Tensor, type TensorOptions, type NestedArray } from './tensor/tensor';
export { tensor, zeros, ones, full, randn, rand, arange, type TensorData } from './tensor/creation';
export { noGrad } from './tensor/autograd';
export { manualSeed } from './random';
export { graph, summarize, describeNode, forwardOrder, inputsOf, type GraphData, type GraphNode, type GraphEdge, type Summary } from './graph';
export { makeMoons, type Dataset } from './data';
export { tracing, type SourceLoc } from './tracing';
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
  nn, optim,
};
