// The local derivative of a scalar op with respect to each of its inputs — what backward()
// multiplies the output's grad by — from the numbers the panel has (the inputs' and the output's
// data). The derivatives themselves are the engine's (src/engine/rules.ts: one calculus); this
// file only picks the rule, reads the op's constant off the node, and says the formula in words.
// Ops on bigger tensors have Jacobians instead: not shown.

import { elementwiseBinaryRules, elementwiseUnaryRules } from '../../src/engine/rules';
import type { ViewNode } from '../../src/protocol';

export interface LocalGrad {
  input: ViewNode;
  /** d(output)/d(input), summed over the input's uses (x·x uses x twice). */
  value: number | null;
  formula: string;
}

/** How each rule reads, per input slot. */
const FORMULAS: Record<string, string[]> = {
  add: ['1', '1'],
  sub: ['1', '−1'],
  mul: ['b', 'a'],
  div: ['1 / b', '−a / b²'],
  neg: ['−1'],
  relu: ['1 if x > 0 else 0'],
  tanh: ['1 − tanh²(x)'],
  sigmoid: ['σ(x)(1 − σ(x))'],
  exp: ['exp(x)'],
  log: ['1 / x'],
  abs: ['sign(x)'],
  leakyRelu: ['1 if x > 0 else slope'],
  std: ['1 / (2√v)'],
  bce: ['(p − t) / (p(1 − p))', 'log(1 − p) − log p'],
  bceWithLogits: ['σ(x) − t', '−x'],
  // A one-element tensor's sum or mean is the element itself.
  sum: ['1'],
  mean: ['1'],
};

/** The exponent of y = x^k, when the numbers determine it (rounded to 1e-9 for clean values). */
export function exponentOf(x: number, y: number): number | null {
  if (!(Math.abs(x) > 0) || Math.abs(x) === 1 || !(Math.abs(y) > 0) || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  const k = Math.log(Math.abs(y)) / Math.log(Math.abs(x));
  const rounded = Math.round(k * 1e6) / 1e6;
  return Math.abs(rounded - k) < 1e-9 * Math.max(1, Math.abs(k)) ? rounded : k;
}

/** d(node)/d(slot) for each input slot, from the engine's rules; null when the numbers do not determine it. */
export function slotDerivatives(node: ViewNode, xs: number[]): { d: number[]; formula: string[] } | null {
  const y = node.data;
  if (y === null) return null;
  const { op } = node;
  if ((op === 'sum' || op === 'mean') && xs.length === 1) return { d: [1], formula: FORMULAS[op] };
  if (xs.length === 2 && op in elementwiseBinaryRules) {
    const rule = elementwiseBinaryRules[op as keyof typeof elementwiseBinaryRules];
    const formula = op === 'pow' ? ['b·x^(b−1)', 'x^b·ln x'] : FORMULAS[op];
    return { d: [rule.da(xs[0], xs[1], y), rule.db(xs[0], xs[1], y)], formula };
  }
  if (xs.length !== 1 || !(op in elementwiseUnaryRules) || op === 'gelu') return null;
  const [x] = xs;
  // The op's constant: pow's exponent comes with the node (or, from an older result, the numbers);
  // leaky relu's slope is what it did to a negative x.
  const k = op === 'pow' ? node.exponent ?? exponentOf(x, y) : op === 'leakyRelu' && x < 0 ? y / x : 0;
  if (k === null) return null;
  const rule = elementwiseUnaryRules[op as keyof typeof elementwiseUnaryRules];
  return { d: [rule.d(x, y, k)], formula: op === 'pow' ? [`k·x^(k−1), k = ${k}`] : FORMULAS[op] };
}

/**
 * The local derivative with respect to each input of `node`. `inputs`: its distinct inputs with
 * how many times each is used; `node.inputs` (the worker's order of the op's slots) says which
 * slot is which — a result from an older version without it falls back to id order.
 * null when the op has no scalar rule (tensors) or an input's value is not shown.
 */
export function localGrads(node: ViewNode, inputs: { node: ViewNode; uses: number }[]): LocalGrad[] | null {
  if (node.data === null) return null;
  const byId = new Map(inputs.map((i) => [i.node.id, i.node]));
  const slots: (ViewNode | undefined)[] = node.inputs ? node.inputs.map((id) => byId.get(id)) : inputs.flatMap((i) => Array<ViewNode>(i.uses).fill(i.node));
  if (slots.some((s) => s === undefined || s.data === null)) return null;
  const result = slotDerivatives(node, slots.map((s) => s!.data!));
  if (!result) return null;
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
