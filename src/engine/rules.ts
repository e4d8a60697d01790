// The calculus of GradLens, in one screen (as tinygrad keeps it): every elementwise op is a
// forward function and its local derivative. The scalar engine (Value) and the tensor engine
// (Tensor) both read this table, so a rule is written once and checked once.
//
// Unary rules get x (the input), y (the output, already computed) and k (the op's constant,
// used by pow). Binary rules get a, b (the inputs) and y. Each returns d y / d input.

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

export type UnaryOp = 'neg' | 'relu' | 'tanh' | 'sigmoid' | 'exp' | 'log' | 'pow' | 'abs';
// pow is both: a constant exponent (unary, micrograd's pow) or a Value/Tensor one (binary).
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow';

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

export const binaryRules: Record<BinaryOp, BinaryRule> = {
  add: { forward: (a, b) => a + b, da: () => 1,        db: () => 1 },
  sub: { forward: (a, b) => a - b, da: () => 1,        db: () => -1 },
  mul: { forward: (a, b) => a * b, da: (_a, b) => b,   db: (a) => a },
  div: { forward: (a, b) => a / b, da: (_a, b) => 1 / b, db: (a, b) => -a / (b * b) },
  // PyTorch: 0 where the exponent is 0 (base) and where a 0 base meets an exponent >= 0 (exponent).
  pow: { forward: (a, b) => a ** b, da: (a, b) => (b === 0 ? 0 : b * a ** (b - 1)), db: (a, b, y) => (a === 0 && b >= 0 ? 0 : y * Math.log(a)) },
};
