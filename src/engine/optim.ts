// Optimizers with PyTorch's update rules (torch.optim.SGD, torch.optim.Adam), for tensors and
// for micrograd Values alike. Parameters without a gradient are skipped, as in PyTorch.

import type { Parameter } from './nn/module';
import { checkOptions } from './options';
import { Value } from './value';

/** The base of SGD and Adam: the parameters to update, zeroGrad() and step(). */
abstract class Optimizer {
  protected readonly params: Parameter[];

  constructor(params: Iterable<Parameter>) {
    this.params = [...params];
    if (this.params.length === 0) throw new Error('optimizer got an empty parameter list');
  }

  /** Clears the gradients (tensors: null, Values: 0). */
  zeroGrad(): void {
    for (const p of this.params) {
      if (p instanceof Value) p.grad = 0;
      else p.grad = null;
    }
  }

  /** Updates every parameter in place from its gradient (PyTorch's optimizer.step()); a tensor whose .grad is null is skipped. */
  step(): void {
    this.params.forEach((p, i) => {
      if (p instanceof Value) {
        const data = Float64Array.of(p.data);
        this.update(i, data, Float64Array.of(p.grad));
        p.data = data[0];
      } else if (p.grad !== null) {
        this.update(i, p.data, p.grad.data);
      }
    });
  }

  /** Updates one parameter's values in place from its gradient. */
  protected abstract update(index: number, data: Float64Array, grad: Float64Array): void;
}

/** PyTorch refuses a negative (or NaN) learning rate; so do we. */
function checkLearningRate(where: string, lr: number): void {
  if (!(lr >= 0)) throw new Error(`${where}: invalid learning rate ${lr} (it must be a number >= 0)`);
}

/** Options of optim.SGD. */
export interface SGDOptions {
  /** The learning rate (required, ≥ 0). */
  lr: number;
  /** The momentum factor (default 0: plain SGD). */
  momentum?: number;
  /** Dampening of the momentum: each new gradient enters the buffer times 1 − dampening (default 0). */
  dampening?: number;
  /** L2 penalty: weightDecay · param is added to the gradient (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
}

/** Stochastic gradient descent (torch.optim.SGD): `new SGD(model.parameters(), { lr: 0.1 })`, then `zeroGrad()` and `step()`. */
export class SGD extends Optimizer {
  private readonly buffers: (Float64Array | null)[];

  /** The options as given (unset ones take SGDOptions' defaults); the learning rate is options.lr. */
  readonly options: SGDOptions;

  /** As PyTorch: `new SGD(params, { lr: 0.1, momentum: 0.9 })`, or the learning rate alone, `new SGD(params, 0.1)`. */
  constructor(params: Iterable<Parameter>, options: SGDOptions | number) {
    super(params);
    this.options = checkOptions<SGDOptions>('optim.SGD', typeof options === 'number' ? { lr: options } : options,
      { lr: 'number', momentum: 'number', dampening: 'number', weightDecay: 'number', nesterov: 'boolean' }, ['lr']);
    checkLearningRate('optim.SGD', this.options.lr);
    this.buffers = this.params.map(() => null);
  }

  protected update(index: number, data: Float64Array, grad: Float64Array): void {
    const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = this.options;
    const d = grad.map((g, i) => g + weightDecay * data[i]);
    if (momentum !== 0) {
      let buf = this.buffers[index];
      if (buf === null) {
        buf = this.buffers[index] = d.slice();
      } else {
        for (let i = 0; i < buf.length; i++) buf[i] = momentum * buf[i] + (1 - dampening) * d[i];
      }
      for (let i = 0; i < d.length; i++) d[i] = nesterov ? d[i] + momentum * buf[i] : buf[i];
    }
    for (let i = 0; i < data.length; i++) data[i] -= lr * d[i];
  }
}

/** Options of optim.Adam. */
export interface AdamOptions {
  /** The learning rate (default 1e-3, ≥ 0). */
  lr?: number;
  /** Decay rates of the running averages of the gradient and of its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** L2 penalty: weightDecay · param is added to the gradient, as torch.optim.Adam (not AdamW) (default 0). */
  weightDecay?: number;
}

/** Adam (torch.optim.Adam): `new Adam(model.parameters(), { lr: 1e-3 })`, then `zeroGrad()` and `step()`. */
export class Adam extends Optimizer {
  private readonly moments: { m: Float64Array; v: Float64Array; step: number }[];

  /** The options as given (unset ones take AdamOptions' defaults). */
  readonly options: AdamOptions;

  /** As PyTorch: `new Adam(params, { lr: 1e-3, betas: [0.9, 0.999] })`, or the learning rate alone. */
  constructor(params: Iterable<Parameter>, options: AdamOptions | number = {}) {
    super(params);
    this.options = checkOptions<AdamOptions>('optim.Adam', typeof options === 'number' ? { lr: options } : options,
      { lr: 'number', betas: 'pair', eps: 'number', weightDecay: 'number' });
    if (this.options.lr !== undefined) checkLearningRate('optim.Adam', this.options.lr);
    this.moments = this.params.map((p) => {
      const n = p instanceof Value ? 1 : p.data.length;
      return { m: new Float64Array(n), v: new Float64Array(n), step: 0 };
    });
  }

  protected update(index: number, data: Float64Array, grad: Float64Array): void {
    const { lr = 1e-3, betas: [beta1, beta2] = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = this.options;
    const state = this.moments[index];
    state.step += 1;
    const correction1 = 1 - beta1 ** state.step;
    const correction2 = 1 - beta2 ** state.step;
    for (let i = 0; i < data.length; i++) {
      const g = grad[i] + weightDecay * data[i];
      state.m[i] = beta1 * state.m[i] + (1 - beta1) * g;
      state.v[i] = beta2 * state.v[i] + (1 - beta2) * g * g;
      const denom = Math.sqrt(state.v[i]) / Math.sqrt(correction2) + eps;
      data[i] -= (lr / correction1) * (state.m[i] / denom);
    }
  }
}
