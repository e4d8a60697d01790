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

/**
 * The first index in [lo, hi) whose step is ≥ x (or > x when `after`); hi when none is. Steps are
 * nearly evenly spaced (one per backward(), thinned evenly when fast): guess the index by
 * interpolation, then gallop from the guess. A plain binary search over 1e7 steps misses the
 * cache on most of its probes, and a frame makes thousands of searches.
 */
export function search(steps: Float64Array, x: number, lo: number, hi: number, after = false): number {
  const below = (i: number): boolean => steps[i] < x || (after && steps[i] === x);
  if (lo >= hi || !below(lo)) return lo;
  if (below(hi - 1)) return hi;
  // below(lo) and not below(hi − 1): the answer is in (lo, hi − 1].
  const guess = lo + Math.floor(((x - steps[lo]) / (steps[hi - 1] - steps[lo])) * (hi - 1 - lo));
  const g = Math.min(hi - 1, Math.max(lo + 1, guess));
  let stride = 1;
  if (below(g)) {
    lo = g;
    for (; lo + stride < hi && below(lo + stride); stride *= 2) lo += stride;
    hi = Math.min(hi, lo + stride);
  } else {
    hi = g;
    for (; hi - stride > lo && !below(hi - stride); stride *= 2) hi -= stride;
    lo = Math.max(lo, hi - stride);
  }
  // below(lo), not below(hi): halve.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The points of `values` (at `steps`, ascending) to draw in `columns` columns over [x0, x1]. */
export function decimate(steps: Float64Array, values: Column, x0: number, x1: number, columns: number, log: boolean): Decimated {
  const n = values.length;
  const indices: number[] = [];
  const marks: Mark[] = [];
  let lo = search(steps, x0, 0, n);
  if (lo > 0) indices.push(lo - 1);
  const e = new Extent(values.values.array);
  const picked = new Int32Array(4); // a column's points, reused: a frame has thousands of columns
  const width = (x1 - x0) / columns;
  for (let c = 0; c < columns && lo < n; c++) {
    const hi = c === columns - 1 ? search(steps, x1, lo, n, true) : search(steps, x0 + (c + 1) * width, lo, n);
    if (hi === lo) continue;
    e.reset(values.values.array);
    values.extentOf(e, lo, hi);
    pick(e, values.values.array, log, hi === n ? n - 1 : -1, picked);
    picked.sort();
    for (const i of picked) if (i >= 0 && i !== indices[indices.length - 1]) indices.push(i);
    const flags = e.flags & (log ? NAN | POS_INF | NEG_INF | NON_POSITIVE : NAN | POS_INF | NEG_INF);
    if (flags) marks.push({ at: gapAt(e, log), flags });
    lo = hi;
  }
  if (lo < n && indices[indices.length - 1] !== lo) indices.push(lo);
  return { indices, marks };
}

/** Into `out`: the column's lowest and highest drawable point, its first undrawable one, `last` (−1: none). */
function pick(e: Extent, values: Float64Array, log: boolean, last: number, out: Int32Array): void {
  out[0] = log ? e.minPosAt : e.minAt;
  out[1] = !log || (e.maxAt >= 0 && values[e.maxAt] > 0) ? e.maxAt : -1;
  out[2] = gapAt(e, log);
  out[3] = last;
}

function gapAt(e: Extent, log: boolean): number {
  if (!log || e.nonPosAt < 0) return e.badAt;
  return e.badAt < 0 ? e.nonPosAt : Math.min(e.badAt, e.nonPosAt);
}
