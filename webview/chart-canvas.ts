// What the loss chart draws on uPlot's canvas itself, and the theme's colours for it: marks for
// the steps whose loss cannot be drawn (a NaN shades its pixel column; +Inf points up at the
// top, −Inf — or a loss ≤ 0 on a log scale — down at the bottom), and the width of axis labels.
import type uPlot from 'uplot';
import type { ChartView } from './chart-data';
import { NAN, NEG_INF, NON_POSITIVE, POS_INF } from './chart-extremes';

export function drawMarks(u: uPlot, marks: ChartView['marks'], colour: string): void {
  if (marks.length === 0) return;
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const size = 4 * devicePixelRatio;
  ctx.save();
  ctx.fillStyle = colour;
  for (const { step, flags } of marks) {
    const x = u.valToPos(step, 'x', true);
    if (x < left - 1 || x > left + width + 1) continue;
    if (flags & NAN) {
      ctx.globalAlpha = 0.3;
      ctx.fillRect(x - devicePixelRatio / 2, top, devicePixelRatio, height);
      ctx.globalAlpha = 1;
    }
    if (flags & POS_INF) triangle(ctx, x, top, size, -1);
    if (flags & (NEG_INF | NON_POSITIVE)) triangle(ctx, x, top + height, size, 1);
  }
  ctx.restore();
}

/** The scrubber's step: a line across the plot. */
export function drawStepLine(u: uPlot, step: number | null, colour: string): void {
  if (step === null) return;
  const x = u.valToPos(step, 'x', true);
  const { left, top, width, height } = u.bbox;
  if (x < left - 1 || x > left + width + 1) return;
  const { ctx } = u;
  ctx.save();
  ctx.fillStyle = colour;
  ctx.fillRect(Math.round(x - devicePixelRatio), top, 2 * devicePixelRatio, height);
  ctx.restore();
}

/** A triangle with its tip on (x, y), pointing up (direction −1) or down (1). */
function triangle(ctx: CanvasRenderingContext2D, x: number, y: number, size: number, direction: 1 | -1): void {
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - size, y - direction * size * 1.5);
  ctx.lineTo(x + size, y - direction * size * 1.5);
  ctx.closePath();
  ctx.fill();
}

let measurer: CanvasRenderingContext2D | null = null;

/** The width in CSS px of the widest label in `font`. */
export function labelWidth(labels: readonly string[] | null, font: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer || !labels) return 0;
  measurer.font = font;
  return Math.max(0, ...labels.map((l) => measurer!.measureText(l).width));
}

/** A theme colour by variable name (VS Code sets them on the document element). */
export function themeColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/** #rrggbb (or #rgb, #rrggbbaa) with another alpha; other notations through color-mix. */
export function withAlpha(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(colour);
  if (!hex) return `color-mix(in srgb, ${colour} ${Math.round(alpha * 100)}%, transparent)`;
  let h = hex[1];
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const a = Math.round(alpha * 255).toString(16).padStart(2, '0');
  return `#${h.slice(0, 6)}${a}`;
}
