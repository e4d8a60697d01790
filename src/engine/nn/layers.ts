// PyTorch's building blocks on tensors: Linear, Sequential, activations and losses.

import { uniform } from '../random';
import { linear } from '../tensor/ops';
import { tensor } from '../tensor/creation';
import { checkOptions } from '../options';
import { Tensor, type Reduction } from '../tensor/tensor';
import { REDUCTION, crossEntropy, mseLoss } from './functional';
import { Module } from './module';

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
  /** The options given: `{ reduction }`, 'mean' when unset. */
  readonly options: { reduction?: Reduction };

  /** `{ reduction: 'mean' | 'sum' | 'none' }`, as PyTorch's. */
  constructor(options: { reduction?: Reduction } = {}) {
    super();
    this.options = checkOptions('nn.CrossEntropyLoss', options, REDUCTION);
  }

  /** The loss of logits [N, C] (or [C]) against class indices [N] (a tensor or number[]; a number for one row) or probabilities [N, C]. */
  forward(logits: Tensor, target: Tensor | number[] | number): Tensor {
    return crossEntropy(logits, target, this.options);
  }
}
