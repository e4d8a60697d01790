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
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  /** y = x·Wᵀ + b, W of shape [out, in]; initialised as PyTorch does, U(−1/√in, 1/√in). */
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: { bias?: boolean } = {}) {
    const { bias = true } = checkOptions<{ bias?: boolean }>('nn.Linear', options, { bias: 'boolean' });
    super();
    const bound = 1 / Math.sqrt(inFeatures);
    const init = (n: number): number[] => Array.from({ length: n }, () => uniform(-bound, bound));
    this.weight = new Tensor(Float64Array.from(init(outFeatures * inFeatures)), [outFeatures, inFeatures], { requiresGrad: true });
    this.bias = bias ? tensor(init(outFeatures), { requiresGrad: true }) : null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override toString(): string {
    return `Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null})`;
  }
}

/** Modules applied one after another (nn.Sequential). */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  forward(x: Tensor): Tensor {
    let out = x;
    for (const layer of this.layers) out = layer.forward(out);
    return out;
  }

  override toString(): string {
    return `Sequential(\n${this.layers.map((l, i) => `  (${i}): ${l}`).join('\n')}\n)`;
  }
}

/** max(0, x) as a module (nn.ReLU). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return x.relu(); }
}

/** tanh(x) as a module (nn.Tanh). */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return x.tanh(); }
}

/** 1 / (1 + e^−x) as a module (nn.Sigmoid). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return x.sigmoid(); }
}

/** Squared error, averaged (default), summed or kept per element: `{ reduction: 'mean' | 'sum' | 'none' }`. */
export class MSELoss extends Module {
  readonly options: { reduction?: Reduction };

  constructor(options: { reduction?: Reduction } = {}) {
    super();
    this.options = checkOptions('nn.MSELoss', options, REDUCTION);
  }

  forward(input: Tensor, target: Tensor | number): Tensor {
    return mseLoss(input, target, this.options);
  }
}

/** Cross-entropy of logits [N, C] against class indices [N] (or class probabilities [N, C]). */
export class CrossEntropyLoss extends Module {
  readonly options: { reduction?: Reduction };

  /** `{ reduction: 'mean' | 'sum' | 'none' }`, as PyTorch's. */
  constructor(options: { reduction?: Reduction } = {}) {
    super();
    this.options = checkOptions('nn.CrossEntropyLoss', options, REDUCTION);
  }

  forward(logits: Tensor, target: Tensor | number[] | number): Tensor {
    return crossEntropy(logits, target, this.options);
  }
}
