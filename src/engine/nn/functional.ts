// torch.nn.functional: the layers and losses as plain functions (`F.relu(x)`, `F.mseLoss(p, t)`).

import { binary, crossEntropy as crossEntropyOp, linear as linearOp, take, toTensor, where } from '../tensor/ops';
import { random } from '../random';
import { formatShape, sameShape } from '../tensor/shape';
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
export function crossEntropy(logits: Tensor, target: Tensor | number[] | number, options: CrossEntropyOptions = {}): Tensor {
  const { reduction = 'mean', ignoreIndex = -100, labelSmoothing = 0 } = checkOptions<CrossEntropyOptions>('crossEntropy', options, CROSS_ENTROPY_OPTIONS);
  const t = target instanceof Tensor ? target : typeof target === 'number' ? toTensor(target) : tensor(target);
  return crossEntropyOp(logits, t, reduction, ignoreIndex, labelSmoothing);
}

/** Options of crossEntropy and nn.CrossEntropyLoss, as PyTorch's. */
export interface CrossEntropyOptions {
  /** 'mean' (default: over the rows not ignored), 'sum' or 'none' (a loss per row). */
  reduction?: Reduction;
  /** Rows whose class-index target is this add nothing (default −100, as PyTorch). */
  ignoreIndex?: number;
  /** ε in [0, 1]: each target becomes (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

/** The options crossEntropy takes. */
export const CROSS_ENTROPY_OPTIONS = { ...REDUCTION, ignoreIndex: 'number', labelSmoothing: 'number' } as const;

/** x where x > 0, else negativeSlope · x (F.leaky_relu, default slope 0.01). */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => x.leakyRelu(negativeSlope);

/** x·Φ(x) (F.gelu), exact by default; `{ approximate: 'tanh' }` for PyTorch's tanh form. */
export function gelu(x: Tensor, options: { approximate?: 'none' | 'tanh' } = {}): Tensor {
  const { approximate = 'none' } = checkOptions<{ approximate?: 'none' | 'tanh' }>('gelu', options, { approximate: ['none', 'tanh'] });
  return x.gelu(approximate);
}

/** Options of dropout: the probability of zeroing an element (default 0.5) and whether to drop at all (default true). */
export interface DropoutOptions {
  /** The probability of zeroing each element, in [0, 1] (default 0.5). */
  p?: number;
  /** Drop (true, default) or return x unchanged (false, as in eval mode). */
  training?: boolean;
}

/** Checks a dropout probability as PyTorch does. */
export function checkDropout(p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new Error(`dropout probability has to be between 0 and 1, but got ${String(p)}`);
  return p;
}

/**
 * F.dropout: while training, each element is zeroed with probability p and the rest scaled by
 * 1/(1 − p), so the expected value is unchanged; the mask comes from the seeded generator
 * (manualSeed). Not training, or p = 0: x itself.
 */
export function dropout(x: Tensor, options: DropoutOptions = {}): Tensor {
  const { p = 0.5, training = true } = checkOptions<DropoutOptions>('dropout', options, { p: 'number', training: 'boolean' });
  checkDropout(p);
  if (!training || p === 0) return x;
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const mask = new Float64Array(x.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = random() < p ? 0 : scale;
  return x.mul(new Tensor(mask, x.shape));
}

function reduceLoss(losses: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? losses : reduction === 'sum' ? losses.sum() : losses.mean();
}

function sameSizeTarget(where: string, input: Tensor, target: Tensor | number[] | number): Tensor {
  const t = target instanceof Tensor ? target : typeof target === 'number' ? toTensor(target) : tensor(target);
  if (!sameShape(t.shape, input.shape)) {
    throw new Error(`${where}: target size (${formatShape(t.shape)}) must be the same as input size (${formatShape(input.shape)})`);
  }
  return t;
}

/** Options of binaryCrossEntropy and nn.BCELoss. */
export interface BCELossOptions {
  /** 'mean' (default), 'sum' or 'none' (a loss per element). */
  reduction?: Reduction;
  /** A weight per element, broadcast to the input's shape, multiplying each element's loss. */
  weight?: Tensor;
}

/** Options of binaryCrossEntropyWithLogits and nn.BCEWithLogitsLoss. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /** The weight of positive examples, per class (broadcast along the last dim): > 1 raises recall. */
  posWeight?: Tensor;
}

/** The options the BCE losses take. */
export const BCE_OPTIONS = { ...REDUCTION, weight: 'tensor' } as const;
/** The options the BCE-with-logits losses take. */
export const BCE_WITH_LOGITS_OPTIONS = { ...BCE_OPTIONS, posWeight: 'tensor' } as const;

/**
 * Binary cross-entropy of probabilities in [0, 1] against targets of the same shape (F.binary_cross_entropy):
 * −(t·log p + (1 − t)·log(1 − p)), each log clamped at −100 as PyTorch does, times `weight` if given;
 * reduced as `reduction` says.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor | number[] | number, options: BCELossOptions = {}): Tensor {
  const { reduction = 'mean', weight } = checkOptions<BCELossOptions>('binaryCrossEntropy', options, BCE_OPTIONS);
  const t = sameSizeTarget('binaryCrossEntropy', input, target);
  if (input.data.some((p) => !(p >= 0 && p <= 1))) throw new Error('binaryCrossEntropy: all elements of input should be between 0 and 1 (apply sigmoid first, or use binaryCrossEntropyWithLogits)');
  const losses = binary('bce', input, t);
  return reduceLoss(weight ? losses.mul(weight) : losses, reduction);
}

/**
 * Binary cross-entropy from logits (F.binary_cross_entropy_with_logits): sigmoid and BCE fused,
 * stable for any logit; `weight` multiplies each element's loss, `posWeight` the positive term.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor | number[] | number, options: BCEWithLogitsLossOptions = {}): Tensor {
  const { reduction = 'mean', weight, posWeight } = checkOptions<BCEWithLogitsLossOptions>('binaryCrossEntropyWithLogits', options, BCE_WITH_LOGITS_OPTIONS);
  const t = sameSizeTarget('binaryCrossEntropyWithLogits', input, target);
  let losses: Tensor;
  if (posWeight === undefined) {
    losses = binary('bceWithLogits', input, t);
  } else {
    // PyTorch's form: (1 − t)·x + (1 + (posWeight − 1)·t)·softplus(−x), softplus(−x) as
    // m + log(e^−m + e^(−x−m)) with m = max(−x, 0): the same for any m, so m's gradient is 0.
    const m = input.neg().relu();
    const softplus = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
    losses = t.neg().add(1).mul(input).add(posWeight.sub(1).mul(t).add(1).mul(softplus));
  }
  return reduceLoss(weight ? losses.mul(weight) : losses, reduction);
}

/** Options of nllLoss and nn.NLLLoss. */
export interface NLLLossOptions {
  /** 'mean' (default: over the rows not ignored), 'sum' or 'none' (a loss per row, 0 for ignored rows). */
  reduction?: Reduction;
  /** Rows whose target is this class index add nothing to the loss or the gradient (default −100, as PyTorch). */
  ignoreIndex?: number;
}

/**
 * Negative log-likelihood (F.nll_loss) of log-probabilities [N, C] (or [C]), e.g. from logSoftmax,
 * against class indices [N] (or one index): −input[n, target[n]], reduced as `reduction` says;
 * rows whose target is `ignoreIndex` (default −100) are left out, of the mean's count too.
 */
export function nllLoss(input: Tensor, target: Tensor | number[] | number, options: NLLLossOptions = {}): Tensor {
  const { reduction = 'mean', ignoreIndex = -100 } = checkOptions<NLLLossOptions>('nllLoss', options, NLL_OPTIONS);
  if (input.ndim < 1 || input.ndim > 2) throw new Error(`nllLoss: expected input of shape [N, C] or [C], got ${formatShape(input.shape)}`);
  const t = target instanceof Tensor ? target : typeof target === 'number' ? toTensor(target) : tensor(target);
  const classes = input.shape[input.ndim - 1];
  const rows = input.ndim === 1 ? 1 : input.shape[0];
  if (t.data.length !== rows || t.ndim !== input.ndim - 1) {
    throw new Error(`nllLoss: expected a target of shape ${formatShape(input.shape.slice(0, -1))} (class indices), got ${formatShape(t.shape)}`);
  }
  const positions = new Int32Array(rows);
  const keep = new Float64Array(rows);
  let kept = 0;
  t.data.forEach((cls, r) => {
    if (cls === ignoreIndex) {
      positions[r] = r * classes;
      return;
    }
    if (!Number.isInteger(cls) || cls < 0 || cls >= classes) throw new Error(`nllLoss: target ${cls} is out of bounds for ${classes} classes`);
    positions[r] = r * classes + cls;
    keep[r] = 1;
    kept++;
  });
  let losses = take('gather', input, positions, t.shape.slice()).neg();
  // Ignored rows take 0 through where(), so a −inf they might read sends no NaN back.
  if (kept < rows) losses = where(new Tensor(keep, t.shape), losses, 0);
  // As PyTorch: the mean is over the rows kept (NaN when none is).
  return reduction === 'mean' ? losses.sum().div(kept) : reduceLoss(losses, reduction);
}

/** The options nllLoss takes. */
export const NLL_OPTIONS = { ...REDUCTION, ignoreIndex: 'number' } as const;

/**
 * F.layer_norm over the last dims `normalizedShape`: (x − mean) / √(var + eps) (biased variance),
 * then · weight + bias when given.
 */
export function layerNorm(x: Tensor, normalizedShape: number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  const n = normalizedShape.length;
  if (n === 0 || !sameShape(x.shape.slice(x.ndim - n), normalizedShape)) {
    throw new Error(`layerNorm: expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size ${formatShape(x.shape)}`);
  }
  const rows = x.reshape([...x.shape.slice(0, x.ndim - n), -1]);
  const centered = rows.sub(rows.mean(-1, true));
  const normed = centered.div(centered.mul(centered).mean(-1, true).add(eps).sqrt()).reshape(x.shape);
  const scaled = weight ? normed.mul(weight) : normed;
  return bias ? scaled.add(bias) : scaled;
}

/** F.embedding: the rows of `weight` [num, dim] picked by integer `indices` (any shape), giving [...indices.shape, dim]. */
export function embedding(indices: Tensor | number[], weight: Tensor): Tensor {
  const idx = indices instanceof Tensor ? indices : tensor(indices);
  const [num, dim] = weight.shape;
  const positions = new Int32Array(idx.data.length * dim);
  idx.data.forEach((row, i) => {
    if (!Number.isInteger(row) || row < 0 || row >= num) throw new Error(`embedding: index ${row} is out of range for ${num} embeddings`);
    for (let j = 0; j < dim; j++) positions[i * dim + j] = row * dim + j;
  });
  return take('embedding', weight, positions, [...idx.shape, dim]);
}
