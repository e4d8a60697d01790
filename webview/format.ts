// How numbers read in the panel: GradLens' one formatter (src/engine/number-format.ts), with the
// precision the editor's setting gives (gradlens.numberPrecision, sent by the host). Graph cells
// use its compact form, which keeps one width (numberChars) while numbers change from step to step,
// so the layout stays put.

import { formatNumber as format } from '../src/engine/number-format';

/** Digits after the decimal point (the setting; 4, micrograd's "%.4f", until the host says). */
let precision = 4;

export function setPrecision(digits: number): void {
  precision = Math.max(0, Math.min(12, Math.round(digits)));
}

export function getPrecision(): number {
  return precision;
}

/** A number in a graph cell, the table or a summary: `precision` decimals, compact e-notation beyond. */
export function formatNumber(x: number | null | undefined): string {
  return format(x, precision, true);
}

/**
 * The width a number cell keeps, in characters: "-0.1234" and "-1.23e-5" at 4 digits (8); the
 * longest ("-123.4567", "-1.23e+105") spill a character into the cell's padding.
 */
export function numberChars(): number {
  return precision + 4;
}

/** A number for prose and tables where width does not matter: up to 6 significant digits. */
export function formatPrecise(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return format(x, precision);
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
