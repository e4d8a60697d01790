// The graph as the panel receives it. Small graphs come node by node; big ones come as groups
// (by statement, then by module path) with bundled edges, each expandable on request.

import type { SourceLoc, Summary } from '../engine';

export interface ViewNode {
  /** Node id in the run's graph (forward order), or a group id (see GraphView.groups). */
  id: number;
  kind: 'value' | 'tensor';
  op: string;
  label: string;
  data: number | null;
  grad: number | null;
  shape: number[] | null;
  summary: Summary | null;
  gradSummary: Summary | null;
  isLeaf: boolean;
  /** A parameter of a module (or a micrograd Neuron), labelled with its path. */
  isParameter: boolean;
  loc: SourceLoc | null;
  nonFinite: boolean;
  /** The group this node belongs to in the full graph (-1: top level). */
  group: number;
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
