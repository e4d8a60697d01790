// How numbers read in the panel. Graph cells have a fixed width (9 characters, 10 for exponents
// beyond ±99), so that a record keeps its size while its numbers change from step to step and the
// layout stays put.

/** micrograd's "%.4f" where it fits in 9 characters, else 3 significant digits in e-notation. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  const abs = Math.abs(x);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e3)) return x.toFixed(4);
  return x.toExponential(2);
}

/** A number for prose and tables where width does not matter: up to 6 significant digits. */
export function formatPrecise(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return formatNumber(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) return String(Number(x.toPrecision(6)));
  return x.toExponential(4);
}

/** 64210 -> "64,210". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatShape(shape: readonly number[] | null): string {
  return shape === null ? '' : `[${shape.join(', ')}]`;
}

/** 83.4 -> "83 ms", 4321 -> "4.3 s", 312000 -> "5 min 12 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The symbol micrograd's draw_dot shows in an op node. */
export function opSymbol(op: string): string {
  switch (op) {
    case 'add': return '+';
    case 'sub': return '−';
    case 'mul': return '×';
    case 'div': return '÷';
    case 'neg': return '−x';
    case 'pow': return 'xᵏ';
    case 'matmul': return '@';
    default: return op;
  }
}
