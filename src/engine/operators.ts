// JavaScript's arithmetic operators on Values and Tensors, with the meaning micrograd's __add__,
// __radd__, … and PyTorch's Tensor.__add__, … give them. TypeScript has no operator overloading,
// so GradLens's runner rewrites `a * b` in the code it runs to `mul(a, b)` (instrument.ts), and
// the editor's TS server plugin types it the same way. Numbers stay numbers, on the fast path; a
// string `+` and anything else that is not ours get JavaScript's own operator.

import { Tensor } from './tensor/tensor';
import { gradMode } from './tensor/autograd';
import { Value } from './value';

/** The operators GradLens gives a meaning for Values and Tensors, and the method each one is. */
export const arithmeticOperators = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '**': 'pow' } as const;
export type ArithmeticOperator = keyof typeof arithmeticOperators;
export type OperatorName = (typeof arithmeticOperators)[ArithmeticOperator];

type Ours = Value | Tensor;
const isOurs = (x: unknown): x is Ours => x instanceof Value || x instanceof Tensor;

// Each operator's overloads are its types — the editor plugin type-checks `a * b` as `mul(a, b)`
// with them (a Value expression is a Value) — and its body is what a run does.
/* eslint-disable @typescript-eslint/no-explicit-any -- an operator takes whatever JavaScript's does */
export function add(a: number, b: number): number;
export function add(a: bigint, b: bigint): bigint;
export function add(a: string, b: unknown): string;
export function add(a: unknown, b: string): string;
export function add(a: Value | number, b: Value | number): Value;
export function add(a: Tensor | number, b: Tensor | number): Tensor;
export function add(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return engineOp('add', a, b) ?? a + b;
}
export function sub(a: number, b: number): number;
export function sub(a: bigint, b: bigint): bigint;
export function sub(a: Value | number, b: Value | number): Value;
export function sub(a: Tensor | number, b: Tensor | number): Tensor;
export function sub(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return engineOp('sub', a, b) ?? a - b;
}
export function mul(a: number, b: number): number;
export function mul(a: bigint, b: bigint): bigint;
export function mul(a: Value | number, b: Value | number): Value;
export function mul(a: Tensor | number, b: Tensor | number): Tensor;
export function mul(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  return engineOp('mul', a, b) ?? a * b;
}
export function div(a: number, b: number): number;
export function div(a: bigint, b: bigint): bigint;
export function div(a: Value | number, b: Value | number): Value;
export function div(a: Tensor | number, b: Tensor | number): Tensor;
export function div(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  return engineOp('div', a, b) ?? a / b;
}
export function pow(a: number, b: number): number;
export function pow(a: bigint, b: bigint): bigint;
export function pow(a: Value | number, b: Value | number): Value;
export function pow(a: Tensor | number, b: Tensor | number): Tensor;
export function pow(a: any, b: any): any {
  if (typeof a === 'number' && typeof b === 'number') return a ** b;
  return engineOp('pow', a, b) ?? a ** b;
}
export function neg(a: number): number;
export function neg(a: bigint): bigint;
export function neg(a: Value): Value;
export function neg(a: Tensor): Tensor;
export function neg(a: any): any {
  if (typeof a === 'number') return -a;
  return isOurs(a) ? a.neg() : -a;
}

/**
 * `x op= y`. For a Value, as micrograd: `x = x op y`, a new node. For a Tensor, in place as in
 * PyTorch — so `w -= lr * w.grad` inside noGrad updates the parameter the optimizer and the model
 * hold — unless the update is itself recorded for backward: then PyTorch refuses it for a leaf
 * that requires grad (as here), and for any other tensor GradLens rebinds the variable to the
 * new result (other references keep the old tensor; PyTorch would have changed it).
 */
export function assign(op: OperatorName, x: any, y: any): any {
  if (typeof x === 'number' && typeof y === 'number') return numberOp(op, x, y);
  const result = operator(op)(x, y);
  if (!(x instanceof Tensor) || !(result instanceof Tensor)) return result;
  if (result.shape.length !== x.shape.length || result.shape.some((n, i) => n !== x.shape[i])) {
    throw new Error(`${symbol(op)}=: the result has shape [${result.shape.join(', ')}], which does not fit the tensor's shape [${x.shape.join(', ')}] (an in-place update keeps the shape)`);
  }
  if (!(gradMode.enabled && result.requiresGrad)) {
    x.data.set(result.data);
    return x;
  }
  if (x.requiresGrad && x.op === '') {
    const name = x.label ? `'${x.label}'` : 'a tensor';
    throw new Error(
      `${symbol(op)}=: ${name} requires grad and is a leaf, so it cannot be changed in place while gradients are recorded (as in PyTorch). ` +
        `Update it inside torch.noGrad(() => { ... }), or write x = x ${symbol(op)} y for a new tensor.`,
    );
  }
  return result;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const operators = { add, sub, mul, div, pow } as const;
/** The operator by name, with its implementation's signature (the overloads are for callers). */
const operator = (op: OperatorName): ((a: unknown, b: unknown) => unknown) => operators[op] as (a: unknown, b: unknown) => unknown;
const symbol = (op: OperatorName): ArithmeticOperator =>
  (Object.keys(arithmeticOperators) as ArithmeticOperator[]).find((s) => arithmeticOperators[s] === op)!;

function numberOp(op: OperatorName, a: number, b: number): number {
  switch (op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'pow': return a ** b;
  }
}

/** The engine's result of `a op b`, or undefined when neither side is a Value or a Tensor. */
function engineOp(op: OperatorName, a: unknown, b: unknown): Ours | undefined {
  const left = isOurs(a);
  const right = isOurs(b);
  if (!left && !right) return undefined;
  // A string on either side of + joins text, as JavaScript does (`'loss ' + loss`).
  if (op === 'add' && (typeof a === 'string' || typeof b === 'string')) return undefined;
  if (left && right && a instanceof Value !== b instanceof Value) {
    throw new Error(`${symbol(op)}: a Value and a Tensor cannot be combined. Use Values on both sides (a tensor's .item() is a number) or tensors on both sides (torch.tensor(v.data)).`);
  }
  if ((!left && typeof a !== 'number') || (!right && typeof b !== 'number')) {
    throw new Error(`${symbol(op)}: a ${describe(left ? a : b)} and ${article(left ? b : a)} cannot be combined; the other side must be a number, a Value or a Tensor.`);
  }
  if (left) return (a as Value)[op](b as Value);
  return reflected(op, a as number, b as Ours);
}

/** `number op x`: micrograd's __radd__, __rsub__, … for a Value; PyTorch's for a Tensor. */
function reflected(op: OperatorName, k: number, x: Ours): Ours {
  if (op === 'add' || op === 'mul') return (x as Value)[op](k);
  if (x instanceof Value) {
    if (op === 'sub') return x.neg().add(k);
    return op === 'div' ? x.pow(-1).mul(k) : new Value(k).pow(x);
  }
  return new Tensor(Float64Array.of(k), [])[op](x);
}

function describe(x: unknown): string {
  return x instanceof Value ? 'Value' : 'Tensor';
}

function article(x: unknown): string {
  if (x instanceof Value) return 'a Value';
  if (x instanceof Tensor) return 'a Tensor';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  const type = typeof x;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
