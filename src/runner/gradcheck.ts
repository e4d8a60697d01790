// A gradient check of the run's root, in the run's worker: for each leaf (a named Value, a tensor
// that requires grad), the gradient backward() computed against a central difference of the
// recorded graph's forward with that leaf nudged by ±h (engine/replay.ts — the user's code does
// not run again). The leaves' values are those of the last backward(), so a training loop's
// optimizer step after it does not move the point that is checked.

import { Tensor, Value } from '../engine';
import { replay, replayable } from '../engine/replay';
import { topologicalOrder as tensorOrder } from '../engine/tensor/autograd';
import { topologicalOrder as valueOrder } from '../engine/value';
import type { GradcheckLine } from '../protocol';

/** A gradient is ok when |analytic − numeric| <= ATOL + RTOL·|numeric| (torch.autograd.gradcheck's defaults). */
export const GRADCHECK_ATOL = 1e-5;
export const GRADCHECK_RTOL = 1e-3;
/** A tensor leaf has at most this many of its elements checked (evenly spaced): its worst one is reported. */
export const GRADCHECK_ELEMENTS = 100;

type Leaf = Value | Tensor;

/** The root's leaves that a check reports: named Values (not the constants numbers became) and tensors that require grad. */
export function checkedLeaves(root: Value | Tensor): Leaf[] {
  if (root instanceof Value) return valueOrder(root).filter((v) => v.a === null && v.label !== '');
  return tensorOrder(root).filter((t) => t.isLeaf && t.requiresGrad);
}

/** Each leaf's value, copied: what the check nudges from (see the worker's onBackward). */
export function snapshotLeaves(root: Value | Tensor): Map<Leaf, number | Float64Array> {
  const leaves = root instanceof Value ? valueOrder(root).filter((v) => v.a === null) : tensorOrder(root).filter((t) => t.isLeaf);
  return new Map(leaves.map((leaf) => [leaf, leaf instanceof Value ? leaf.data : leaf.data.slice()]));
}

/** null: the graph holds an op the check cannot recompute. */
export function gradcheck(root: Value | Tensor, at: Map<Leaf, number | Float64Array>): GradcheckLine[] | null {
  if (!replayable(root)) return null;
  return checkedLeaves(root).map((leaf, n) => checkLeaf(root, leaf, at, leaf.label || `leaf${n}`));
}

/** One leaf's check (a tensor: its worst element). The graph must be replayable. */
export function checkLeaf(root: Value | Tensor, leaf: Leaf, at: Map<Leaf, number | Float64Array>, label: string): GradcheckLine {
  return leaf instanceof Value ? checkValue(root as Value, leaf, at as Map<Value, number>, label) : checkTensor(root as Tensor, leaf, at as Map<Tensor, Float64Array>, label);
}

/** Within this distance of a kink, a nudge of ±h crosses it. */
const AT_KINK = 1e-6;

/**
 * A point where the graph is not differentiable, on the way from `leaf` to the root: a relu,
 * leaky relu or abs at 0, a clamp at a bound, a max or min with ties. There the analytic gradient
 * (the engine's choice, as PyTorch's) and a central difference legitimately differ. In words, or null.
 */
export function kinkOn(order: ReadonlyArray<Value | Tensor>, leaf: Leaf): string | null {
  const reached = new Set<Value | Tensor>([leaf]);
  for (const node of order) {
    const inputs = node instanceof Value ? node.children : node.inputs;
    if (!inputs.some((input) => reached.has(input))) continue;
    reached.add(node);
    const kink = kinkAt(node);
    if (kink) return `${kink}${node.label ? ` (${node.label})` : ''}`;
  }
  return null;
}

function kinkAt(node: Value | Tensor): string | null {
  const near = (x: number, at = 0): boolean => Math.abs(x - at) < AT_KINK * Math.max(1, Math.abs(at));
  if (node instanceof Value) {
    return (node.op === 'relu' || node.op === 'abs') && node.a !== null && near(node.a.data) ? `${node.op}(x) at x = 0` : null;
  }
  const x = node.inputs[0]?.data;
  if (!x) return null;
  switch (node.op) {
    case 'relu':
    case 'leakyRelu':
    case 'abs':
      return x.some((v) => near(v)) ? `${node.op}(x) at x = 0` : null;
    case 'clamp': {
      const [low, high] = node.ctx.range ?? [-Infinity, Infinity];
      return x.some((v) => near(v, low) || near(v, high)) ? 'clamp at one of its bounds' : null;
    }
    case 'max':
    case 'min':
      return node.data.some((extreme) => x.filter((v) => v === extreme).length > 1) ? `${node.op} with ties` : null;
    default:
      return null;
  }
}

function checkValue(root: Value, leaf: Value, at: Map<Value, number>, label: string): GradcheckLine {
  const x = at.get(leaf) ?? leaf.data;
  const h = step(x);
  const values = new Map(at);
  values.set(leaf, x + h);
  const plus = replay(root, values);
  values.set(leaf, x - h);
  const minus = replay(root, values);
  return line(label, leaf.grad, (plus - minus) / (2 * h));
}

function checkTensor(root: Tensor, leaf: Tensor, at: Map<Tensor, Float64Array>, label: string): GradcheckLine {
  const base = at.get(leaf) ?? leaf.data;
  const n = base.length;
  const count = Math.min(n, GRADCHECK_ELEMENTS);
  let worst: GradcheckLine | null = null;
  for (let j = 0; j < count; j++) {
    const i = Math.floor((j * n) / count);
    const h = step(base[i]);
    const nudged = base.slice();
    const values = new Map(at);
    values.set(leaf, nudged);
    nudged[i] = base[i] + h;
    const plus = replay(root, values)[0];
    nudged[i] = base[i] - h;
    const minus = replay(root, values)[0];
    const checked = line(label, leaf.grad?.data[i] ?? 0, (plus - minus) / (2 * h));
    if (!worst || worse(checked, worst)) worst = checked;
  }
  return worst ?? line(label, 0, 0);
}

const step = (x: number): number => 1e-6 * Math.max(1, Math.abs(x));

/** A failed element before any that passed, then the larger relative error (NaN the largest). */
const worse = (a: GradcheckLine, b: GradcheckLine): boolean => (a.ok !== b.ok ? !a.ok : !(a.relerr <= b.relerr));

function line(label: string, analytic: number, numeric: number): GradcheckLine {
  const error = Math.abs(analytic - numeric);
  const relerr = error / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-12);
  return { label, analytic, numeric, relerr, ok: error <= GRADCHECK_ATOL + GRADCHECK_RTOL * Math.abs(numeric) };
}
