// Keeps a loop that trains at a million steps a second from flooding the editor. The extension
// host forwards every loss point to the panel, and VS Code's workbench carries every webview
// message on the same queue as the status bar, the CodeLens and the Stop a user clicks: measured
// in a real VS Code, a one-unit model streaming ~300k points/s (7 MB/s) left the lens without a
// step count for 30 s and its Stop unheard. So a batch larger than a budget is thinned: each
// bucket of consecutive steps keeps its lowest and highest loss (the chart's shape at any zoom a
// pixel column can show), any NaN or infinity, and the batch's last point (the step count and the
// loss the lens shows stay exact).

/** Points a batch may carry (a batch every 33 ms: ~30k points/s, ~0.7 MB/s). */
export const MAX_POINTS_PER_BATCH = 1000;

/** The indices of `values` to keep: all of them within the budget, else extremes per bucket. */
export function keptIndices(values: ArrayLike<number>, budget = MAX_POINTS_PER_BATCH): number[] {
  const n = values.length;
  if (n <= budget) return Array.from({ length: n }, (_, i) => i);
  // Up to three points per bucket (min, max, one non-finite), plus the last point.
  const buckets = Math.max(1, Math.floor((budget - 1) / 3));
  const size = Math.ceil(n / buckets);
  const kept: number[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = -1;
    let hi = -1;
    let bad = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        if (bad < 0) bad = i;
        continue;
      }
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    for (const i of [lo, hi, bad].filter((i) => i >= 0).sort((a, b) => a - b)) if (kept[kept.length - 1] !== i) kept.push(i);
  }
  if (kept[kept.length - 1] !== n - 1) kept.push(n - 1);
  return kept;
}
