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

/** count edges (from → to), between nodes or groups of one view, bundled. */
export interface ViewEdge {
  from: number;
  to: number;
  count: number;
  /** Whether each end is a group (true) or a node. */
  fromGroup: boolean;
  toGroup: boolean;
}

/**
 * Where a node lies among the groups, as far as the worker had made them when it answered (a
 * group's inside is made when it is first opened).
 */
export interface Place {
  /** The groups holding it, outermost first ([]: the top level). */
  groups: number[];
  /**
   * The node, when it is itself a part of the innermost group's inside (or of the top level); null
   * when a group inside the innermost one holds it, one not made yet — or when `coarse`.
   */
  node: number | null;
  /**
   * The node's top-level group only, named for a dense pair of top-level groups (more edges
   * between them than runner/graph-view.ts's BORDER_DETAIL): both groups' views give the other by
   * group. Once that group is open, the edge ends at its port, drawn by the border it goes into.
   */
  coarse?: boolean;
}

/** count edges between a part of a group's inside and a place outside the group, bundled. */
export interface BorderEdge {
  /** The end inside: a node of this view, or one of its groups. */
  inside: number;
  insideGroup: boolean;
  outside: Place;
  /** true: outside → inside (an input of the group); false: inside → outside. */
  into: boolean;
  count: number;
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
  /**
   * A group's inside (scope ≥ 0): every edge that crosses its border. Absent at scope -1 and in
   * results saved by older versions.
   */
  border?: BorderEdge[];
  /**
   * A group's inside: the nodes outside it that its nodes take as inputs, with their numbers (a
   * local derivative needs every input's data). Absent at scope -1 and in older results.
   */
  outsideInputs?: ViewNode[];
  /** The groups holding nodes the panel looks for (bound variables', the first NaN/Inf) inside this view's groups, outermost first. */
  holders?: Array<{ node: number; groups: number[] }>;
  /** The first node, in forward order, whose data or grad is NaN or ±Inf. */
  firstNonFinite: { id: number; label: string; op: string; loc: SourceLoc | null } | null;
}
