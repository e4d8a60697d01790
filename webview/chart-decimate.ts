// Which points of a long series to draw: for each pixel column of the x range, its lowest and
// highest point and its first point that cannot be drawn (NaN, ±Inf, or ≤ 0 on a log scale: the
// line breaks there and a mark shows what it was), plus the series' last point and the nearest
// point on either side of the range (so that a zoomed line runs to the plot's edges). A line
// through these points covers the same pixels as one through all of them (min/max decimation).
// Pure: unit-tested without a browser.
import { Extent, NAN, NEG_INF, NON_POSITIVE, POS_INF, type Column } from './chart-extremes';

/** A column that holds points that cannot be drawn: `at` is the first of them, `flags` what they are. */
export interface Mark {
  at: number;
  flags: number;
}

export interface Decimated {
  /** Indices of the points to draw, ascending. */
  indices: number[];
  marks: Mark[];
}

/** The first index in [lo, hi) whose step is ≥ x (or > x when `after`); hi when none is. */
export function search(steps: Float64Array, x: number, lo: number, hi: number, after = false): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid] < x || (after && steps[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The points of `values` (at `steps`, ascending) to draw in `columns` columns over [x0, x1]. */
export function decimate(steps: Float64Array, values: Column, x0: number, x1: number, columns: number, log: boolean): Decimated {
  const n = values.length;
  const indices: number[] = [];
  const marks: Mark[] = [];
  let lo = search(steps, x0, 0, n);
  if (lo > 0) indices.push(lo - 1);
  const e = new Extent(values.values.array);
  const width = (x1 - x0) / columns;
  for (let c = 0; c < columns && lo < n; c++) {
    const hi = c === columns - 1 ? search(steps, x1, lo, n, true) : search(steps, x0 + (c + 1) * width, lo, n);
    if (hi === lo) continue;
    e.reset(values.values.array);
    values.extentOf(e, lo, hi);
    const drawn = [...pick(e, values.values.array, log), ...(hi === n ? [n - 1] : [])];
    indices.push(...new Set(drawn.filter((i) => i >= 0).sort((a, b) => a - b)));
    const flags = e.flags & (log ? NAN | POS_INF | NEG_INF | NON_POSITIVE : NAN | POS_INF | NEG_INF);
    if (flags) marks.push({ at: gapAt(e, log), flags });
    lo = hi;
  }
  if (lo < n && lo > 0 && indices[indices.length - 1] !== lo) indices.push(lo);
  return { indices: dedupeSorted(indices), marks };
}

/** The column's lowest and highest drawable point and its first undrawable one (−1: none). */
function pick(e: Extent, values: Float64Array, log: boolean): number[] {
  if (!log) return [e.minAt, e.maxAt, e.badAt];
  return [e.minPosAt, e.maxAt >= 0 && values[e.maxAt] > 0 ? e.maxAt : -1, gapAt(e, log)];
}

function gapAt(e: Extent, log: boolean): number {
  if (!log || e.nonPosAt < 0) return e.badAt;
  return e.badAt < 0 ? e.nonPosAt : Math.min(e.badAt, e.nonPosAt);
}

function dedupeSorted(xs: number[]): number[] {
  return xs.filter((x, i) => i === 0 || x !== xs[i - 1]);
}
