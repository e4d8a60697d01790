// The loss chart's data: points appended as batches arrive, the smoothed curve kept up to date
// incrementally (TensorBoard's debiased exponential moving average), custom metrics aligned on
// the same step axis, and the run's pace. Pure: unit-tested without a browser.

/**
 * TensorBoard's smoothing: last = last·w + (1 − w)·y, divided by the bias correction 1 − w^n
 * (n: finite points so far), so the curve starts at the data instead of at 0. Non-finite points
 * pass through unsmoothed and do not move the average.
 */
export class DebiasedEma {
  private last = 0;
  private n = 0;

  constructor(readonly weight: number) {}

  next(y: number): number {
    if (!Number.isFinite(y)) return y;
    const w = this.weight;
    this.last = this.last * w + (1 - w) * y;
    this.n++;
    const debias = w === 1 ? 1 : 1 - w ** this.n;
    return this.last / debias;
  }
}

export function smooth(values: ArrayLike<number>, weight: number): number[] {
  const ema = new DebiasedEma(weight);
  return Array.from(values, (y) => ema.next(y));
}

export interface Columns {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  times: ArrayLike<number>;
}

/**
 * Aligned series for uPlot: one x (step) array; loss, smoothed loss and each metric as y arrays
 * (null: no point at that step, or not drawable — non-finite, or ≤ 0 on a log scale).
 */
export class ChartData {
  readonly x: number[] = [];
  readonly loss: (number | null)[] = [];
  readonly smoothed: (number | null)[] = [];
  readonly metrics = new Map<string, (number | null)[]>();
  /** Raw loss values and times, by index (for state and statistics). */
  readonly rawLoss: number[] = [];
  readonly rawTimes: number[] = [];
  private readonly rawMetrics = new Map<string, (number | null)[]>();
  /** Loss points in arrival order (for the pace and the last value). */
  private readonly lossSteps: number[] = [];
  private readonly lossTimes: number[] = [];
  private ema: DebiasedEma;
  private indexOfStep = new Map<number, number>();
  nonFinite = 0;

  constructor(
    private weight = 0.6,
    private logScale = false,
  ) {
    this.ema = new DebiasedEma(weight);
  }

  get length(): number {
    return this.x.length;
  }

  get smoothing(): number {
    return this.weight;
  }

  get log(): boolean {
    return this.logScale;
  }

  appendLoss({ steps, values, times }: Columns): void {
    for (let i = 0; i < steps.length; i++) {
      const at = this.slot(steps[i]);
      const y = values[i];
      this.rawLoss[at] = y;
      this.rawTimes[at] = times[i];
      this.lossSteps.push(steps[i]);
      this.lossTimes.push(times[i]);
      if (!Number.isFinite(y)) this.nonFinite++;
      this.loss[at] = this.drawable(y);
      this.smoothed[at] = this.drawable(this.ema.next(y));
    }
  }

  appendMetrics(names: readonly string[], { steps, values }: Omit<Columns, 'times'>): void {
    for (let i = 0; i < steps.length; i++) {
      const name = names[i];
      if (!this.metrics.has(name)) {
        this.metrics.set(name, new Array<number | null>(this.x.length).fill(null));
        this.rawMetrics.set(name, new Array<number | null>(this.x.length).fill(null));
      }
      const at = this.slot(steps[i]);
      this.rawMetrics.get(name)![at] = values[i];
      this.metrics.get(name)![at] = Number.isFinite(values[i]) ? values[i] : null;
    }
  }

  setSmoothing(weight: number): void {
    this.weight = weight;
    this.recompute();
  }

  setLogScale(log: boolean): void {
    this.logScale = log;
    this.recompute();
  }

  /** Steps per second over the last `windowMs` of run time. */
  stepsPerSecond(windowMs = 1000): number | null {
    const n = this.lossTimes.length;
    if (n < 2) return null;
    const end = this.lossTimes[n - 1];
    let i = n - 2;
    while (i > 0 && end - this.lossTimes[i - 1] <= windowMs) i--;
    const dt = end - this.lossTimes[i];
    return dt > 0 ? ((this.lossSteps[n - 1] - this.lossSteps[i]) * 1000) / dt : null;
  }

  /** Run time of the last loss point, in ms. */
  get lastTime(): number | null {
    return this.lossTimes.length ? this.lossTimes[this.lossTimes.length - 1] : null;
  }

  lastLoss(): { step: number; value: number; smoothed: number | null } | null {
    const n = this.lossSteps.length;
    if (n === 0) return null;
    const at = this.indexOfStep.get(this.lossSteps[n - 1])!;
    return { step: this.lossSteps[n - 1], value: this.rawLoss[at], smoothed: this.smoothed[at] };
  }

  /** [x, loss, smoothed, ...metrics] in the order of metricNames(). */
  aligned(): (number | null)[][] {
    return [this.x, this.loss, this.smoothed, ...this.metrics.values()];
  }

  metricNames(): string[] {
    return [...this.metrics.keys()];
  }

  /** Raw columns, for saving (metrics as name/step/value triples). */
  saved(): { steps: number[]; values: number[]; times: number[]; metrics: { names: string[]; steps: number[]; values: number[] } } {
    const steps: number[] = [];
    const values: number[] = [];
    const times: number[] = [];
    this.rawLoss.forEach((v, i) => {
      if (v === undefined) return;
      steps.push(this.x[i]);
      values.push(v);
      times.push(this.rawTimes[i]);
    });
    const metrics = { names: [] as string[], steps: [] as number[], values: [] as number[] };
    for (const [name, ys] of this.rawMetrics) {
      ys.forEach((v, i) => {
        if (v === null || v === undefined) return;
        metrics.names.push(name);
        metrics.steps.push(this.x[i]);
        metrics.values.push(v);
      });
    }
    return { steps, values, times, metrics };
  }

  private drawable(y: number): number | null {
    if (!Number.isFinite(y)) return null;
    if (this.logScale && y <= 0) return null;
    return y;
  }

  /** The index of `step` in x, adding it (steps mostly arrive in order: appended at the end). */
  private slot(step: number): number {
    const known = this.indexOfStep.get(step);
    if (known !== undefined) return known;
    const n = this.x.length;
    if (n === 0 || step > this.x[n - 1]) {
      this.x.push(step);
      this.loss.push(null);
      this.smoothed.push(null);
      for (const ys of this.metrics.values()) ys.push(null);
      for (const ys of this.rawMetrics.values()) ys.push(null);
      this.indexOfStep.set(step, n);
      return n;
    }
    // Out of order (a metric reported before any loss at that step): insert and re-index.
    let at = 0;
    while (this.x[at] < step) at++;
    this.x.splice(at, 0, step);
    for (const ys of [this.loss, this.smoothed, ...this.metrics.values(), ...this.rawMetrics.values()]) ys.splice(at, 0, null);
    this.rawLoss.splice(at, 0, undefined as unknown as number);
    this.rawTimes.splice(at, 0, undefined as unknown as number);
    this.indexOfStep = new Map(this.x.map((s, i) => [s, i]));
    return at;
  }

  private recompute(): void {
    this.ema = new DebiasedEma(this.weight);
    for (let i = 0; i < this.x.length; i++) {
      const y = this.rawLoss[i];
      if (y === undefined) continue;
      this.loss[i] = this.drawable(y);
      this.smoothed[i] = this.drawable(this.ema.next(y));
    }
  }
}
