// The live loss chart (uPlot): loss per step, appended as batches arrive and redrawn at most once
// per animation frame from a few points per pixel column, so a run of 1e7 steps draws as fast as
// one of 1e3; a log-scale toggle; a smoothing slider (TensorBoard's debiased EMA: the raw curve
// stays faint behind the smoothed one); steps/s and elapsed time; report()ed metrics as extra
// series on a right-hand axis; drag to zoom into steps, double-click for all; and the Stop button
// while a run trains. Canvas colours are read from the theme's variables and re-read when the
// theme changes.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ChartData, type ChartView, type Columns } from './chart-data';
import { chartOptions, type AxisTicks, type PlotHooks } from './chart-options';
import { formatStep } from './chart-ticks';
import { el, perFrame } from './dom';
import { button, checkbox, type Checkbox } from './elements';
import { formatCount, formatDuration, formatNumber } from './format';

export interface ChartSettings {
  logScale: boolean;
  smoothing: number;
}

export interface ChartHooks {
  onStop(): void;
  onSettings(settings: ChartSettings): void;
}

/** Room left under the plot for uPlot's legend (one line, never wrapped: media/panel.css). */
const LEGEND_H = 22;

export class LossChart {
  readonly element: HTMLElement;
  private data: ChartData;
  private plot: uPlot | null = null;
  private plotSeries = '';
  private readonly plotBox: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly stop: HTMLElement;
  private readonly log: Checkbox;
  private readonly slider: HTMLInputElement;
  private readonly sliderValue: HTMLElement;
  private running = false;
  private startedAt = 0;
  private endedElapsed: number | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  /** The steps a drag zoomed into (null: every step). */
  private zoom: [number, number] | null = null;
  private view: ChartView | null = null;
  private readonly ticks: AxisTicks = { y: null, metric: null };
  private drawStart = 0;
  private marked: number | null = null;
  /** Frame times of redraws (ms), for the benchmark. */
  readonly redrawMs: number[] = [];

  constructor(private readonly hooks: ChartHooks, settings: ChartSettings) {
    this.data = new ChartData(settings.smoothing, settings.logScale);
    this.element = el('section', 'chart-section');
    this.element.setAttribute('aria-label', 'Loss per step');
    const header = el('div', 'chart-header');
    this.stats = el('span', 'chart-stats');
    this.stats.setAttribute('aria-live', 'off');
    this.log = checkbox('Log scale', settings.logScale, (checked) => {
      this.data.setLogScale(checked);
      this.rebuild();
      this.emitSettings();
    });
    const sliderLabel = el('label', 'smoothing');
    sliderLabel.append(document.createTextNode('Smoothing '));
    this.slider = el('input', 'smoothing-slider');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.max = '0.99';
    this.slider.step = '0.01';
    this.slider.value = String(settings.smoothing);
    this.sliderValue = el('span', 'smoothing-value', settings.smoothing.toFixed(2));
    this.slider.addEventListener('input', () => {
      const weight = Number(this.slider.value);
      this.sliderValue.textContent = weight.toFixed(2);
      this.data.setSmoothing(weight);
      this.rebuild();
      this.emitSettings();
    });
    sliderLabel.append(this.slider, this.sliderValue);
    this.stop = button('Stop', () => {
      this.stop.setAttribute('disabled', '');
      this.stop.textContent = 'Stopping…';
      this.hooks.onStop();
    }, { className: 'stop-button', title: 'Stop the run (its last step is kept)' });
    this.stop.hidden = true;
    header.append(el('h2', 'chart-title', 'Loss'), this.stats, el('span', 'spacer'), sliderLabel, this.log.element, this.stop);
    this.plotBox = el('div', 'plot');
    this.element.append(header, this.plotBox);
    new ResizeObserver(() => this.resize()).observe(this.plotBox);
  }

  get points(): number {
    return this.data.length;
  }

  /** The last loss step shown (the step of the last backward() that finished), if any. */
  get lastStep(): number | null {
    return this.data.lastLoss()?.step ?? null;
  }

  /** The last loss value (NaN and ±Infinity kept: it came as a typed array). */
  get lastLoss(): number | null {
    return this.data.lastLoss()?.value ?? null;
  }

  get settings(): ChartSettings {
    return { logScale: this.data.log, smoothing: this.data.smoothing };
  }

  /** A new run: empty chart, Stop shown, the clock started. */
  reset(running: boolean): void {
    this.data = new ChartData(this.data.smoothing, this.data.log);
    this.zoom = null;
    this.marked = null;
    this.running = running;
    this.startedAt = performance.now();
    this.endedElapsed = null;
    this.stop.hidden = !running;
    this.stop.removeAttribute('disabled');
    this.stop.textContent = 'Stop';
    this.setTicker(running);
    this.rebuild();
  }

  /** The run ended (its last event's time, if known, is the elapsed time shown). */
  ended(): void {
    this.running = false;
    this.endedElapsed = this.data.lastTime ?? performance.now() - this.startedAt;
    this.stop.hidden = true;
    this.setTicker(false);
    this.redraw();
  }

  appendLoss(columns: Columns): void {
    this.data.appendLoss(columns);
    this.redraw();
  }

  appendMetrics(names: readonly string[], columns: Omit<Columns, 'times'>): void {
    this.data.appendMetrics(names, columns); // a new metric is a new series: redraw makes a new plot
    this.redraw();
  }

  /** Marks the step the scrubber shows (null: none). */
  mark(step: number | null): void {
    if (this.marked === step) return;
    this.marked = step;
    this.plot?.redraw(false, false);
  }

  saved(): ReturnType<ChartData['saved']> {
    return this.data.saved();
  }

  /** Redraws with the theme's colours (after a theme change). */
  recolour(): void {
    this.rebuild();
  }

  /**
   * Appends are cheap; the plot is redrawn at most once per frame, from a few points per pixel
   * column (ChartData.view), so a frame costs the same at 1e3 and 1e7 points.
   */
  readonly redraw = perFrame(() => {
    this.drawStart = performance.now();
    this.element.classList.toggle('has-data', this.data.length > 0);
    const { width, height } = this.plotBox.getBoundingClientRect();
    if (width >= 50 && height >= 50 && this.data.length > 0) {
      this.view = this.data.view(this.columns(width), this.zoom);
      if (this.plot && this.plotSeries === this.signature()) this.plot.setData(this.view.data as uPlot.AlignedData);
      else this.createPlot(width, height);
    }
    this.updateStats();
  });

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = null;
    this.redraw();
  }

  /** Which series the plot has: a change of them (or of the scale's kind) makes a new plot. */
  private signature(): string {
    return `${this.data.log}|${this.data.smoothing > 0}|${this.data.metricNames().join('\u0000')}`;
  }

  /** One column per CSS pixel of the plotting area (the plot box less the y axes, before a plot exists). */
  private columns(boxWidth: number): number {
    const plotWidth = this.plot ? this.plot.bbox.width / devicePixelRatio : boxWidth - 60;
    return Math.max(1, Math.round(plotWidth));
  }

  private createPlot(width: number, height: number): void {
    this.plot?.destroy();
    this.plotSeries = this.signature();
    const shape = { log: this.data.log, smoothing: this.data.smoothing > 0, metrics: this.data.metricNames() };
    const options = chartOptions(this.plotHooks(), this.ticks, shape, width, height - LEGEND_H);
    this.plot = new uPlot(options, this.view!.data as uPlot.AlignedData, this.plotBox);
    this.plot.ctx.canvas.setAttribute('role', 'img');
  }

  private plotHooks(): PlotHooks {
    return {
      view: () => this.view,
      zoom: (range) => {
        this.zoom = range;
        this.redraw();
      },
      marked: () => this.marked,
      drawn: () => {
        const ms = performance.now() - this.drawStart;
        this.redrawMs.push(ms);
        if (this.redrawMs.length > 2000) this.redrawMs.splice(0, 1000);
        // For the benchmark and tests, as the graph's 'gradlens:drawn'.
        window.dispatchEvent(new CustomEvent('gradlens:chart-drawn', { detail: { ms, points: this.data.length } }));
        this.describe();
      },
    };
  }

  /** The axes in words, on the canvas, as just drawn: what a screen reader says (and tests read). */
  private describe(): void {
    const plot = this.plot;
    if (!plot) return;
    const y = this.ticks.y?.labels ?? [];
    const [x0, x1] = this.view!.x;
    const scale = this.data.log ? ', log scale' : '';
    const label = `Loss per step${scale}: y axis ${y.join(', ')}; x axis step (backward() calls) ${formatStep(x0)} to ${formatStep(x1)}`;
    if (plot.ctx.canvas.getAttribute('aria-label') !== label) plot.ctx.canvas.setAttribute('aria-label', label);
  }

  private resize(): void {
    const { width, height } = this.plotBox.getBoundingClientRect();
    if (this.plot && width >= 50 && height >= 50) this.plot.setSize({ width: Math.floor(width), height: Math.floor(height) - LEGEND_H });
    this.redraw();
  }

  private updateStats(): void {
    const parts: string[] = [];
    const last = this.data.lastLoss();
    if (last) {
      parts.push(`step ${formatCount(last.step)}`);
      parts.push(`loss ${formatNumber(last.value)}`);
      if (this.data.smoothing > 0 && last.smoothed !== null) parts.push(`smoothed ${formatNumber(last.smoothed)}`);
    }
    const rate = this.data.stepsPerSecond();
    if (rate !== null && (this.running || this.data.length > 1)) parts.push(`${rate >= 100 ? formatCount(rate) : rate.toFixed(1)} steps/s`);
    const elapsed = this.running ? performance.now() - this.startedAt : this.endedElapsed;
    if (elapsed !== null && (this.running || last)) parts.push(`${formatDuration(elapsed)} elapsed`);
    if (this.data.nonFinite > 0) parts.push(`${formatCount(this.data.nonFinite)} NaN/Inf`);
    this.stats.textContent = parts.join(' · ');
  }

  private setTicker(on: boolean): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = on ? setInterval(() => this.updateStats(), 500) : null;
  }

  private emitSettings(): void {
    this.hooks.onSettings(this.settings);
  }
}

