// PyTorch's building blocks on tensors: Linear, Sequential, activations and losses.

import { uniform } from '../random';
import { linear } from '../tensor/ops';
import { tensor } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';
import { crossEntropy, mseLoss } from './functional';
import { Module } from './module';

/** y = x·Wᵀ + b (PyTorch's nn.Linear): `weight` is [out, in], `bias` is [out], initialised as PyTorch does. */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  /** y = x·Wᵀ + b, W of shape [out, in]; initialised as PyTorch does, U(−1/√in, 1/√in). */
  constructor(readonly inFeatures: number, readonly outFeatures: number, { bias = true }: { bias?: boolean } = {}) {
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

type Reduction = 'mean' | 'sum';

/** Mean (or summed) squared error. */
export class MSELoss extends Module {
  constructor(readonly options: { reduction?: Reduction } = {}) {
    super();
  }

  forward(input: Tensor, target: Tensor | number): Tensor {
    return mseLoss(input, target, this.options);
  }
}

/** Cross-entropy of logits [N, C] against class indices [N] (or class probabilities [N, C]). */
export class CrossEntropyLoss extends Module {
  forward(logits: Tensor, target: Tensor | number[] | number): Tensor {
    return crossEntropy(logits, target);
  }
}
