// The loss chart's data: every loss point of a run (up to 1e7 and more: typed arrays, with the
// smoothed curve kept up to date incrementally by TensorBoard's debiased EMA), the metrics the run
// report()ed, the run's pace, and what to draw of it all: a few points per pixel column
// (chart-decimate.ts), so that a frame costs the same at 1e3 and 1e7 points. Pure: unit-tested
// without a browser.
import { decimate, type Decimated } from './chart-decimate';
import { Column, Growing } from './chart-extremes';

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

/** What one frame draws: uPlot's aligned columns and what the axes and marks need. */
export interface ChartView {
  /**
   * x (steps), loss, then the smoothed loss (when smoothing), then each metric. null: a point
   * that cannot be drawn (the line breaks); undefined: that series has no point at this x.
   */
  data: (number | null | undefined)[][];
  x: [number, number];
  /** Lowest and highest drawable loss (raw or smoothed) in the x range; null: none. */
  y: [number, number] | null;
  metric: [number, number] | null;
  /** Columns holding NaN, ±Inf (or ≤ 0 on a log scale): the step of the first, and what they hold. */
  marks: { step: number; flags: number }[];
}

/** The saved loss: bounded (SAVED_COLUMNS columns' extremes), whatever the run's length. */
export interface SavedChart {
  steps: number[];
  values: number[];
  times: number[];
  metrics: { names: string[]; steps: number[]; values: number[] };
}

const f64 = (n: number): Float64Array => new Float64Array(n);
/** Milliseconds since the run started: float32 keeps 1 ms for 4.6 hours, and they only give the pace. */
const f32 = (n: number): Float32Array => new Float32Array(n);

/** Points saved per series (≤ ~3 per column): the panel's state stays small for any run. */
const SAVED_COLUMNS = { loss: 5000, metric: 1000 };

interface Series {
  steps: Growing<Float64Array>;
  values: Column;
}

export class ChartData {
  private readonly loss: Series = { steps: new Growing(f64), values: new Column() };
  private readonly times = new Growing(f32);
  private readonly smoothed = new Column();
  private readonly metrics = new Map<string, Series>();
  private ema: DebiasedEma;
  /** The smoothed curve must be recomputed (the weight changed); done once, at the next view. */
  private stale = false;
  nonFinite = 0;

  constructor(
    private weight = 0.6,
    private logScale = false,
  ) {
    this.ema = new DebiasedEma(weight);
  }

  /** Points held: loss and metrics. */
  get length(): number {
    let n = this.loss.values.length;
    for (const m of this.metrics.values()) n += m.values.length;
    return n;
  }

  get smoothing(): number {
    return this.weight;
  }

  get log(): boolean {
    return this.logScale;
  }

  /** Loss steps increase (one per backward()); a point at or before the last step is dropped. */
  appendLoss({ steps, values, times }: Columns): void {
    const s = this.loss.steps;
    for (let i = 0; i < steps.length; i++) {
      if (s.length > 0 && !(steps[i] > s.array[s.length - 1])) continue;
      s.push(steps[i]);
      this.loss.values.push(values[i]);
      this.times.push(times[i]);
      if (!Number.isFinite(values[i])) this.nonFinite++;
      if (!this.stale) this.smoothed.push(this.ema.next(values[i]));
    }
  }

  /** Per metric, steps do not decrease (report() at the current step); an earlier one is dropped. */
  appendMetrics(names: readonly string[], { steps, values }: Omit<Columns, 'times'>): void {
    for (let i = 0; i < steps.length; i++) {
      let series = this.metrics.get(names[i]);
      if (!series) this.metrics.set(names[i], (series = { steps: new Growing(f64, 64), values: new Column() }));
      const last = series.steps.length > 0 ? series.steps.array[series.steps.length - 1] : -Infinity;
      if (steps[i] < last) continue;
      series.steps.push(steps[i]);
      series.values.push(values[i]);
    }
  }

  setSmoothing(weight: number): void {
    this.weight = weight;
    this.stale = true;
  }

  setLogScale(log: boolean): void {
    this.logScale = log;
  }

  metricNames(): string[] {
    return [...this.metrics.keys()];
  }

  /** Steps per second over the last `windowMs` of run time. */
  stepsPerSecond(windowMs = 1000): number | null {
    const n = this.times.length;
    if (n < 2) return null;
    const t = this.times.array;
    const end = t[n - 1];
    // The first point of the window (times do not decrease): a binary search, as runs get long.
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (end - t[mid] > windowMs) lo = mid + 1;
      else hi = mid;
    }
    const i = Math.min(lo, n - 2);
    const dt = end - t[i];
    const s = this.loss.steps.array;
    return dt > 0 ? ((s[n - 1] - s[i]) * 1000) / dt : null;
  }

  /** Run time of the last loss point, in ms. */
  get lastTime(): number | null {
    return this.times.length ? this.times.array[this.times.length - 1] : null;
  }

  lastLoss(): { step: number; value: number; smoothed: number } | null {
    const n = this.loss.steps.length;
    if (n === 0) return null;
    this.refresh();
    return { step: this.loss.steps.array[n - 1], value: this.loss.values.values.array[n - 1], smoothed: this.smoothed.values.array[n - 1] };
  }

  /** The steps from the first point to the last, of the loss and every metric. */
  extent(): [number, number] | null {
    let lo = Infinity;
    let hi = -Infinity;
    for (const { steps } of [this.loss, ...this.metrics.values()]) {
      if (steps.length === 0) continue;
      lo = Math.min(lo, steps.array[0]);
      hi = Math.max(hi, steps.array[steps.length - 1]);
    }
    return lo <= hi ? [lo, hi] : null;
  }

  /** What to draw in `columns` pixel columns over `range` (default: every step). */
  view(columns: number, range: [number, number] | null = null): ChartView {
    this.refresh();
    const all = this.extent() ?? [0, 1];
    const x: [number, number] = range ?? (all[0] < all[1] ? all : [all[0] - 1, all[1] + 1]);
    const drawn = (series: Series, values: Column): Drawn => drawnPoints(series.steps.array, values, decimate(series.steps.array, values, x[0], x[1], columns, this.logScale), this.logScale);
    const loss = drawn(this.loss, this.loss.values);
    const lines = [loss, ...(this.weight > 0 ? [drawn(this.loss, this.smoothed)] : [])];
    const metrics = [...this.metrics.values()].map((m) => drawn(m, m.values));
    return {
      data: align([...lines, ...metrics]),
      x,
      y: extentIn([...lines], x),
      metric: extentIn(metrics, x),
      marks: loss.marks,
    };
  }

  /** The run's raw points, bounded: every point of a short run, each column's extremes of a long one. */
  saved(): SavedChart {
    this.refresh();
    const lossAt = this.savedIndices(this.loss, SAVED_COLUMNS.loss);
    const metrics: SavedChart['metrics'] = { names: [], steps: [], values: [] };
    for (const [name, m] of this.metrics) {
      for (const i of this.savedIndices(m, SAVED_COLUMNS.metric)) {
        metrics.names.push(name);
        metrics.steps.push(m.steps.array[i]);
        metrics.values.push(m.values.values.array[i]);
      }
    }
    return {
      steps: lossAt.map((i) => this.loss.steps.array[i]),
      values: lossAt.map((i) => this.loss.values.values.array[i]),
      times: lossAt.map((i) => this.times.array[i]),
      metrics,
    };
  }

  private savedIndices({ steps, values }: Series, columns: number): number[] {
    const n = steps.length;
    if (n <= columns) return Array.from({ length: n }, (_, i) => i);
    return decimate(steps.array, values, steps.array[0], steps.array[n - 1], columns, false).indices;
  }

  /** Recomputes the smoothed curve after a change of weight (O(points), once). */
  private refresh(): void {
    if (!this.stale) return;
    this.stale = false;
    this.ema = new DebiasedEma(this.weight);
    this.smoothed.clear();
    const values = this.loss.values.values.array;
    for (let i = 0; i < this.loss.values.length; i++) this.smoothed.push(this.ema.next(values[i]));
  }
}

interface Drawn {
  x: number[];
  y: (number | null)[];
  marks: ChartView['marks'];
}

function drawnPoints(steps: Float64Array, values: Column, { indices, marks }: Decimated, log: boolean): Drawn {
  const ys = values.values.array;
  return {
    x: indices.map((i) => steps[i]),
    y: indices.map((i) => (Number.isFinite(ys[i]) && (!log || ys[i] > 0) ? ys[i] : null)),
    marks: marks.map((m) => ({ step: steps[m.at], flags: m.flags })),
  };
}

/** One x column for all series (uPlot's aligned data): the union of their steps. */
function align(series: Drawn[]): (number | null | undefined)[][] {
  const xs = Float64Array.from(series.flatMap((s) => s.x)).sort();
  const x = Array.from(xs).filter((v, i) => i === 0 || v !== xs[i - 1]);
  const columns = series.map(({ x: sx, y }) => {
    const out = new Array<number | null | undefined>(x.length).fill(undefined);
    let k = 0;
    sx.forEach((step, j) => {
      while (x[k] < step) k++;
      out[k] = y[j];
    });
    return out;
  });
  return [x, ...columns];
}

function extentIn(series: Drawn[], [x0, x1]: [number, number]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { x, y } of series) {
    for (let j = 0; j < x.length; j++) {
      const v = y[j];
      if (v === null || x[j] < x0 || x[j] > x1) continue; // not the neighbours outside the range
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}
