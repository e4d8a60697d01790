// The loss chart's axes: where the ticks go and how their labels read. uPlot's own ticks fail on
// a training that diverges (its increments stop at 1e16, so a loss of 1e30 got no label at all,
// and a log axis printed "100, 0.001, 0, 0"), so the y axes take their range, ticks and labels
// from here. Every axis gets at least two labels: the range is widened to a tick at each end.
// Pure: unit-tested without a browser.

export interface Ticks {
  /** The axis range (both ends are ticks). */
  min: number;
  max: number;
  values: number[];
  labels: string[];
}

/** Vertical room one y label needs (11 px text and a gap), so that labels never overlap. */
export const TICK_SPACING_PX = 20;

/** How many ticks fit along `lengthPx` (always at least two: the ends). */
export function tickCount(lengthPx: number): number {
  return Math.max(2, Math.floor(lengthPx / TICK_SPACING_PX) + 1);
}

/** Ticks at 1, 2, 2.5 or 5 × 10^k covering [lo, hi], at most `count` of them. */
export function linearTicks(lo: number, hi: number, count: number): Ticks {
  if (!(hi > lo)) [lo, hi] = lo === 0 || !Number.isFinite(lo) ? [0, 1] : [lo - Math.abs(lo) / 2, hi + Math.abs(hi) / 2];
  // Halves first, so that a range from −1e308 to 1e308 does not overflow to Infinity.
  const rough = (hi / 2 - lo / 2) / ((count - 1) / 2);
  let decade = 10 ** Math.floor(Math.log10(rough));
  for (;;) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * decade;
      // Near the largest double there is no round step: label the ends.
      if (!Number.isFinite(step)) return { min: lo, max: hi, values: [lo, hi], labels: [lo, hi].map(formatTick) };
      const first = Math.floor(lo / step);
      const last = Math.ceil(hi / step);
      if (last - first + 1 > count) continue;
      const values = Array.from({ length: last - first + 1 }, (_, i) => clampFinite((first + i) * step));
      return { min: values[0], max: values[values.length - 1], values, labels: linearLabels(values, step) };
    }
    decade *= 10;
  }
}

/**
 * Powers of ten covering [lo, hi] (both > 0): every decade when they fit, with 2× and 5× between
 * when the range is short, else every k-th decade counted from the bottom one.
 */
export function logTicks(lo: number, hi: number, count: number): Ticks {
  if (!(lo > 0 && hi > 0)) [lo, hi] = [1, 10];
  let d0 = Math.max(-323, Math.floor(Math.log10(lo) + 1e-9)); // 1e-324 is 0
  let d1 = Math.ceil(Math.log10(hi) - 1e-9);
  if (d1 === d0) d1++;
  const decades = d1 - d0;
  const k = Math.ceil(decades / (count - 1));
  d1 = d0 + Math.ceil(decades / k) * k;
  if (d1 > 308) [d0, d1] = [d0 - (d1 - 308), 308]; // 10^309 is Infinity: shift the ticks down instead
  const values: number[] = [];
  for (let d = d0; d <= d1; d += k) {
    values.push(decade(d));
    if (k === 1 && 3 * decades + 1 <= count && d < d1) values.push(2 * decade(d), 5 * decade(d));
  }
  return { min: values[0], max: values[values.length - 1], values, labels: values.map(formatTick) };
}

/** A tick's label: plain from 0.01 to 99,999, else "1e-3", "2.5e29"; minus as "-". */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(v);
  if (abs >= 0.01 && abs < 1e5) return String(Number(v.toPrecision(6)));
  return compactExponential(v, 6);
}

/** A step on the x axis: "950", "2,500", "25k", "1.5M", "2B". */
export function formatStep(step: number): string {
  const abs = Math.abs(step);
  if (abs < 1e4) return Math.round(step).toLocaleString('en-US');
  const [unit, size] = abs >= 1e9 ? ['B', 1e9] : abs >= 1e6 ? ['M', 1e6] : ['k', 1e3];
  return `${Number((step / size).toPrecision(3))}${unit}`;
}

/** Labels for evenly spaced ticks: as many decimals as the step needs, all in one notation. */
function linearLabels(values: number[], step: number): string[] {
  const biggest = Math.max(...values.map(Math.abs));
  const stepDigits = Math.floor(Math.log10(step) + 1e-9);
  const fraction = step / 10 ** stepDigits; // 1, 2, 2.5 or 5
  const extra = Math.abs(fraction - 2.5) < 1e-9 ? 1 : 0;
  if (biggest < 1e5 && step >= 1e-3) {
    const decimals = Math.max(0, -stepDigits + extra);
    return values.map((v) => (v === 0 ? '0' : v.toFixed(decimals)));
  }
  // Mantissa digits: enough to tell the biggest tick from its neighbour.
  const digits = Math.max(0, Math.floor(Math.log10(biggest) + 1e-9) - stepDigits + extra);
  return values.map((v) => (v === 0 ? '0' : compactExponential(v, digits)));
}

/** 2.50e+29 -> "2.5e29": at most `digits` decimals, trailing zeros and the plus sign dropped. */
function compactExponential(v: number, digits: number): string {
  const [mantissa, exponent] = v.toExponential(Math.min(digits, 20)).split('e');
  const short = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${short}e${exponent.replace('+', '')}`;
}

function decade(d: number): number {
  // 10 ** -3 is 0.0010000000000000002: parse the literal instead.
  return Number(`1e${d}`);
}

function clampFinite(v: number): number {
  return Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, v));
}
