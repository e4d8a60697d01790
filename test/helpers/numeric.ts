// Numeric checks shared by the tests: closeness with a tolerance, and central finite differences —
// the independent oracle every gradient in the engine is checked against.
import assert from 'node:assert/strict';

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Same semantics as torch.allclose / numpy.isclose (non-finite values must match exactly). */
export function isClose(actual: number, expected: number, { rtol = 1e-9, atol = 1e-12 }: Tolerance = {}): boolean {
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected));
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

export function assertClose(actual: number, expected: number, tol: Tolerance = {}, what = 'value'): void {
  assert.ok(isClose(actual, expected, tol), `${what}: expected ${expected}, got ${actual}`);
}

export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = {}, what = 'values'): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(isClose(actual[i], expected[i], tol), `${what}[${i}]: expected ${expected[i]}, got ${actual[i]}\n  actual:   ${Array.from(actual).join(', ')}\n  expected: ${Array.from(expected).join(', ')}`);
  }
}

/** d f / d x_i for every i, by central differences (x is restored afterwards). */
export function numericGradient(f: () => number, x: { length: number; [i: number]: number }, eps = 1e-6): number[] {
  const grad: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const saved = x[i];
    x[i] = saved + eps;
    const plus = f();
    x[i] = saved - eps;
    const minus = f();
    x[i] = saved;
    grad.push((plus - minus) / (2 * eps));
  }
  return grad;
}

/** A deterministic pseudo-random stream for test inputs (independent of the engine's RNG). */
export function testRandom(seed = 1): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
