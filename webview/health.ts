// The Health tab: small multiples over steps, one row per parameter group — its gradient norm (log
// scale) and its update-to-data ratio (log10, with the healthy −3 marked) — and a row for the
// share of dead ReLUs / saturated tanh units; above them, what the latest samples say in words
// (health-data.ts). Sparklines are canvases drawn at most once per frame while the tab shows.

import type { ActivationHealth, HealthEvent } from '../src/protocol';
import { themeColour, withAlpha } from './chart-canvas';
import { el, perFrame } from './dom';
import { HealthData, compact } from './health-data';

const SPARK_H = 44;
/** Rows shown; a model with more groups lists the rest by name. */
const MAX_ROWS = 12;

interface Series {
  xs: number[];
  ys: number[];
}

class Sparkline {
  readonly element = el('div', 'spark');
  private readonly canvas = el('canvas', 'spark-canvas');
  private readonly high = el('span', 'spark-label spark-high');
  private readonly low = el('span', 'spark-label spark-low');
  private readonly last = el('span', 'spark-label spark-last');

  /** `scale`: how values map to height; `band`: a healthy range to shade (in plotted units). */
  constructor(label: string, private readonly scale: 'log' | 'linear', private readonly band: [number, number] | null = null, private readonly unit: (y: number) => string = compact) {
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', label);
    this.element.append(this.canvas, this.high, this.low, this.last);
  }

  draw(series: Series, colour: string, muted: string): void {
    const width = this.element.clientWidth;
    if (width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(SPARK_H * ratio);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, SPARK_H);
    const plotted = series.ys.map((y) => (this.scale === 'log' ? (y > 0 ? Math.log10(y) : NaN) : y));
    const finite = plotted.filter(Number.isFinite);
    if (finite.length === 0) {
      this.high.textContent = this.low.textContent = '';
      this.last.textContent = series.ys.length > 0 ? this.unit(series.ys[series.ys.length - 1]) : 'no data yet';
      return;
    }
    let lo = Math.min(...finite, ...(this.band ?? []));
    let hi = Math.max(...finite, ...(this.band ?? []));
    if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
    const x0 = series.xs[0];
    const x1 = Math.max(series.xs[series.xs.length - 1], x0 + 1);
    const px = (x: number): number => ((x - x0) / (x1 - x0)) * (width - 2) + 1;
    const py = (y: number): number => SPARK_H - 3 - ((y - lo) / (hi - lo)) * (SPARK_H - 6);
    if (this.band) {
      ctx.fillStyle = withAlpha(muted, 0.15);
      ctx.fillRect(0, py(this.band[1]), width, py(this.band[0]) - py(this.band[1]));
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let pen = false;
    plotted.forEach((y, i) => {
      if (!Number.isFinite(y)) return void (pen = false);
      if (pen) ctx.lineTo(px(series.xs[i]), py(y));
      else ctx.moveTo(px(series.xs[i]), py(y));
      pen = true;
    });
    ctx.stroke();
    const shown = (y: number): string => this.unit(this.scale === 'log' ? 10 ** y : y);
    this.high.textContent = shown(hi);
    this.low.textContent = shown(lo);
    this.last.textContent = `now ${this.unit(series.ys[series.ys.length - 1])}`;
  }
}

export class HealthView {
  readonly element = el('section', 'health');
  private readonly warnings = el('ul', 'health-warnings');
  private readonly grid = el('div', 'health-grid');
  private readonly more = el('p', 'health-more');
  private readonly placeholder = el('p', 'health-placeholder', 'Training health appears here while a model trains: per layer, the gradient norm and how big each update is next to the weights (log10 of update/data, healthy near −3), and the share of ReLU and tanh units that pass no gradient.');
  private readonly data = new HealthData();
  private rows = new Map<string, { grad: Sparkline; ratio: Sparkline }>();
  private activations: { relu: Sparkline; tanh: Sparkline } | null = null;
  private visible = false;
  private readonly redraw = perFrame(() => this.draw());

  constructor(private readonly onWarnings: (count: number) => void) {
    this.more.hidden = true;
    this.element.append(this.placeholder, this.warnings, this.grid, this.more);
  }

  append(event: HealthEvent): void {
    this.data.append(event);
    this.changed();
  }

  appendActivations(step: number, activations: ActivationHealth): void {
    this.data.appendActivations(step, activations);
    this.changed();
  }

  clear(): void {
    this.data.clear();
    this.rows.clear();
    this.activations = null;
    this.grid.replaceChildren();
    this.warnings.replaceChildren();
    this.more.hidden = true;
    this.placeholder.hidden = false;
    this.onWarnings(0);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.redraw();
  }

  /** Redraws the warnings at once (they name the tab's badge) and the plots when shown. */
  private changed(): void {
    const warnings = this.data.warnings();
    if (warnings.map((w) => w.text).join('\n') !== Array.from(this.warnings.children, (li) => li.textContent).join('\n')) {
      this.warnings.replaceChildren(...warnings.map((w) => el('li', '', w.text)));
      this.onWarnings(warnings.length);
    }
    if (this.visible) this.redraw();
  }

  private draw(): void {
    this.placeholder.hidden = !this.data.empty;
    if (this.data.empty) return;
    this.ensureRows();
    const colour = themeColour('--vscode-charts-blue', '#3794ff');
    const warn = themeColour('--vscode-charts-red', '#f14c4c');
    const muted = themeColour('--vscode-descriptionForeground', '#8b8b8b');
    const flagged = new Set(this.data.warnings().map((w) => w.subject));
    for (const [name, row] of this.rows) {
      const series = this.data.groups.get(name)!;
      const tone = flagged.has(name) ? warn : colour;
      row.grad.draw({ xs: series.steps, ys: series.gradNorms }, tone, muted);
      row.ratio.draw({ xs: series.steps, ys: series.updateRatios }, tone, muted);
    }
    if (this.activations) {
      const xs = this.data.activations.map((a) => a.step);
      const tone = flagged.has('activations') ? warn : colour;
      this.activations.relu.draw({ xs, ys: this.data.activations.map((a) => (a.reluUnits ? (100 * a.deadRelu) / a.reluUnits : NaN)) }, tone, muted);
      this.activations.tanh.draw({ xs, ys: this.data.activations.map((a) => (a.tanhUnits ? (100 * a.saturatedTanh) / a.tanhUnits : NaN)) }, tone, muted);
    }
  }

  /** Rows for groups (and activations) seen since the last draw. */
  private ensureRows(): void {
    if (this.grid.childElementCount === 0) {
      this.grid.append(el('span', 'health-head', 'group'), el('span', 'health-head', '‖grad‖ (log scale)'), el('span', 'health-head', 'update / data, log10 (shaded: healthy)'));
    }
    const names = [...this.data.groups.keys()];
    for (const name of names.slice(0, MAX_ROWS)) {
      if (this.rows.has(name)) continue;
      const row = {
        grad: new Sparkline(`Gradient norm of ${name} over steps`, 'log'),
        ratio: new Sparkline(`Update to data ratio of ${name} over steps, log10`, 'linear', [-4, -2], (y) => (Number.isFinite(y) ? y.toFixed(1) : 'none')),
      };
      this.rows.set(name, row);
      const label = el('span', 'health-group', name);
      label.title = name;
      this.grid.append(label, row.grad.element, row.ratio.element);
    }
    this.more.hidden = names.length <= MAX_ROWS;
    this.more.textContent = `Not plotted: ${names.slice(MAX_ROWS).join(', ')}`;
    if (!this.activations && this.data.activations.length > 0) {
      const percentOf = (y: number): string => (Number.isFinite(y) ? `${Math.round(y)}%` : '—');
      this.activations = {
        relu: new Sparkline('Share of ReLU outputs that are 0, per step', 'linear', null, percentOf),
        tanh: new Sparkline('Share of tanh outputs that are saturated, per step', 'linear', null, percentOf),
      };
      this.grid.append(el('span', 'health-head', 'units'), el('span', 'health-head', 'dead ReLUs'), el('span', 'health-head', 'saturated tanh'));
      this.grid.append(el('span', 'health-group', 'whole graph'), this.activations.relu.element, this.activations.tanh.element);
    }
  }
}
