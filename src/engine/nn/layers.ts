// PyTorch's building blocks on tensors: Linear, Sequential, activations and losses.

import { uniform } from '../random';
import { crossEntropy, linear, toTensor } from '../tensor/ops';
import { tensor } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';
import { Module } from './module';

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

export class ReLU extends Module {
  forward(x: Tensor): Tensor { return x.relu(); }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor { return x.tanh(); }
}

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
    const squared = input.sub(target).pow(2);
    return this.options.reduction === 'sum' ? squared.sum() : squared.mean();
  }
}

/** Cross-entropy of logits [N, C] against class indices [N] (or class probabilities [N, C]). */
export class CrossEntropyLoss extends Module {
  forward(logits: Tensor, target: Tensor | number[] | number): Tensor {
    const t = target instanceof Tensor ? target : typeof target === 'number' ? toTensor(target) : tensor(target);
    return crossEntropy(logits, t);
  }
}
