// The error function, accurate to a few ulps (GELU needs it; JavaScript's Math has none).
// |x| < 2.5: erf(x) = 2/√π · x · e^(−x²) · Σ (2x²)ⁿ / (1·3·…·(2n+1)), a series of positive terms
// (no cancellation). Beyond: erfc from its continued fraction, evaluated by Lentz's method.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, with an error of about 1e-16. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 2.5) {
    const x2 = 2 * a * a;
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
    }
    return Math.sign(x) * TWO_OVER_SQRT_PI * a * Math.exp(-a * a) * sum;
  }
  return Math.sign(x) * (1 - erfcLarge(a));
}

/** erfc(a) for a ≥ 2.5: e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))). */
function erfcLarge(a: number): number {
  if (a > 27) return 0;
  const tiny = 1e-300;
  let f = a;
  let c = a;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = a + an * d;
    d = d === 0 ? tiny : d;
    c = a + an / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-a * a)) / f;
}
