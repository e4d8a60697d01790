// micrograd's scalar engine (karpathy/micrograd, engine.py), in TypeScript.
//
// One difference in shape, not in meaning: micrograd attaches a closure to every node; here each
// node keeps its op and up to two children, and backward() looks the local derivative up in the
// shared rule table (rules.ts). Same four beats per op, a third of the memory — a million-node
// graph fits in a few hundred MB, and backward() walks it without recursion.

import { binaryRules, unaryRules, type BinaryOp, type UnaryOp } from './rules';
import { checkOptions, describeValue } from './options';
import { tracing, withoutGradReads, type SourceLoc } from './tracing';
import { nextWalk } from './walk';

export type ValueOp = '' | BinaryOp | UnaryOp;

/** Options of `new Value(data, options)`. */
export interface ValueOptions {
  /** A name for the value, shown in the graph panel and by toString(). */
  label?: string;
}

/** A scalar that remembers how it was computed (micrograd's Value): `new Value(2)`, then `.add .mul .pow .tanh …` or `a * b` in a GradLens run, and `backward()` fills every `.grad`. */
export class Value {
  /** The number this value holds (micrograd's .data); writable, e.g. for a manual update step. */
  data: number;
  /** d(root)/d(this value) after root.backward() (micrograd's .grad); 0 until then. */
  grad: number;
  /** The value's name, shown in the graph panel and by toString() ('' for none). */
  label: string;
  /** Source range of the statement that created this value (filled in when run by GradLens). */
  loc: SourceLoc | null = tracing.loc;
  /** Graph-walk bookkeeping (see nextWalk). */
  mark = 0;

  constructor(
    data: number,
    options?: ValueOptions,
    /** The op that made this value ('add', 'mul', 'pow', 'tanh', …); '' for a leaf. */
    readonly op: ValueOp = '',
    /** The op's first (or only) input; null for a leaf. */
    readonly a: Value | null = null,
    /** The op's second input (add, mul, pow with a Value exponent); null otherwise. */
    readonly b: Value | null = null,
    /** The op's constant: the exponent of pow. */
    readonly k = 0,
  ) {
    if (typeof data !== 'number') throw new Error(`new Value(data): data must be a number, got ${describeValue(data)}${typeof data === 'string' ? ` — Number(${JSON.stringify(data)}) makes one` : ''}`);
    if (options !== undefined) checkOptions('new Value()', options, { label: 'string' });
    // V8 gives a field the representation of the first number stored in it. Storing NaN first
    // makes data and grad double fields, updated in place, from the first node on; with integer
    // first values (0, 2) the first fractional gradient would change the representation and
    // every later write would allocate (measured: W3 backward 1.8 s -> 0.35 s, see bench/).
    this.data = NaN;
    this.grad = NaN;
    this.data = data;
    this.grad = 0;
    this.label = options?.label ?? '';
  }

  /** The values this one was computed from (none for a leaf). */
  get children(): Value[] {
    if (this.a === null) return [];
    return this.b === null ? [this.a] : [this.a, this.b];
  }

  // Primitive ops: compute, record op and children. Their derivatives live in rules.ts.
  /** this + other, a new Value (micrograd's __add__); a number becomes a constant Value. */
  add(other: Value | number): Value { return binary('add', this, other); }
  /** this · other, a new Value (micrograd's __mul__); a number becomes a constant Value. */
  mul(other: Value | number): Value { return binary('mul', this, other); }
  /** this ** k: a number exponent (micrograd's), or a Value, which then gets a gradient too. */
  pow(k: number | Value): Value { return typeof k === 'number' ? unary('pow', this, k) : binary('pow', this, k); }
  /** max(0, this) (micrograd's relu); its gradient is 1 above 0, else 0. */
  relu(): Value { return unary('relu', this); }
  /** tanh(this); its gradient is 1 − tanh². */
  tanh(): Value { return unary('tanh', this); }
  /** e^this. */
  exp(): Value { return unary('exp', this); }
  /** The natural logarithm of this; log(0) is −Infinity. */
  log(): Value { return unary('log', this); }
  /** 1 / (1 + e^−this). */
  sigmoid(): Value { return unary('sigmoid', this); }
  /** |this|; its gradient is sign(this) (0 at 0). */
  abs(): Value { return unary('abs', this); }

  // Derived ops, as micrograd builds them from the primitives.
  /** −this, built as this · −1 (micrograd's __neg__). */
  neg(): Value { return this.mul(-1); }
  /** this − other, built as this + (−other) (micrograd's __sub__). */
  sub(other: Value | number): Value { return this.add(toValue(other).neg()); }
  /** this / other, built as this · other^−1 (micrograd's __truediv__). */
  div(other: Value | number): Value { return this.mul(toValue(other).pow(-1)); }

  /**
   * Fills .grad of every value this one depends on with d(this)/d(value). As in PyTorch, leaves
   * accumulate across calls (zero them between steps); every other node holds this pass's gradient.
   */
  backward(): void {
    // The run's hooks read gradients (tensor parameters' too): not the program's reads.
    if (tracing.beforeBackward) withoutGradReads(() => tracing.beforeBackward?.(this));
    const order = topologicalOrder(this);
    for (const v of order) if (v.a !== null) v.grad = 0;
    this.grad += 1;
    for (let i = order.length - 1; i >= 0; i--) propagate(order[i]);
    if (tracing.onBackward) withoutGradReads(() => tracing.onBackward?.(this, this.data));
  }

  /** `Value(label: data=…, grad=…)`, also what console.log shows. */
  toString(): string {
    const name = this.label ? `${this.label}: ` : '';
    return `Value(${name}data=${this.data}, grad=${this.grad})`;
  }

  /** How console.log shows a Value in Node (and in a GradLens run). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function toValue(x: Value | number): Value {
  if (typeof x === 'number') return new Value(x);
  if (x instanceof Value) return x;
  throw new Error(`expected a Value or a number, got ${describeValue(x)}`);
}

function binary(op: BinaryOp, a: Value, other: Value | number): Value {
  const b = toValue(other);
  return new Value(binaryRules[op].forward(a.data, b.data), undefined, op, a, b);
}

function unary(op: UnaryOp, x: Value, k = 0): Value {
  return new Value(unaryRules[op].forward(x.data, k), undefined, op, x, null, k);
}

/** Adds out's gradient, times the local derivative, into out's children (chain rule, one node). */
function propagate(out: Value): void {
  const { a, b, op, grad } = out;
  if (a === null) return;
  if (b === null) {
    a.grad += unaryRules[op as UnaryOp].d(a.data, out.data, out.k) * grad;
  } else {
    const rule = binaryRules[op as BinaryOp];
    a.grad += rule.da(a.data, b.data, out.data) * grad;
    b.grad += rule.db(a.data, b.data, out.data) * grad;
  }
}

/**
 * Every value `root` depends on, children before parents, found without recursion (micrograd's
 * recursive build_topo overflows the stack near 1,000 nodes). walk.ts's postOrder, written out
 * for the two child fields: backward() is the engine's hottest loop.
 */
export function topologicalOrder(root: Value): Value[] {
  const entered = nextWalk();
  const finished = entered + 1;
  const order: Value[] = [];
  const stack: Value[] = [root];
  while (stack.length > 0) {
    const v = stack[stack.length - 1];
    if (v.mark < entered) {
      v.mark = entered;
      if (v.b !== null && v.b.mark < entered) stack.push(v.b);
      if (v.a !== null && v.a.mark < entered) stack.push(v.a);
    } else {
      stack.pop();
      if (v.mark === entered) {
        v.mark = finished;
        order.push(v);
      }
    }
  }
  return order;
}

