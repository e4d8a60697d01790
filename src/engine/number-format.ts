// How GradLens writes a number — in hovers, inline values, the lens and the status bar, and in the
// panel — so that the editor and the panel say the same thing (gradlens.numberPrecision, +Inf).
// It lives with the engine because the engine's pure modules are what both the extension host and
// the panel may import; the engine itself prints numbers as JavaScript does.

/**
 * `digits` decimals; e-notation when the number is too big or too small for them: outside
 * [10^-digits, 1e6) — or, `compact` (graph cells, which keep one width while numbers change),
 * outside [1e-3, 1e3) with `digits` − 2 decimals. NaN, +Inf, -Inf as such; no number: —.
 */
export function formatNumber(x: number | null | undefined, digits: number, compact = false): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const magnitude = Math.abs(x);
  const [low, high] = compact ? [1e-3, 1e3] : [10 ** -digits, 1e6];
  if (magnitude === 0 || (magnitude >= low && magnitude < high)) return x.toFixed(digits);
  return x.toExponential(Math.max(1, compact ? digits - 2 : digits - 1));
}
