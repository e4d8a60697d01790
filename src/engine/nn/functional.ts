// torch.nn.functional: the layers and losses as plain functions (`F.relu(x)`, `F.mseLoss(p, t)`).

import { crossEntropy as crossEntropyOp, linear as linearOp, toTensor } from '../tensor/ops';
import { noGrad } from '../tensor/autograd';
import { tensor } from '../tensor/creation';
import { Tensor, type Reduction } from '../tensor/tensor';
import { checkOptions } from '../options';

/** max(0, x), elementwise (F.relu). */
export const relu = (x: Tensor): Tensor => x.relu();
/** tanh(x), elementwise (F.tanh). */
export const tanh = (x: Tensor): Tensor => x.tanh();
/** 1 / (1 + e^−x), elementwise (F.sigmoid). */
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();

/** x·Wᵀ + b, as nn.Linear computes it. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return linearOp(x, weight, bias);
}

/** log(softmax(x)) along `dim`, computed as x − max − log Σ exp(x − max) (stable for large x). */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  // The max only shifts the values; it needs no gradient (the result does not depend on it).
  const shifted = x.sub(noGrad(() => x.amax(dim, true)));
  return shifted.sub(shifted.exp().sum(dim, true).log());
}

/** exp(x) / Σ exp(x) along `dim` (F.softmax), computed as exp(logSoftmax(x)), stable for large x. */
export function softmax(x: Tensor, dim = -1): Tensor {
  return logSoftmax(x, dim).exp();
}

/** Mean squared error, reduced as `reduction` says: 'mean' (default), 'sum' or 'none' (elementwise). */
export function mseLoss(input: Tensor, target: Tensor | number, options: { reduction?: Reduction } = {}): Tensor {
  const { reduction = 'mean' } = checkOptions<{ reduction?: Reduction }>('mseLoss', options, REDUCTION);
  const squared = input.sub(target).pow(2);
  return reduction === 'none' ? squared : reduction === 'sum' ? squared.sum() : squared.mean();
}

/** The options every loss takes. */
export const REDUCTION = { reduction: ['mean', 'sum', 'none'] } as const;

/**
 * Cross-entropy of logits [N, C] against class indices [N] (or probabilities [N, C], which get a
 * gradient when they require one), reduced as `reduction` says: 'mean' (default), 'sum' or 'none'.
 */
export function crossEntropy(logits: Tensor, target: Tensor | number[] | number, options: { reduction?: Reduction } = {}): Tensor {
  const { reduction = 'mean' } = checkOptions<{ reduction?: Reduction }>('crossEntropy', options, REDUCTION);
  const t = target instanceof Tensor ? target : typeof target === 'number' ? toTensor(target) : tensor(target);
  return crossEntropyOp(logits, t, reduction);
}
