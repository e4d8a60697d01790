// backward(), replayed node by node for the stepper: in reverse topological order (ids are
// forward positions, so descending ids), each node hands its gradient to its inputs — the local
// derivative (the engine's rule: local-grad.ts) times its own grad — and an input used in two
// places gets it twice: the `+=` micrograd's lecture stresses. Over the whole graph, or over the
// nodes of one opened group. Pure: unit-tested against the engine.

import type { GraphView, ViewNode } from '../../src/protocol';
import { slotDerivatives } from './local-grad';

export interface Contribution {
  input: ViewNode;
  /** d(node)/d(input), summed over the input's slots (x·x: two). */
  local: number | null;
  formula: string;
  /** node.grad × local: what this step adds to input.grad. */
  added: number | null;
  /** input.grad after this step; null when nodes outside the steps add to it too (inside a group). */
  total: number | null;
  /** Whether input.grad held something from an earlier step (a second use of the input). */
  accumulated: boolean;
}

export interface BackwardStep {
  node: ViewNode;
  /** The node's gradient when its turn comes: all of it, as every node using it came before. */
  grad: number;
  contributions: Contribution[];
}

/**
 * The steps of one backward() from `root` over `nodes` (a graph shown node by node, with each
 * node's input ids). Leaves start at 0: a leaf whose shown grad is bigger kept gradients of
 * earlier backward() calls. Null when a node's inputs are not known (a result without them).
 */
export function backwardSteps(nodes: ReadonlyMap<number, ViewNode>, root: number): BackwardStep[] | null {
  const running = new Map<number, number>([[root, 1]]);
  return replay([...nodes.values()], (id) => nodes.get(id), (node) => running.get(node.id) ?? 0, running, () => true);
}

/**
 * The steps inside an opened group shown node by node (a group's view, with its border and the
 * nodes outside that feed it). Each node's grad when its turn comes is the run's (nodes outside
 * the group that use it came before); an input's running total is known when only the group's
 * nodes use it. Null for a view from an older GradLens (no border, no outside inputs).
 */
export function groupSteps(view: GraphView): BackwardStep[] | null {
  if (!view.border || !view.outsideInputs) return null;
  const nodes = new Map([...view.nodes, ...view.outsideInputs].map((n) => [n.id, n]));
  const inside = new Set(view.nodes.map((n) => n.id));
  const usedOutside = new Set(view.border.filter((e) => !e.into && !e.insideGroup).map((e) => e.inside));
  const ownedBySteps = (id: number): boolean => inside.has(id) && !usedOutside.has(id);
  return replay(view.nodes, (id) => nodes.get(id), (node) => node.grad ?? 0, new Map(), ownedBySteps);
}

/** Each node of `order`, from the last in forward order, handing its grad to its inputs. */
function replay(
  order: readonly ViewNode[],
  lookup: (id: number) => ViewNode | undefined,
  gradOf: (node: ViewNode) => number,
  running: Map<number, number>,
  knownTotal: (id: number) => boolean,
): BackwardStep[] | null {
  const steps: BackwardStep[] = [];
  for (const node of [...order].sort((a, b) => b.id - a.id)) {
    if (node.isLeaf || node.op === '') continue;
    if (!node.inputs) return null;
    const grad = gradOf(node);
    const slots = node.inputs.map(lookup);
    const numbers = slots.every((s) => s && s.data !== null) ? slotDerivatives(node, slots.map((s) => s!.data!)) : null;
    const contributions: Contribution[] = [];
    for (const id of new Set(node.inputs)) {
      const input = lookup(id);
      if (!input) return null;
      const uses = node.inputs.flatMap((slot, i) => (slot === id ? [i] : []));
      const local = numbers ? uses.reduce((sum, i) => sum + numbers.d[i], 0) : null;
      const formula = numbers ? uses.map((i) => numbers.formula[i]).join(' + ') : 'no scalar rule (a tensor op: a Jacobian)';
      const before = running.get(id);
      const added = local === null ? null : grad * local;
      const total = (before ?? 0) + (added ?? 0);
      running.set(id, total);
      contributions.push({ input, local, formula, added, total: knownTotal(id) ? total : null, accumulated: before !== undefined });
    }
    steps.push({ node, grad, contributions });
  }
  return steps;
}
