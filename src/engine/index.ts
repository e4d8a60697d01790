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
  tensor, zeros, ones, full, randn, rand, arange, manualSeed, noGrad,
  relu, tanh, sigmoid, exp, log, matmul, softmax,
  nn, optim,
};
