// The local derivative of a scalar op with respect to each of its inputs, from the numbers the
// panel has (the inputs' data and the output's data) — what micrograd's backward multiplies the
// output's grad by. The same formulas as the engine's rule table (src/engine/rules.ts); a unit
// test checks them against it. Ops on bigger tensors have Jacobians instead: not shown.

import type { ViewNode } from '../../src/protocol';

export interface LocalGrad {
  input: ViewNode;
  /** d(output)/d(input), summed over the input's uses (x·x uses x twice). */
  value: number | null;
  formula: string;
}

type Rule = (x: number[], y: number, node: ViewNode) => { d: number[]; formula: string[] } | null;

const RULES: Record<string, Rule> = {
  add: () => ({ d: [1, 1], formula: ['1', '1'] }),
  sub: () => ({ d: [1, -1], formula: ['1', '−1'] }),
  mul: ([a, b]) => ({ d: [b, a], formula: ['b', 'a'] }),
  div: ([a, b]) => ({ d: [1 / b, -a / (b * b)], formula: ['1 / b', '−a / b²'] }),
  neg: () => ({ d: [-1], formula: ['−1'] }),
  relu: ([x]) => ({ d: [x <= 0 ? 0 : 1], formula: ['1 if x > 0 else 0'] }),
  tanh: (_x, y) => ({ d: [1 - y * y], formula: ['1 − tanh²(x)'] }),
  sigmoid: (_x, y) => ({ d: [y * (1 - y)], formula: ['σ(x)(1 − σ(x))'] }),
  exp: (_x, y) => ({ d: [y], formula: ['exp(x)'] }),
  // A one-element tensor's sum or mean is the element itself.
  sum: () => ({ d: [1], formula: ['1'] }),
  mean: () => ({ d: [1], formula: ['1'] }),
  log: ([x]) => ({ d: [1 / x], formula: ['1 / x'] }),
  abs: ([x]) => ({ d: [Math.sign(x)], formula: ['sign(x)'] }),
  // The exponent comes with the node; from an older result, y = x^k gives k = ln|y| / ln|x|.
  pow: ([x, b], y, node) => {
    if (b !== undefined) {
      // A Value exponent: d/dx x^b and d/db x^b (PyTorch's zeros where x^b is flat or undefined).
      return { d: [b === 0 ? 0 : b * x ** (b - 1), x === 0 && b >= 0 ? 0 : y * Math.log(x)], formula: ['b·x^(b−1)', 'x^b·ln x'] };
    }
    const k = node.exponent ?? exponentOf(x, y);
    return k === null ? null : { d: [k === 0 ? 0 : k * x ** (k - 1)], formula: [`k·x^(k−1), k = ${k}`] };
  },
};

/** The exponent of y = x^k, when the numbers determine it (rounded to 1e-9 for clean values). */
export function exponentOf(x: number, y: number): number | null {
  if (!(Math.abs(x) > 0) || Math.abs(x) === 1 || !(Math.abs(y) > 0) || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  const k = Math.log(Math.abs(y)) / Math.log(Math.abs(x));
  const rounded = Math.round(k * 1e6) / 1e6;
  return Math.abs(rounded - k) < 1e-9 * Math.max(1, Math.abs(k)) ? rounded : k;
}

/**
 * `inputs`: the node's inputs in use order when known, each with how many times it is used.
 * null when the op has no scalar rule (tensors) or an input's value is not shown.
 */
export function localGrads(node: ViewNode, inputs: { node: ViewNode; uses: number }[]): LocalGrad[] | null {
  const rule = RULES[node.op];
  // Scalars: Values, and one-element tensors (their elementwise ops follow the same rules).
  if (!rule || node.data === null) return null;
  const slots: ViewNode[] = inputs.flatMap((i) => Array<ViewNode>(i.uses).fill(i.node));
  if (slots.some((s) => s.data === null)) return null;
  const result = rule(slots.map((s) => s.data!), node.data, node);
  if (!result || result.d.length !== slots.length) return null;
  return inputs.map((input) => {
    let value = 0;
    const formulas: string[] = [];
    slots.forEach((s, i) => {
      if (s !== input.node) return;
      value += result.d[i];
      formulas.push(result.formula[i]);
    });
    return { input: input.node, value, formula: formulas.length > 1 ? formulas.join(' + ') : formulas[0] };
  });
}
