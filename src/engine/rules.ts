// The calculus of GradLens, in one screen (as tinygrad keeps it): every elementwise op is a
// forward function and its local derivative. The scalar engine (Value) and the tensor engine
// (Tensor) both read the shared tables (unaryRules, binaryRules), so a rule is written once and
// checked once; ops only tensors have (leakyRelu, gelu, std's root, the BCE losses) have tables of
// their own, in the same form (tensorUnaryRules, tensorBinaryRules).
//
// Unary rules get x (the input), y (the output, already computed) and k (the op's constant,
// used by pow, leakyRelu and gelu). Binary rules get a, b (the inputs) and y. Each returns d y / d input.

import { erf } from './erf';

export interface UnaryRule {
  forward(x: number, k: number): number;
  d(x: number, y: number, k: number): number;
}

export interface BinaryRule {
  forward(a: number, b: number): number;
  da(a: number, b: number, y: number): number;
  db(a: number, b: number, y: number): number;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

// GELU's constants, as PyTorch's kernels spell them: 1/√2, 1/√(2π), √(2/π).
const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;
const KAPPA = 0.044715;
const geluTanh = (x: number): number => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + KAPPA * x * x * x)));
function geluTanhD(x: number): number {
  const t = Math.tanh(SQRT_2_OVER_PI * (x + KAPPA * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * KAPPA * x * x);
}
/** PyTorch's binary_cross_entropy clamps each log at −100, so p = 0 or 1 gives a finite loss. */
const clampedLog = (x: number): number => Math.max(Math.log(x), -100);
/** PyTorch's EPSILON in binary_cross_entropy_backward: the float 1e-12f, widened to double. */
const BCE_EPS = Math.fround(1e-12);

export type UnaryOp = 'neg' | 'relu' | 'tanh' | 'sigmoid' | 'exp' | 'log' | 'pow' | 'abs';
// pow is both: a constant exponent (unary, micrograd's pow) or a Value/Tensor one (binary).
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow';
/** Elementwise ops only tensors have (Value does not): their rules are below the shared ones. */
export type TensorUnaryOp = 'leakyRelu' | 'gelu' | 'std';
/** Elementwise losses only tensors have. */
export type TensorBinaryOp = 'bce' | 'bceWithLogits';

export const unaryRules: Record<UnaryOp, UnaryRule> = {
  neg:     { forward: (x) => -x,                 d: () => -1 },
  // As PyTorch: NaN passes through (x <= 0 is false for it), and so does the gradient there.
  relu:    { forward: (x) => (x <= 0 ? 0 : x),   d: (_x, y) => (y <= 0 ? 0 : 1) },
  tanh:    { forward: (x) => Math.tanh(x),       d: (_x, y) => 1 - y * y },
  sigmoid: { forward: (x) => sigmoid(x),         d: (_x, y) => y * (1 - y) },
  exp:     { forward: (x) => Math.exp(x),        d: (_x, y) => y },
  log:     { forward: (x) => Math.log(x),        d: (x) => 1 / x },
  abs:     { forward: (x) => Math.abs(x),        d: (x) => Math.sign(x) },
  // PyTorch: d/dx x**0 is 0 everywhere, even at x = 0 where k * x**(k-1) would be 0 * inf.
  pow:     { forward: (x, k) => x ** k,          d: (x, _y, k) => (k === 0 ? 0 : k * x ** (k - 1)) },
};

export const tensorUnaryRules: Record<TensorUnaryOp, UnaryRule> = {
  // std's last step, √variance: as torch.std's backward, the gradient is 0 where the result is 0.
  std:     { forward: (x) => Math.sqrt(x),       d: (_x, y) => (y === 0 ? 0 : 0.5 / y) },
  // k is the negative slope; as PyTorch, the slope applies at 0 and to NaN's gradient.
  leakyRelu: { forward: (x, k) => (x > 0 ? x : x * k), d: (x, _y, k) => (x > 0 ? 1 : k) },
  // x·Φ(x), exact (k = 0: PyTorch's approximate='none') or its tanh approximation (k = 1).
  gelu:    { forward: (x, k) => (k === 0 ? 0.5 * x * (1 + erf(x * SQRT1_2)) : geluTanh(x)),
             d: (x, _y, k) => (k === 0 ? 0.5 * (1 + erf(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x) : geluTanhD(x)) },
};

export const binaryRules: Record<BinaryOp, BinaryRule> = {
  add: { forward: (a, b) => a + b, da: () => 1,        db: () => 1 },
  sub: { forward: (a, b) => a - b, da: () => 1,        db: () => -1 },
  mul: { forward: (a, b) => a * b, da: (_a, b) => b,   db: (a) => a },
  div: { forward: (a, b) => a / b, da: (_a, b) => 1 / b, db: (a, b) => -a / (b * b) },
  // PyTorch: 0 where the exponent is 0 (base) and where a 0 base meets an exponent >= 0 (exponent).
  pow: { forward: (a, b) => a ** b, da: (a, b) => (b === 0 ? 0 : b * a ** (b - 1)), db: (a, b, y) => (a === 0 && b >= 0 ? 0 : y * Math.log(a)) },
};

export const tensorBinaryRules: Record<TensorBinaryOp, BinaryRule> = {
  // Binary cross-entropy of a probability p (a) against a target t (b), per element, as PyTorch 1.13:
  // logs clamped at −100, dp = (p − t) / max(p(1 − p), 1e-12f), and dt = log(1 − p) − log p, unclamped.
  bce: { forward: (p, t) => -(t * clampedLog(p) + (1 - t) * clampedLog(1 - p)),
         da: (p, t) => (p - t) / Math.max((1 - p) * p, BCE_EPS), db: (p) => Math.log(1 - p) - Math.log(p) },
  // The same from a logit x, computed stably: (1 − t)·x + log(1 + e^−x), as max(−x, 0) + log(e^−m + e^(−x−m)).
  bceWithLogits: { forward: (x, t) => { const m = Math.max(-x, 0); return (1 - t) * x + m + Math.log(Math.exp(-m) + Math.exp(-x - m)); },
                   da: (x, t) => sigmoid(x) - t, db: (x) => -x },
};

/** Every elementwise rule a tensor op may use: the shared ones and the tensor-only ones. */
export const elementwiseUnaryRules: Record<UnaryOp | TensorUnaryOp, UnaryRule> = { ...unaryRules, ...tensorUnaryRules };
/** Every binary elementwise rule a tensor op may use. */
export const elementwiseBinaryRules: Record<BinaryOp | TensorBinaryOp, BinaryRule> = { ...binaryRules, ...tensorBinaryRules };
