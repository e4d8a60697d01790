// The graph as the panel receives it. Small graphs come node by node; big ones come as groups
// (by statement, then by module path) with bundled edges, each expandable on request.

import type { GraphNode, SourceLoc } from '../engine';

/** A node as graph() describes it (engine/graph.ts), plus what the view adds. */
export interface ViewNode extends GraphNode {
  /** A parameter of a module (or a micrograd Neuron), labelled with its path. */
  isParameter: boolean;
  /** The group this node belongs to in the full graph (-1: top level). */
  group: number;
  /** Its inputs' ids in the op's order (a − b: a then b; x·x: x twice). Absent in results saved by older versions. */
  inputs?: number[];
}

export interface ViewGroup {
  id: number;
  /** e.g. "scores" or "layers.0.neurons.3". */
  label: string;
  /** The statement that created its nodes. */
  loc: SourceLoc | null;
  /** Nodes inside, at every depth. */
  count: number;
  /** Counts of ops inside, e.g. { mul: 64, add: 64, relu: 16 }. */
  ops: Record<string, number>;
  /** Sums over its nodes, to colour it without expanding. */
  maxAbsGrad: number;
  nonFinite: number;
  parent: number;
}

/** count edges (from → to), between nodes or groups, bundled. */
export interface ViewEdge {
  from: number;
  to: number;
  count: number;
  /** Whether each end is a group (true) or a node. */
  fromGroup: boolean;
  toGroup: boolean;
}

export interface GraphView {
  /**
   * Which graph of the run this is a view of. Views with the same number (a training loop's graph
   * built again at each step) have the same nodes, groups and edges — only data, grads and group
   * colours differ — so a view of one step lays out as the previous step's did.
   */
  structure: number;
  /** Nodes in the whole graph. */
  totalNodes: number;
  totalEdges: number;
  /** The group this view shows the inside of (-1: the whole graph). */
  scope: number;
  nodes: ViewNode[];
  groups: ViewGroup[];
  edges: ViewEdge[];
  /** The root node (the loss), always shown. */
  root: number;
  /** The first node, in forward order, whose data or grad is NaN or ±Inf. */
  firstNonFinite: { id: number; label: string; op: string; loc: SourceLoc | null } | null;
}
