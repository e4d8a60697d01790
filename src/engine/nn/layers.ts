// PyTorch's building blocks on tensors: Linear, Sequential, activations and losses.

import { uniform } from '../random';
import { linear } from '../tensor/ops';
import { tensor } from '../tensor/creation';
import { checkOptions, type OptionSpec } from '../options';
import { Tensor, type Reduction } from '../tensor/tensor';
import { BCE_OPTIONS, BCE_WITH_LOGITS_OPTIONS, CROSS_ENTROPY_OPTIONS, NLL_OPTIONS, type CrossEntropyOptions, REDUCTION, binaryCrossEntropy, type BCELossOptions, type BCEWithLogitsLossOptions, type NLLLossOptions, binaryCrossEntropyWithLogits, checkDropout, crossEntropy, dropout, embedding, layerNorm, mseLoss, nllLoss } from './functional';
import * as init from './init';
import { formatShape } from '../tensor/shape';
import { Module, buffer } from './module';

/** y = x·Wᵀ + b (PyTorch's nn.Linear): `weight` is [out, in], `bias` is [out], initialised as PyTorch does. */
export class Linear extends Module {
  /** The weight, [outFeatures, inFeatures], requiring grad; drawn uniformly from [−1/√in, 1/√in]. */
  readonly weight: Tensor;
  /** The bias, [outFeatures], requiring grad and drawn as the weight; null with `{ bias: false }`. */
  readonly bias: Tensor | null;

  /** y = x·Wᵀ + b, W of shape [out, in]; initialised as PyTorch does, U(−1/√in, 1/√in). */
  constructor(
    /** The size of each input sample (x's last dim). */
    readonly inFeatures: number,
    /** The size of each output sample (y's last dim). */
    readonly outFeatures: number,
    options: { bias?: boolean } = {},
  ) {
    const { bias = true } = checkOptions<{ bias?: boolean }>('nn.Linear', options, { bias: 'boolean' });
    super();
    const bound = 1 / Math.sqrt(inFeatures);
    const init = (n: number): number[] => Array.from({ length: n }, () => uniform(-bound, bound));
    this.weight = new Tensor(Float64Array.from(init(outFeatures * inFeatures)), [outFeatures, inFeatures], { requiresGrad: true });
    this.bias = bias ? tensor(init(outFeatures), { requiresGrad: true }) : null;
  }

  /** x of shape [..., inFeatures] to x·Wᵀ + b of shape [..., outFeatures]. */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  /** `Linear(inFeatures=2, outFeatures=4, bias=true)`. */
  override toString(): string {
    return `Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null})`;
  }
}

/** Modules applied one after another (nn.Sequential). */
export class Sequential extends Module {
  /** The modules, in the order forward() applies them. */
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  /** Each layer applied to the previous one's output, starting from x. */
  forward(x: Tensor): Tensor {
    let out = x;
    for (const layer of this.layers) out = layer.forward(out);
    return out;
  }

  /** PyTorch's printout: `Sequential(` then `(0): Linear(…)`, one layer per line. */
  override toString(): string {
    return `Sequential(\n${this.layers.map((l, i) => `  (${i}): ${l}`).join('\n')}\n)`;
  }
}

/** max(0, x) as a module (nn.ReLU). */
export class ReLU extends Module {
  /** max(0, x), elementwise. */
  forward(x: Tensor): Tensor { return x.relu(); }
}

/** tanh(x) as a module (nn.Tanh). */
export class Tanh extends Module {
  /** tanh(x), elementwise. */
  forward(x: Tensor): Tensor { return x.tanh(); }
}

/** 1 / (1 + e^−x) as a module (nn.Sigmoid). */
export class Sigmoid extends Module {
  /** 1 / (1 + e^−x), elementwise. */
  forward(x: Tensor): Tensor { return x.sigmoid(); }
}

/** Squared error, averaged (default), summed or kept per element: `{ reduction: 'mean' | 'sum' | 'none' }`. */
export class MSELoss extends Module {
  /** The options given: `{ reduction }`, 'mean' when unset. */
  readonly options: { reduction?: Reduction };

  constructor(options: { reduction?: Reduction } = {}) {
    super();
    this.options = checkOptions('nn.MSELoss', options, REDUCTION);
  }

  /** (input − target)², target broadcast (a number too), reduced as options.reduction says. */
  forward(input: Tensor, target: Tensor | number): Tensor {
    return mseLoss(input, target, this.options);
  }
}

/** Cross-entropy of logits [N, C] against class indices [N] (or class probabilities [N, C]). */
export class CrossEntropyLoss extends Module {
  /** The options given: `{ reduction, ignoreIndex, labelSmoothing }`, PyTorch's defaults when unset. */
  readonly options: CrossEntropyOptions;

  /** `{ reduction: 'mean' | 'sum' | 'none', ignoreIndex: -100, labelSmoothing: 0 }`, as PyTorch's. */
  constructor(options: CrossEntropyOptions = {}) {
    super();
    this.options = checkOptions('nn.CrossEntropyLoss', options, CROSS_ENTROPY_OPTIONS);
  }

  /** The loss of logits [N, C] (or [C]) against class indices [N] (a tensor or number[]; a number for one row) or probabilities [N, C]. */
  forward(logits: Tensor, target: Tensor | number[] | number): Tensor {
    return crossEntropy(logits, target, this.options);
  }
}

/** F.dropout as a module (nn.Dropout): drops with probability p while training, the identity after eval(). */
export class Dropout extends Module {
  /** The probability of zeroing each element. */
  readonly p: number;

  /** `new nn.Dropout(0.5)`: p in [0, 1], default 0.5. */
  constructor(p = 0.5) {
    super();
    this.p = checkDropout(p);
  }

  /** x with elements zeroed (probability p) and the rest scaled by 1/(1 − p) while training; x itself in eval mode. */
  forward(x: Tensor): Tensor { return dropout(x, { p: this.p, training: this.training }); }

  /** `Dropout(p=0.5)`. */
  override toString(): string { return `Dropout(p=${this.p})`; }
}

/** F.leaky_relu as a module (nn.LeakyReLU). */
export class LeakyReLU extends Module {
  /** `new nn.LeakyReLU(0.01)`: the slope for x ≤ 0 (default 0.01). */
  constructor(
    /** The slope for x ≤ 0. */
    readonly negativeSlope = 0.01,
  ) { super(); }
  /** x where x > 0, else negativeSlope · x. */
  forward(x: Tensor): Tensor { return x.leakyRelu(this.negativeSlope); }
}

/** F.gelu as a module (nn.GELU): exact, or `new nn.GELU({ approximate: 'tanh' })`. */
export class GELU extends Module {
  /** 'none' (exact, the default) or 'tanh'. */
  readonly approximate: 'none' | 'tanh';
  constructor(options: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = checkOptions<{ approximate?: 'none' | 'tanh' }>('nn.GELU', options, { approximate: ['none', 'tanh'] }).approximate ?? 'none';
  }
  /** x·Φ(x), elementwise. */
  forward(x: Tensor): Tensor { return x.gelu(this.approximate); }
}

/** Merges dims startDim..endDim (default 1..−1: all but the batch dim), as nn.Flatten. */
export class Flatten extends Module {
  /** `new nn.Flatten(startDim = 1, endDim = -1)`. */
  constructor(
    /** The first dim merged (default 1). */
    readonly startDim = 1,
    /** The last dim merged (default −1). */
    readonly endDim = -1,
  ) { super(); }
  /** x.flatten(startDim, endDim). */
  forward(x: Tensor): Tensor { return x.flatten(this.startDim, this.endDim); }
}

/** A loss module's options: `{ reduction: 'mean' | 'sum' | 'none' }`. */
abstract class Loss<O extends { reduction?: Reduction } = { reduction?: Reduction }> extends Module {
  /** The options given: `{ reduction }`, 'mean' when unset. */
  readonly options: O;
  constructor(where: string, options: O, spec: OptionSpec = REDUCTION) {
    super();
    this.options = checkOptions<O>(where, options, spec);
  }
}

/** Binary cross-entropy of probabilities (nn.BCELoss): apply sigmoid first, or use BCEWithLogitsLoss. */
export class BCELoss extends Loss<BCELossOptions> {
  /** `{ reduction: 'mean' | 'sum' | 'none', weight? }`, as PyTorch's. */
  constructor(options: BCELossOptions = {}) { super('nn.BCELoss', options, BCE_OPTIONS); }
  /** −(t·log p + (1 − t)·log(1 − p)) of input p in [0, 1] against target t of the same shape. */
  forward(input: Tensor, target: Tensor | number[] | number): Tensor { return binaryCrossEntropy(input, target, this.options); }
}

/** Sigmoid and binary cross-entropy fused, stable for any logit (nn.BCEWithLogitsLoss). */
export class BCEWithLogitsLoss extends Loss<BCEWithLogitsLossOptions> {
  /** `{ reduction: 'mean' | 'sum' | 'none', weight?, posWeight? }`, as PyTorch's. */
  constructor(options: BCEWithLogitsLossOptions = {}) { super('nn.BCEWithLogitsLoss', options, BCE_WITH_LOGITS_OPTIONS); }
  /** BCE(sigmoid(input), target), target of input's shape. */
  forward(input: Tensor, target: Tensor | number[] | number): Tensor { return binaryCrossEntropyWithLogits(input, target, this.options); }
}

/** Negative log-likelihood of log-probabilities (nn.NLLLoss); with logSoftmax, the same as CrossEntropyLoss. */
export class NLLLoss extends Loss<NLLLossOptions> {
  /** `{ reduction: 'mean' | 'sum' | 'none', ignoreIndex: -100 }`, as PyTorch's. */
  constructor(options: NLLLossOptions = {}) { super('nn.NLLLoss', options, NLL_OPTIONS); }
  /** −input[n, target[n]] of log-probabilities [N, C] against class indices [N]. */
  forward(input: Tensor, target: Tensor | number[] | number): Tensor { return nllLoss(input, target, this.options); }
}

/** A lookup table (nn.Embedding): `weight` [numEmbeddings, embeddingDim], drawn from N(0, 1) as PyTorch does. */
export class Embedding extends Module {
  /** The table, [numEmbeddings, embeddingDim], requiring grad. */
  readonly weight: Tensor;
  /** `new nn.Embedding(numEmbeddings, embeddingDim)`. */
  constructor(
    /** The number of rows (distinct indices). */
    readonly numEmbeddings: number,
    /** The size of each row. */
    readonly embeddingDim: number,
  ) {
    super();
    this.weight = init.normal_(new Tensor(new Float64Array(numEmbeddings * embeddingDim), [numEmbeddings, embeddingDim], { requiresGrad: true }));
  }
  /** The rows of weight picked by integer indices (any shape): [...indices.shape, embeddingDim]. */
  forward(indices: Tensor | number[]): Tensor { return embedding(indices, this.weight); }
  /** `Embedding(10, 3)`. */
  override toString(): string { return `Embedding(${this.numEmbeddings}, ${this.embeddingDim})`; }
}

/** Layer normalization over the last dims (nn.LayerNorm), with a weight (ones) and bias (zeros) per element. */
export class LayerNorm extends Module {
  /** The normalized (last) dims. */
  readonly normalizedShape: number[];
  /** Added to the variance for stability (default 1e-5). */
  readonly eps: number;
  /** The scale, of normalizedShape, ones at first; null with `{ elementwiseAffine: false }`. */
  readonly weight: Tensor | null;
  /** The shift, of normalizedShape, zeros at first; null with `{ elementwiseAffine: false }`. */
  readonly bias: Tensor | null;
  /** `new nn.LayerNorm(4)` or `new nn.LayerNorm([3, 4], { eps, elementwiseAffine })`. */
  constructor(normalizedShape: number | number[], options: { eps?: number; elementwiseAffine?: boolean } = {}) {
    super();
    const { eps = 1e-5, elementwiseAffine = true } = checkOptions<{ eps?: number; elementwiseAffine?: boolean }>('nn.LayerNorm', options, { eps: 'number', elementwiseAffine: 'boolean' });
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = eps;
    const n = this.normalizedShape.reduce((a, b) => a * b, 1);
    this.weight = elementwiseAffine ? new Tensor(new Float64Array(n).fill(1), this.normalizedShape, { requiresGrad: true }) : null;
    this.bias = elementwiseAffine ? new Tensor(new Float64Array(n), this.normalizedShape, { requiresGrad: true }) : null;
  }
  /** (x − mean) / √(var + eps) over the last dims, · weight + bias. */
  forward(x: Tensor): Tensor { return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps); }
}

/**
 * Batch normalization over a batch of [N, C] or [N, C, L] (nn.BatchNorm1d): while training, each
 * channel is normalized with the batch's mean and (biased) variance, and the running statistics
 * move towards them (the variance unbiased, as PyTorch keeps it); in eval mode the running
 * statistics are used. Then a weight (ones) and bias (zeros) per channel.
 */
export class BatchNorm1d extends Module {
  /** Channels (C). */
  readonly numFeatures: number;
  /** Added to the variance for stability (default 1e-5). */
  readonly eps: number;
  /** How far the running statistics move towards each batch's (default 0.1). */
  readonly momentum: number;
  /** The scale per channel, ones at first; null with `{ affine: false }`. */
  readonly weight: Tensor | null;
  /** The shift per channel, zeros at first; null with `{ affine: false }`. */
  readonly bias: Tensor | null;
  /** The running mean per channel (a buffer: no gradient), zeros at first. */
  readonly runningMean: Tensor;
  /** The running (unbiased) variance per channel, ones at first. */
  readonly runningVar: Tensor;
  /** Training batches seen (a 0-d buffer, as PyTorch's num_batches_tracked). */
  readonly numBatchesTracked = buffer(new Tensor(Float64Array.of(0), []));

  /** `new nn.BatchNorm1d(C, { eps, momentum, affine })`. */
  constructor(numFeatures: number, options: { eps?: number; momentum?: number; affine?: boolean } = {}) {
    super();
    const { eps = 1e-5, momentum = 0.1, affine = true } = checkOptions<{ eps?: number; momentum?: number; affine?: boolean }>('nn.BatchNorm1d', options, { eps: 'number', momentum: 'number', affine: 'boolean' });
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? new Tensor(new Float64Array(numFeatures).fill(1), [numFeatures], { requiresGrad: true }) : null;
    this.bias = affine ? new Tensor(new Float64Array(numFeatures), [numFeatures], { requiresGrad: true }) : null;
    this.runningMean = buffer(new Tensor(new Float64Array(numFeatures), [numFeatures]));
    this.runningVar = buffer(new Tensor(new Float64Array(numFeatures).fill(1), [numFeatures]));
  }

  /** x of [N, C] or [N, C, L], normalized per channel. */
  forward(x: Tensor): Tensor {
    const C = this.numFeatures;
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== C) {
      throw new Error(`nn.BatchNorm1d(${C}): expected input of shape [N, ${C}] or [N, ${C}, L], got ${formatShape(x.shape)}`);
    }
    // Channels last, one row per sample (and position): statistics are over the rows.
    const rows = x.ndim === 3 ? x.transpose(1, 2).reshape(-1, C) : x;
    let normed: Tensor;
    if (this.training) {
      const count = rows.shape[0];
      if (count < 2) throw new Error(`nn.BatchNorm1d: expected more than 1 value per channel when training, got input of shape ${formatShape(x.shape)}`);
      const mean = rows.mean(0, true);
      const centered = rows.sub(mean);
      const variance = centered.mul(centered).mean(0, true);
      normed = centered.div(variance.add(this.eps).sqrt());
      const m = this.momentum;
      for (let c = 0; c < C; c++) {
        this.runningMean.data[c] = (1 - m) * this.runningMean.data[c] + m * mean.data[c];
        this.runningVar.data[c] = (1 - m) * this.runningVar.data[c] + m * variance.data[c] * (count / (count - 1));
      }
      this.numBatchesTracked.data[0]++;
    } else {
      normed = rows.sub(this.runningMean).div(this.runningVar.add(this.eps).sqrt());
    }
    const scaled = this.weight ? normed.mul(this.weight) : normed;
    const shifted = this.bias ? scaled.add(this.bias) : scaled;
    return x.ndim === 3 ? shifted.reshape(x.shape[0], x.shape[2], C).transpose(1, 2) : shifted;
  }
}
