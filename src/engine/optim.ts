// Optimizers with PyTorch 1.13's update rules (SGD, Adam, AdamW, RMSprop, Adagrad), for tensors and
// for micrograd Values alike. Parameters without a gradient are skipped, as in PyTorch.

import type { Parameter } from './nn/module';
import { checkOptions, type OptionSpec } from './options';
import { Value } from './value';

/** PyTorch's `optimizer.param_groups[0]`: here one group, whose `lr` reads and writes the optimizer's. */
export interface ParamGroup {
  /** The learning rate, the same as optimizer.lr (writable: schedulers set it). */
  lr: number;
  /** The parameters the optimizer updates. */
  readonly params: Parameter[];
}

/**
 * The base of every optimizer (torch.optim.Optimizer): the parameters to update, zeroGrad(),
 * step(), and the learning rate as `lr` (also `paramGroups[0].lr`, PyTorch's spelling), which a
 * scheduler or the user may change between steps.
 */
export abstract class Optimizer {
  protected readonly params: Parameter[];
  /** The options as given, copied (unset ones take the optimizer's defaults); `lr` changes when a scheduler sets it. */
  abstract readonly options: { lr?: number };
  /** The learning rate used when options.lr is unset. */
  protected abstract readonly defaultLr: number;
  /** One group holding every parameter, as PyTorch's param_groups: `optimizer.paramGroups[0].lr = 0.01`. */
  readonly paramGroups: [ParamGroup];

  constructor(params: Iterable<Parameter>) {
    this.params = [...params];
    if (this.params.length === 0) throw new Error('optimizer got an empty parameter list');
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const optimizer = this;
    this.paramGroups = [{
      get lr(): number { return optimizer.lr; },
      set lr(value: number) { optimizer.lr = value; },
      params: this.params,
    }];
  }

  /** The learning rate the next step() uses (PyTorch's param_groups[0]['lr']); writable, checked (≥ 0). */
  get lr(): number { return this.options.lr ?? this.defaultLr; }
  set lr(value: number) {
    checkLearningRate(this.constructor.name, value);
    this.options.lr = value;
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
/**
 * An optimizer's options, as PyTorch takes them — an object, or the learning rate alone — checked
 * (checkOptions) and copied, so the caller's object is never changed.
 */
function optimizerOptions<T extends { lr?: number }>(where: string, given: T | number, spec: OptionSpec, required: string[] = []): T {
  const options = { ...checkOptions<T>(where, typeof given === 'number' ? { lr: given } : given, spec, required) };
  if (options.lr !== undefined) checkLearningRate(where, options.lr);
  return options;
}

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

  /** The options as given, copied (unset ones take SGDOptions' defaults); the learning rate is options.lr. */
  readonly options: SGDOptions;
  protected readonly defaultLr = 0;

  /** As PyTorch: `new SGD(params, { lr: 0.1, momentum: 0.9 })`, or the learning rate alone, `new SGD(params, 0.1)`. */
  constructor(params: Iterable<Parameter>, options: SGDOptions | number) {
    super(params);
    this.options = optimizerOptions<SGDOptions>('optim.SGD', options, { lr: 'number', momentum: 'number', dampening: 'number', weightDecay: 'number', nesterov: 'boolean' }, ['lr']);
    this.buffers = this.params.map(() => null);
  }

  protected update(index: number, data: Float64Array, grad: Float64Array): void {
    const { momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = this.options;
    const lr = this.lr;
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

  /** The options as given, copied (unset ones take AdamOptions' defaults). */
  readonly options: AdamOptions;
  protected readonly defaultLr = 1e-3;

  /** As PyTorch: `new Adam(params, { lr: 1e-3, betas: [0.9, 0.999] })`, or the learning rate alone. */
  constructor(params: Iterable<Parameter>, options: AdamOptions | number = {}) {
    super(params);
    this.options = optimizerOptions<AdamOptions>('optim.Adam', options, { lr: 'number', betas: 'pair', eps: 'number', weightDecay: 'number' });
    this.moments = this.params.map((p) => {
      const n = p instanceof Value ? 1 : p.data.length;
      return { m: new Float64Array(n), v: new Float64Array(n), step: 0 };
    });
  }

  protected update(index: number, data: Float64Array, grad: Float64Array): void {
    const { betas: [beta1, beta2] = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = this.options;
    const lr = this.lr;
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

/** One state array per parameter, of its size. */
function perParameter(params: Parameter[]): Float64Array[] {
  return params.map((p) => new Float64Array(p instanceof Value ? 1 : p.data.length));
}

/** Options of optim.AdamW. */
export interface AdamWOptions {
  /** The learning rate (default 1e-3, ≥ 0). */
  lr?: number;
  /** Decay rates of the running averages of the gradient and of its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** Decoupled weight decay: each step first scales the parameter by 1 − lr·weightDecay (default 1e-2). */
  weightDecay?: number;
}

/** AdamW (torch.optim.AdamW): Adam with decoupled weight decay, PyTorch 1.13's update. */
export class AdamW extends Optimizer {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private readonly steps: number[];
  /** The options as given, copied (unset ones take AdamWOptions' defaults). */
  readonly options: AdamWOptions;
  protected readonly defaultLr = 1e-3;

  /** `new AdamW(params, { lr: 1e-3, weightDecay: 1e-2 })`, or the learning rate alone. */
  constructor(params: Iterable<Parameter>, options: AdamWOptions | number = {}) {
    super(params);
    this.options = optimizerOptions<AdamWOptions>('optim.AdamW', options, { lr: 'number', betas: 'pair', eps: 'number', weightDecay: 'number' });
    this.m = perParameter(this.params);
    this.v = perParameter(this.params);
    this.steps = this.params.map(() => 0);
  }

  protected update(index: number, data: Float64Array, grad: Float64Array): void {
    const { betas: [beta1, beta2] = [0.9, 0.999], eps = 1e-8, weightDecay = 1e-2 } = this.options;
    const lr = this.lr;
    const m = this.m[index];
    const v = this.v[index];
    const step = ++this.steps[index];
    const stepSize = lr / (1 - beta1 ** step);
    const correction2Sqrt = Math.sqrt(1 - beta2 ** step);
    for (let i = 0; i < data.length; i++) {
      data[i] *= 1 - lr * weightDecay;
      m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
      v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
      data[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / correction2Sqrt + eps));
    }
  }
}

/** Options of optim.RMSprop. */
export interface RMSpropOptions {
  /** The learning rate (default 1e-2, ≥ 0). */
  lr?: number;
  /** Smoothing constant of the running average of squared gradients (default 0.99). */
  alpha?: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Normalize by an estimate of the gradient's variance instead of its second moment (default false). */
  centered?: boolean;
}

/** RMSprop (torch.optim.RMSprop), PyTorch 1.13's update. */
export class RMSprop extends Optimizer {
  private readonly squareAvg: Float64Array[];
  private readonly gradAvg: Float64Array[];
  private readonly buffers: Float64Array[];
  /** The options as given, copied (unset ones take RMSpropOptions' defaults). */
  readonly options: RMSpropOptions;
  protected readonly defaultLr = 1e-2;

  /** `new RMSprop(params, { lr: 0.01, alpha: 0.99 })`, or the learning rate alone. */
  constructor(params: Iterable<Parameter>, options: RMSpropOptions | number = {}) {
    super(params);
    this.options = optimizerOptions<RMSpropOptions>('optim.RMSprop', options, { lr: 'number', alpha: 'number', eps: 'number', weightDecay: 'number', momentum: 'number', centered: 'boolean' });
    this.squareAvg = perParameter(this.params);
    this.gradAvg = perParameter(this.params);
    this.buffers = perParameter(this.params);
  }

  protected update(index: number, data: Float64Array, grad: Float64Array): void {
    const { alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = this.options;
    const lr = this.lr;
    const sq = this.squareAvg[index];
    const ga = this.gradAvg[index];
    const buf = this.buffers[index];
    for (let i = 0; i < data.length; i++) {
      const g = grad[i] + weightDecay * data[i];
      sq[i] = alpha * sq[i] + (1 - alpha) * g * g;
      let avg: number;
      if (centered) {
        ga[i] = alpha * ga[i] + (1 - alpha) * g;
        avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
      } else {
        avg = Math.sqrt(sq[i]) + eps;
      }
      if (momentum > 0) {
        buf[i] = momentum * buf[i] + g / avg;
        data[i] -= lr * buf[i];
      } else {
        data[i] -= lr * (g / avg);
      }
    }
  }
}

/** Options of optim.Adagrad. */
export interface AdagradOptions {
  /** The learning rate (default 1e-2, ≥ 0). */
  lr?: number;
  /** Learning-rate decay: step t uses lr / (1 + (t − 1)·lrDecay) (default 0). */
  lrDecay?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** The starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps?: number;
}

/** Adagrad (torch.optim.Adagrad), PyTorch 1.13's update. */
export class Adagrad extends Optimizer {
  private readonly sums: Float64Array[];
  private readonly steps: number[];
  /** The options as given, copied (unset ones take AdagradOptions' defaults). */
  readonly options: AdagradOptions;
  protected readonly defaultLr = 1e-2;

  /** `new Adagrad(params, { lr: 0.01 })`, or the learning rate alone. */
  constructor(params: Iterable<Parameter>, options: AdagradOptions | number = {}) {
    super(params);
    this.options = optimizerOptions<AdagradOptions>('optim.Adagrad', options, { lr: 'number', lrDecay: 'number', weightDecay: 'number', initialAccumulatorValue: 'number', eps: 'number' });
    this.sums = perParameter(this.params).map((s) => s.fill(this.options.initialAccumulatorValue ?? 0));
    this.steps = this.params.map(() => 0);
  }

  protected update(index: number, data: Float64Array, grad: Float64Array): void {
    const { lrDecay = 0, weightDecay = 0, eps = 1e-10 } = this.options;
    const step = ++this.steps[index];
    const clr = this.lr / (1 + (step - 1) * lrDecay);
    const sum = this.sums[index];
    for (let i = 0; i < data.length; i++) {
      const g = grad[i] + weightDecay * data[i];
      sum[i] += g * g;
      data[i] -= clr * (g / (Math.sqrt(sum[i]) + eps));
    }
  }
}

export * as lrScheduler from './lr-scheduler';
