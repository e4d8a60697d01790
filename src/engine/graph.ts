// graph(root): the computation graph behind a Value or Tensor as plain data — what the panel
// draws and what the runner groups and ships. Nodes come in forward (topological) order, so a
// node's id is its position, inputs have smaller ids, and the root is last.

import { Tensor, gradOf } from './tensor/tensor';
import type { SourceLoc } from './tracing';
import { postOrder } from './walk';
import { Value } from './value';

/** min/max/mean/L2 norm of a tensor's values, and how many are NaN or ±Inf. */
export interface Summary {
  /** The smallest value (NaN when there are none). */
  min: number;
  /** The largest value (NaN when there are none). */
  max: number;
  /** The mean of the values (NaN when there are none). */
  mean: number;
  /** The L2 norm, √Σx². */
  norm: number;
  /** How many values are NaN, Infinity or −Infinity. */
  nonFinite: number;
}

/** One Value or Tensor of a graph() as plain data. */
export interface GraphNode {
  /** Its index in GraphData.nodes; a node's inputs have smaller ids. */
  id: number;
  /** 'value' for a micrograd Value, 'tensor' for a Tensor. */
  kind: 'value' | 'tensor';
  /** '' for a leaf, else the op that made it ('add', 'mul', 'tanh', 'matmul', ...). */
  op: string;
  /** The node's label ('' for none). */
  label: string;
  /** The number itself for a Value or a one-element tensor, else null (see summary). */
  data: number | null;
  /** The gradient of a Value, or of a one-element tensor that has one; else null (see gradSummary). */
  grad: number | null;
  /** Tensors only. */
  shape: number[] | null;
  /** Statistics of a tensor's values; null for a Value. */
  summary: Summary | null;
  /** Statistics of a tensor's gradient; null for a Value and for a tensor without one. */
  gradSummary: Summary | null;
  /** Made directly rather than by a recorded op (op is ''). */
  isLeaf: boolean;
  /** Whether gradients flow to it (always true for a Value). */
  requiresGrad: boolean;
  /** Where in the user's source the node was made, when run by GradLens. */
  loc: SourceLoc | null;
  /** Data or grad holds a NaN or an infinity. */
  nonFinite: boolean;
  /** pow's exponent when it is a constant; null for other ops (and a Value or Tensor exponent, an input). */
  exponent: number | null;
}

/** An edge from an input (`from`) to the node computed from it (`to`). */
export interface GraphEdge {
  /** The input's id. */
  from: number;
  /** The id of the node computed from it. */
  to: number;
}

/** A computation graph as plain data, as graph() returns it. */
export interface GraphData {
  /** Every node the root depends on, in forward order: inputs first, the root last. */
  nodes: GraphNode[];
  /** One edge per input of each node (an input used twice gives two). */
  edges: GraphEdge[];
  /** The id of the root (always the last node). */
  root: number;
}

type Node = Value | Tensor;

/** The nodes a node was computed from. */
export function inputsOf(node: Value | Tensor): ReadonlyArray<Value | Tensor> {
  return node instanceof Value ? node.children : node.inputs;
}

/** The computation graph behind a Value or Tensor as plain data: its nodes in forward order, ids as positions, and input → output edges (what the panel draws). */
export function graph(root: Value | Tensor): GraphData {
  const order = forwardOrder(root);
  const ids = new Map<Node, number>();
  order.forEach((node, i) => ids.set(node, i));
  const nodes = order.map((node, id) => describeNode(node, id));
  const edges: GraphEdge[] = [];
  for (const node of order) {
    for (const input of inputsOf(node)) edges.push({ from: ids.get(input)!, to: ids.get(node)! });
  }
  return { nodes, edges, root: nodes.length - 1 };
}

/** Every node `root` depends on, inputs first, root last (iterative: million-node chains are fine). */
export function forwardOrder(root: Value | Tensor): Array<Value | Tensor> {
  return postOrder<Value | Tensor>(root, inputsOf);
}

/** One node as plain data (what graph() lists). */
export function describeNode(node: Value | Tensor, id: number): GraphNode {
  if (node instanceof Value) {
    return {
      id, kind: 'value', op: node.op, label: node.label, data: node.data, grad: node.grad,
      shape: null, summary: null, gradSummary: null, isLeaf: node.op === '', requiresGrad: true,
      loc: node.loc, nonFinite: !Number.isFinite(node.data) || !Number.isFinite(node.grad),
      exponent: node.op === 'pow' && node.b === null ? node.k : null,
    };
  }
  const grad = gradOf(node)?.data ?? null;
  const summary = summarize(node.data);
  const gradSummary = grad && summarize(grad);
  const scalar = node.data.length === 1;
  return {
    id, kind: 'tensor', op: node.op, label: node.label,
    data: scalar ? node.data[0] : null,
    grad: scalar && grad ? grad[0] : null,
    shape: [...node.shape], summary, gradSummary, isLeaf: node.isLeaf, requiresGrad: node.requiresGrad,
    loc: node.loc, nonFinite: summary.nonFinite > 0 || (gradSummary?.nonFinite ?? 0) > 0,
    exponent: node.op === 'pow' && node.inputs.length === 1 ? node.ctx.k! : null,
  };
}

/** min, max, mean, L2 norm and the count of NaN or ±Infinity values of `data` (the panel's tensor statistics). */
export function summarize(data: Float64Array): Summary {
  let min = Infinity, max = -Infinity, sum = 0, squares = 0, nonFinite = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (!Number.isFinite(x)) nonFinite++;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    squares += x * x;
  }
  const n = data.length;
  return { min: n ? min : NaN, max: n ? max : NaN, mean: n ? sum / n : NaN, norm: Math.sqrt(squares), nonFinite };
}
