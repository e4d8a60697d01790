// The live loss chart (uPlot): loss per step, appended as batches arrive and redrawn at most once
// per animation frame; a log-scale toggle; a smoothing slider (TensorBoard's debiased EMA: the
// raw curve stays faint behind the smoothed one); steps/s and elapsed time; report()ed metrics as
// extra series on a right-hand axis; and the Stop button while a run trains. Canvas colours are
// read from the theme's variables and re-read when the theme changes.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ChartData, type Columns } from './chart-data';
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

/** Room left under the plot for uPlot's legend (one line). */
const LEGEND_H = 24;

const METRIC_COLOURS = ['--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-red'];

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
    const before = this.data.metrics.size;
    this.data.appendMetrics(names, columns);
    if (this.data.metrics.size !== before) this.rebuild();
    else this.redraw();
  }

  saved(): ReturnType<ChartData['saved']> {
    return this.data.saved();
  }

  /** Redraws with the theme's colours (after a theme change). */
  recolour(): void {
    this.rebuild();
  }

  /** Appends are cheap; the plot is redrawn at most once per frame. */
  readonly redraw = perFrame(() => {
    const t0 = performance.now();
    this.element.classList.toggle('has-data', this.data.length > 0);
    this.ensurePlot();
    this.plot?.setData(this.data.aligned() as uPlot.AlignedData);
    this.updateStats();
    this.redrawMs.push(performance.now() - t0);
    if (this.redrawMs.length > 2000) this.redrawMs.splice(0, 1000);
  });

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = null;
    this.plotSeries = '';
    this.redraw();
  }

  private ensurePlot(): void {
    const signature = `${this.data.log}|${this.data.smoothing > 0}|${this.data.metricNames().join('\u0000')}`;
    if (this.plot && this.plotSeries === signature) return;
    const { width, height } = this.plotBox.getBoundingClientRect();
    if (width < 50 || height < 50 || this.data.length === 0) return;
    this.plot?.destroy();
    this.plotSeries = signature;
    this.plot = new uPlot(this.options(width, height), this.data.aligned() as uPlot.AlignedData, this.plotBox);
    this.fitLegend(width, height);
  }

  private options(width: number, height: number): uPlot.Options {
    const colour = themeColour;
    const fg = colour('--vscode-descriptionForeground', '#888');
    const grid = colour('--vscode-editorWidget-border', colour('--vscode-widget-border', 'rgba(128,128,128,0.25)'));
    const lossColour = colour('--vscode-charts-blue', '#3794ff');
    const smoothing = this.data.smoothing > 0;
    const font = `11px ${colour('--vscode-font-family', 'sans-serif')}`;
    const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
      stroke: fg, font, labelFont: font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, ...extra,
    });
    const metrics = this.data.metricNames();
    const series: uPlot.Series[] = [
      { label: 'step', value: (_u, v) => (v === null ? '—' : formatCount(v)) },
      { label: smoothing ? 'loss (raw)' : 'loss', stroke: smoothing ? withAlpha(lossColour, 0.35) : lossColour, width: 1, spanGaps: false, points: { show: false }, value: (_u, v) => formatNumber(v) },
      { label: 'loss (smoothed)', stroke: lossColour, width: 2, show: smoothing, points: { show: false }, value: (_u, v) => formatNumber(v) },
      ...metrics.map((name, i): uPlot.Series => ({
        label: name, scale: 'metric', stroke: colour(METRIC_COLOURS[i % METRIC_COLOURS.length], '#d18616'), width: 1.5, spanGaps: true,
        points: { show: false }, value: (_u, v) => formatNumber(v),
      })),
    ];
    // Steps are whole numbers: ticks at 1, 2, 5, 10, 20, 50, … steps.
    const stepIncrs = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => m * p)).sort((a, b) => a - b);
    // On a log scale, only the decades get a grid line and a tick (uPlot labels only them already).
    const decades = (_u: uPlot, splits: number[]): (number | null)[] => splits.map((v) => (Math.abs(Math.log10(Math.abs(v)) % 1) < 1e-9 ? v : null));
    const axes: uPlot.Axis[] = [
      axis({ incrs: stepIncrs, values: (_u, ticks) => ticks.map((t) => formatCount(t)) }),
      axis({ size: 60, ...(this.data.log ? { grid: { stroke: grid, width: 1, filter: decades }, ticks: { stroke: grid, width: 1, filter: decades } } : {}) }),
    ];
    if (metrics.length > 0) axes.push(axis({ scale: 'metric', side: 1, grid: { show: false }, size: 50 }));
    return {
      width: Math.floor(width),
      height: Math.floor(height) - LEGEND_H,
      scales: { x: { time: false }, y: { distr: this.data.log ? 3 : 1 }, metric: { auto: true } },
      series,
      axes,
      legend: { show: true, live: true },
      cursor: { points: { show: false }, drag: { x: true, y: false } },
    };
  }

  private resize(): void {
    if (!this.plot) {
      this.redraw();
      return;
    }
    const { width, height } = this.plotBox.getBoundingClientRect();
    if (width < 50 || height < 50) return;
    this.plot.setSize({ width: Math.floor(width), height: Math.floor(height) - LEGEND_H });
    this.fitLegend(width, height);
  }

  /** In a narrow panel the legend wraps to more lines: the plot gets less height, the legend is not cut off. */
  private fitLegend(width: number, height: number): void {
    const legend = this.plot?.root.querySelector<HTMLElement>('.u-legend')?.offsetHeight ?? 0;
    if (legend > LEGEND_H) this.plot!.setSize({ width: Math.floor(width), height: Math.max(40, Math.floor(height) - legend) });
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

/** A theme colour by variable name (VS Code sets them on the document element). */
function themeColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/** #rrggbb (or #rgb, #rrggbbaa) with another alpha; other notations through color-mix. */
function withAlpha(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour);
  if (!hex) return `color-mix(in srgb, ${colour} ${Math.round(alpha * 100)}%, transparent)`;
  let h = hex[1];
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const a = Math.round(alpha * 255).toString(16).padStart(2, '0');
  return `#${h.slice(0, 6)}${a}`;
}
