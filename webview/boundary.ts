// The decision boundary of plotDecisionBoundary(), as micrograd's demo ends: the model's score on a
// grid, each cell tinted by the class it predicts (stronger where the score is further from the
// threshold), the line where the score crosses the threshold, and the points — class 1 as squares,
// the other class as circles, so the classes read without colour. One canvas, redrawn whole when a
// boundary arrives (a few ms for 40×40 cells), at the device's pixel ratio; colours from the theme.
// The helpers above the class are pure, for unit tests without a browser.

import type { AxisRange, DecisionBoundary } from '../src/protocol';
import { themeColour } from './chart-canvas';
import { formatTick, linearTicks } from './chart-ticks';
import { el, perFrame } from './dom';

export type Rgb = [number, number, number];

/** The plotting area inside the canvas, in CSS px. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Tints from faint (score at the threshold) to this strong (score at the scale and beyond). */
const ALPHA_MIN = 0.08;
const ALPHA_MAX = 0.5;
const FONT_PX = 11;
const MAX_HEIGHT = 360;

/** `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb(a)(r, g, b…)` as [r, g, b]; null for anything else. */
export function parseRgb(colour: string): Rgb | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour.trim());
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(colour.trim());
  return rgb ? (rgb.slice(1, 4).map((v) => Math.round(Number(v))) as Rgb) : null;
}

/** How far from the threshold a score gets the strongest tint: the 90th percentile of |score − threshold| (an outlier does not wash the rest out). */
export function scoreScale(scores: Float64Array, threshold: number): number {
  const distances = Array.from(scores, (s) => Math.abs(s - threshold)).filter(Number.isFinite).sort((a, b) => a - b);
  return distances[Math.floor(0.9 * (distances.length - 1))] || 1;
}

/** The tint's alpha for a score: ALPHA_MIN at the threshold, ALPHA_MAX at `scale` and beyond; 0 for NaN. */
export function cellAlpha(score: number, threshold: number, scale: number): number {
  if (Number.isNaN(score)) return 0;
  return ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * Math.min(1, Math.abs(score - threshold) / scale);
}

/** The cells as RGBA pixels, one per cell, top row first (the grid's rows run from the bottom). */
export function cellPixels(b: DecisionBoundary, negative: Rgb, positive: Rgb): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(4 * b.nx * b.ny);
  const scale = scoreScale(b.scores, b.threshold);
  for (let j = 0; j < b.ny; j++) {
    for (let i = 0; i < b.nx; i++) {
      const s = b.scores[j * b.nx + i];
      const k = 4 * ((b.ny - 1 - j) * b.nx + i);
      pixels.set(s > b.threshold ? positive : negative, k);
      pixels[k + 3] = Math.round(255 * cellAlpha(s, b.threshold, scale));
    }
  }
  return pixels;
}

/** A data coordinate to a CSS px along an axis of `length` px starting at `start`; `flip` for y (up is smaller px). */
export function toPixel(v: number, range: AxisRange, start: number, length: number, flip = false): number {
  const t = (v - range.min) / (range.max - range.min);
  return start + length * (flip ? 1 - t : t);
}

/**
 * Where the score crosses the threshold (marching squares over the cell centres, linear between
 * them), as segments [x0, y0, x1, y1, …] in data coordinates. A square with a NaN corner has none.
 */
export function boundarySegments(b: DecisionBoundary): number[] {
  const { nx, ny, scores, threshold: t } = b;
  const cx = (i: number): number => b.x.min + ((i + 0.5) * (b.x.max - b.x.min)) / nx;
  const cy = (j: number): number => b.y.min + ((j + 0.5) * (b.y.max - b.y.min)) / ny;
  const out: number[] = [];
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      // Corners anticlockwise from the bottom left; edge k runs from corner k to corner k + 1.
      const corners: Array<[number, number, number]> = [[i, j, 0], [i + 1, j, 0], [i + 1, j + 1, 0], [i, j + 1, 0]];
      for (const c of corners) c[2] = scores[c[1] * nx + c[0]];
      if (corners.some((c) => Number.isNaN(c[2]))) continue;
      const above = corners.map((c) => c[2] > t);
      const crossing = (k: number): number[] | null => {
        const [a, z] = [corners[k], corners[(k + 1) % 4]];
        if (above[k] === above[(k + 1) % 4]) return null;
        const f = (t - a[2]) / (z[2] - a[2]);
        return [cx(a[0] + f * (z[0] - a[0])), cy(a[1] + f * (z[1] - a[1]))];
      };
      const edges = [0, 1, 2, 3].filter((k) => crossing(k) !== null);
      if (edges.length === 2) out.push(...crossing(edges[0])!, ...crossing(edges[1])!);
      if (edges.length === 4) {
        // A saddle: the centre's side decides which opposite corners the class joins.
        const centreAbove = corners.reduce((sum, c) => sum + c[2], 0) / 4 > t;
        const pairs = centreAbove === above[0] ? [[0, 1], [2, 3]] : [[3, 0], [1, 2]];
        for (const [p, q] of pairs) out.push(...crossing(p)!, ...crossing(q)!);
      }
    }
  }
  return out;
}

/** The label of the class that is not 1, as the user wrote it: "−1" (micrograd's ±1) or "0". */
export function negativeLabel(b: DecisionBoundary): string {
  return b.points.labels.some((l) => l < 0) ? '−1' : '0';
}

/** "Decision boundary · step 30 · accuracy 97%". */
export function boundaryCaption(b: DecisionBoundary): string {
  return `Decision boundary · step ${b.step} · accuracy ${Math.round(b.accuracy * 100)}%`;
}

/** What the canvas shows, for a screen reader. */
export function boundaryLabel(b: DecisionBoundary): string {
  const n = b.points.labels.length;
  const positive = b.points.labels.filter((l) => l > 0).length;
  const range = (r: AxisRange): string => `${formatTick(r.min)} to ${formatTick(r.max)}`;
  return `Decision boundary of the model at step ${b.step}: ${n} points, ${positive} labelled 1 (squares) and ${n - positive} labelled ${negativeLabel(b)} (circles); ` +
    `${Math.round(b.accuracy * 100)}% on the right side of the boundary. x from ${range(b.x)}, y from ${range(b.y)}.`;
}

/** Ticks inside the range (the grid's range is fixed: the ticks do not widen it), about one per `spacingPx`. */
export function axisTicks(range: AxisRange, lengthPx: number, spacingPx: number): { values: number[]; labels: string[] } {
  const t = linearTicks(range.min, range.max, Math.max(3, Math.floor(lengthPx / spacingPx) + 1));
  const inside = t.values.map((v, i) => [v, i] as const).filter(([v]) => v >= range.min && v <= range.max);
  return { values: inside.map(([v]) => v), labels: inside.map(([, i]) => t.labels[i]) };
}

interface Colours {
  negative: Rgb;
  positive: Rgb;
  line: string;
  text: string;
  frame: string;
  dotEdge: string;
  font: string;
}

/** The decision boundary's section of the panel: a caption, a legend and the canvas. */
export class BoundaryView {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly negativeKey: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private boundary: DecisionBoundary | null = null;
  private colours = readColours();

  constructor() {
    this.element = el('section', 'boundary-section');
    this.element.hidden = true;
    this.caption = el('h2', 'boundary-caption');
    const legend = el('p', 'boundary-legend');
    this.negativeKey = el('span', '', 'y = −1');
    const key = (glyph: string, className: string, text: HTMLElement): HTMLElement => {
      const item = el('span', 'boundary-key');
      item.append(el('span', className, glyph), text);
      return item;
    };
    legend.append(key('●', 'is-negative', this.negativeKey), key('■', 'is-positive', el('span', '', 'y = 1')), key('—', 'is-line', el('span', '', 'boundary')));
    this.canvas = el('canvas', 'boundary-canvas');
    this.canvas.setAttribute('role', 'img');
    this.element.append(this.caption, legend, this.canvas);
    new ResizeObserver(() => this.redraw()).observe(this.element);
  }

  /** Shows a boundary (the latest step's), or hides the section for null (a run without a plot). */
  show(boundary: DecisionBoundary | null): void {
    this.boundary = boundary;
    this.element.hidden = boundary === null;
    if (!boundary) return;
    this.caption.textContent = boundaryCaption(boundary);
    this.negativeKey.textContent = `y = ${negativeLabel(boundary)}`;
    this.canvas.setAttribute('aria-label', boundaryLabel(boundary));
    this.redraw();
  }

  /** Re-reads the theme's colours and redraws (after a theme change). */
  recolour(): void {
    this.colours = readColours();
    this.redraw();
  }

  private readonly redraw = perFrame(() => {
    if (this.boundary && !this.element.hidden) this.draw(this.boundary);
  });

  private draw(b: DecisionBoundary): void {
    const width = this.element.clientWidth - horizontalPadding(this.element);
    if (width < 80) return;
    const height = Math.min(MAX_HEIGHT, Math.round(width * 0.8));
    const ratio = window.devicePixelRatio || 1;
    const ctx = this.canvas.getContext('2d')!;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      // Only on a new size: setting width or height reallocates the canvas.
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const c = this.colours;
    ctx.font = c.font;
    const yTicks = axisTicks(b.y, height, 28);
    const left = Math.ceil(Math.max(...yTicks.labels.map((l) => ctx.measureText(l).width))) + 10;
    const box: Box = { left, top: 6, width: width - left - 8, height: height - FONT_PX - 16 };
    const xTicks = axisTicks(b.x, box.width, 56);

    const cells = new OffscreenCanvas(b.nx, b.ny);
    cells.getContext('2d')!.putImageData(new ImageData(cellPixels(b, c.negative, c.positive), b.nx, b.ny), 0, 0);
    ctx.imageSmoothingEnabled = true; // tints blend between cell centres, as a contour plot's would
    ctx.drawImage(cells, box.left, box.top, box.width, box.height);

    ctx.strokeStyle = c.frame;
    ctx.lineWidth = 1;
    ctx.strokeRect(box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1);
    ctx.fillStyle = c.text;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    xTicks.values.forEach((v, i) => ctx.fillText(xTicks.labels[i], toPixel(v, b.x, box.left, box.width), box.top + box.height + 4));
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    yTicks.values.forEach((v, i) => ctx.fillText(yTicks.labels[i], box.left - 5, toPixel(v, b.y, box.top, box.height, true)));

    const px = (x: number): number => toPixel(x, b.x, box.left, box.width);
    const py = (y: number): number => toPixel(y, b.y, box.top, box.height, true);
    const segments = boundarySegments(b);
    ctx.beginPath();
    for (let k = 0; k < segments.length; k += 4) {
      ctx.moveTo(px(segments[k]), py(segments[k + 1]));
      ctx.lineTo(px(segments[k + 2]), py(segments[k + 3]));
    }
    ctx.strokeStyle = c.line;
    ctx.lineWidth = 2;
    ctx.lineCap = 'round';
    ctx.stroke();

    // Class by class (one fill style each), each point filled then outlined, so overlaps stay readable.
    const { xs, ys, labels } = b.points;
    ctx.lineWidth = 1;
    ctx.strokeStyle = c.dotEdge;
    for (const positive of [false, true]) {
      ctx.fillStyle = `rgb(${(positive ? c.positive : c.negative).join(', ')})`;
      for (let k = 0; k < xs.length; k++) {
        if (labels[k] > 0 !== positive) continue;
        const [x, y] = [px(xs[k]), py(ys[k])];
        ctx.beginPath();
        if (positive) ctx.rect(x - 3.5, y - 3.5, 7, 7);
        else ctx.arc(x, y, 4, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
  }
}

function horizontalPadding(element: HTMLElement): number {
  const style = getComputedStyle(element);
  return parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
}

/** Theme colours through a canvas, which turns any CSS colour notation into #rrggbb or rgba(). */
function readColours(): Colours {
  const ctx = document.createElement('canvas').getContext('2d')!;
  const rgb = (name: string, fallback: string): Rgb => {
    ctx.fillStyle = fallback;
    ctx.fillStyle = themeColour(name, fallback);
    return parseRgb(String(ctx.fillStyle)) ?? parseRgb(fallback)!;
  };
  return {
    negative: rgb('--vscode-charts-blue', '#3794ff'),
    positive: rgb('--vscode-charts-red', '#f14c4c'),
    line: themeColour('--vscode-foreground', '#cccccc'),
    text: themeColour('--vscode-descriptionForeground', '#999999'),
    frame: themeColour('--vscode-editorWidget-border', 'rgba(128, 128, 128, 0.4)'),
    dotEdge: themeColour('--vscode-editor-background', '#1e1e1e'),
    font: `${FONT_PX}px ${themeColour('--vscode-font-family', 'sans-serif')}`,
  };
}
