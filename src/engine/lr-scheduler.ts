// torch.optim.lr_scheduler: StepLR and CosineAnnealingLR, with PyTorch 1.13's (chainable) rules.
// A scheduler reads and writes `optimizer.lr`; construct it after the optimizer, call
// optimizer.step() then scheduler.step() once per epoch.

import type { Optimizer } from './optim';
import { checkOptions } from './options';

/** The base of every scheduler (torch.optim.lr_scheduler._LRScheduler): step(), getLastLr(), lastEpoch. */
export abstract class LRScheduler {
  /** The optimizer's learning rate when the scheduler was made (PyTorch's base_lrs[0]). */
  readonly baseLr: number;
  /** The number of step() calls so far (PyTorch's last_epoch; 0 after construction). */
  lastEpoch = -1;
  private lastLr: number;

  constructor(
    /** The optimizer whose learning rate this scheduler sets. */
    readonly optimizer: Optimizer,
  ) {
    if (typeof optimizer?.lr !== 'number') throw new Error(`${this.constructor.name}: expected an optimizer (optim.SGD, optim.Adam, …)`);
    this.baseLr = optimizer.lr;
    this.lastLr = optimizer.lr;
  }

  /** The next learning rate from the current one (PyTorch's get_lr()). */
  protected abstract nextLr(): number;

  /** Advances one epoch and sets the optimizer's learning rate (call it after optimizer.step()). */
  step(): void {
    this.lastEpoch += 1;
    this.optimizer.lr = this.nextLr();
    this.lastLr = this.optimizer.lr;
  }

  /** The learning rate the last step() set, one per parameter group (PyTorch's get_last_lr()). */
  getLastLr(): number[] {
    return [this.lastLr];
  }
}

/** Options of StepLR. */
export interface StepLROptions {
  /** The number of epochs between decays (required). */
  stepSize: number;
  /** The factor the learning rate is multiplied by every stepSize epochs (default 0.1). */
  gamma?: number;
}

/** Multiplies the learning rate by gamma every stepSize epochs (torch.optim.lr_scheduler.StepLR). */
export class StepLR extends LRScheduler {
  /** The options as given. */
  readonly options: StepLROptions;

  /** `new StepLR(optimizer, { stepSize: 30, gamma: 0.1 })`. */
  constructor(optimizer: Optimizer, options: StepLROptions) {
    super(optimizer);
    this.options = checkOptions<StepLROptions>('lrScheduler.StepLR', options, { stepSize: 'number', gamma: 'number' }, ['stepSize']);
    if (!Number.isInteger(this.options.stepSize) || this.options.stepSize < 1) throw new Error(`lrScheduler.StepLR: stepSize must be a positive integer, got ${this.options.stepSize}`);
    this.step();
  }

  protected nextLr(): number {
    const { stepSize, gamma = 0.1 } = this.options;
    const lr = this.optimizer.lr;
    return this.lastEpoch === 0 || this.lastEpoch % stepSize !== 0 ? lr : lr * gamma;
  }
}

/** Options of CosineAnnealingLR. */
export interface CosineAnnealingLROptions {
  /** Half a period, in epochs: the learning rate reaches etaMin after TMax steps (required). */
  TMax: number;
  /** The smallest learning rate (default 0). */
  etaMin?: number;
}

/** The learning rate follows a cosine from its start down to etaMin over TMax epochs, and back (torch.optim.lr_scheduler.CosineAnnealingLR). */
export class CosineAnnealingLR extends LRScheduler {
  /** The options as given. */
  readonly options: CosineAnnealingLROptions;

  /** `new CosineAnnealingLR(optimizer, { TMax: 100, etaMin: 0 })`. */
  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super(optimizer);
    this.options = checkOptions<CosineAnnealingLROptions>('lrScheduler.CosineAnnealingLR', options, { TMax: 'number', etaMin: 'number' }, ['TMax']);
    if (!(this.options.TMax > 0)) throw new Error(`lrScheduler.CosineAnnealingLR: TMax must be positive, got ${this.options.TMax}`);
    this.step();
  }

  // PyTorch 1.13's recursive form, so a learning rate changed by hand carries on from there.
  protected nextLr(): number {
    const { TMax, etaMin = 0 } = this.options;
    const lr = this.optimizer.lr;
    const epoch = this.lastEpoch;
    if (epoch === 0) return lr;
    const period = 2 * TMax;
    if ((((epoch - 1 - TMax) % period) + period) % period === 0) {
      return lr + ((this.baseLr - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2;
    }
    return ((1 + Math.cos((Math.PI * epoch) / TMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / TMax))) * (lr - etaMin) + etaMin;
  }
}
