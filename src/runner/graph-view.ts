// The graph of a run's root as the panel receives it (protocol/graph.ts). Up to `budget` nodes
// it is sent node by node. Above that, nodes are grouped by the statement that created them
// (`const scores = ...`, `const model = ...`), and a group still too big is split into runs of
// consecutive nodes — in forward order these follow the program's repeated structure (one sample,
// one neuron). Edges between groups are bundled with counts. Any group can be opened later with
// view(groupId): the worker keeps this object alive until the next run.

import { Tensor, describeNode, forwardOrder, inputsOf, type SourceLoc, type Value } from '../engine';
import type { GraphView, ViewEdge, ViewGroup, ViewNode } from '../protocol';
import type { Runtime } from './runtime';

type Node = Value | Tensor;

interface Group {
  info: ViewGroup;
  members: number[];
}

/** Above this many parts a view is split into runs of consecutive nodes instead. */
const MAX_PARTS = 100;

export class GraphExport {
  readonly order: Node[];
  private readonly ids = new Map<Node, number>();
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly groups: Group[] = [];
  private readonly groupOf: Int32Array;
  readonly firstNonFinite: number;

  constructor(root: Node, private readonly runtime: Runtime, private readonly budget: number) {
    this.order = forwardOrder(root);
    this.order.forEach((node, i) => this.ids.set(node, i));
    const from: number[] = [];
    const to: number[] = [];
    this.order.forEach((node, i) => {
      for (const input of inputsOf(node)) {
        from.push(this.ids.get(input)!);
        to.push(i);
      }
    });
    this.from = Int32Array.from(from);
    this.to = Int32Array.from(to);
    this.groupOf = new Int32Array(this.order.length).fill(-1);
    // Where it started: the first value computed as NaN/Inf; only if every value is finite, the
    // last node (nearest the loss) whose gradient is not — gradients flow backwards.
    const firstData = this.order.findIndex(hasNonFiniteData);
    this.firstNonFinite = firstData >= 0 ? firstData : this.order.findLastIndex(isNonFinite);
  }

  get rootId(): number {
    return this.order.length - 1;
  }

  nodeIdOf(value: unknown): number | null {
    return this.ids.get(value as Node) ?? null;
  }

  /** The whole graph (scope -1) or the inside of one group. */
  view(scope = -1): GraphView {
    const members = scope === -1 ? this.order.map((_, i) => i).slice(0, -1) : this.groups[scope]?.members ?? [];
    const parts = members.length <= this.budget ? members.map((id) => [id]) : this.partition(members, scope);
    const nodes: ViewNode[] = [];
    const groups: ViewGroup[] = [];
    const rep = new Map<number, number>(); // node id -> shown id (node id, or -(group id) - 1)
    for (const part of parts) {
      if (part.length === 1) {
        nodes.push(this.describe(part[0]));
        rep.set(part[0], part[0]);
      } else {
        const group = this.makeGroup(part, scope);
        groups.push(group.info);
        for (const id of part) rep.set(id, -group.info.id - 1);
      }
    }
    if (scope === -1) {
      nodes.push(this.describe(this.rootId));
      rep.set(this.rootId, this.rootId);
    }
    const first = this.firstNonFinite;
    return {
      totalNodes: this.order.length,
      totalEdges: this.from.length,
      scope,
      nodes,
      groups,
      edges: this.bundleEdges(rep),
      root: this.rootId,
      firstNonFinite: first < 0 ? null : { id: first, label: this.order[first].label, op: this.order[first].op, loc: this.order[first].loc },
    };
  }

  private describe(id: number): ViewNode {
    const node = this.order[id];
    return { ...describeNode(node, id), isParameter: this.runtime.parameters.has(node), group: this.groupOf[id] };
  }

  /** Splits members by creating statement at the top level, else into consecutive runs. */
  private partition(members: number[], scope: number): number[][] {
    if (scope === -1) {
      const bySite = new Map<SourceLoc | null, number[]>();
      for (const id of members) {
        const loc = this.order[id].loc;
        if (!bySite.has(loc)) bySite.set(loc, []);
        bySite.get(loc)!.push(id);
      }
      if (bySite.size > 1 && bySite.size <= MAX_PARTS) return [...bySite.values()];
    }
    const size = Math.max(2, Math.ceil(members.length / MAX_PARTS));
    const parts: number[][] = [];
    for (let i = 0; i < members.length; i += size) parts.push(members.slice(i, i + size));
    return parts;
  }

  private makeGroup(members: number[], parent: number): Group {
    const ops: Record<string, number> = {};
    let maxAbsGrad = 0;
    let nonFinite = 0;
    const id = this.groups.length;
    for (const m of members) {
      const node = this.order[m];
      const op = node.op || 'leaf';
      ops[op] = (ops[op] ?? 0) + 1;
      maxAbsGrad = Math.max(maxAbsGrad, maxAbsGradOf(node));
      if (isNonFinite(node)) nonFinite++;
      this.groupOf[m] = id;
    }
    const loc = this.order[members[0]].loc;
    const group: Group = {
      members,
      info: { id, label: this.groupLabel(members, parent), loc, count: members.length, ops, maxAbsGrad, nonFinite, parent },
    };
    this.groups.push(group);
    return group;
  }

  private groupLabel(members: number[], parent: number): string {
    const loc = this.order[members[0]].loc;
    if (parent === -1 && loc) {
      // Name a statement's group after the variable it declares, else after its text: the sites
      // inside the statement's own range (two statements may share a line).
      const inside = this.runtime.sites.filter((s) => s.file === loc.file && !before(s.line, s.col, loc.line, loc.col) && !before(loc.endLine, loc.endCol, s.endLine, s.endCol));
      const name = inside.find((s) => s.kind === 'binding') ?? inside.find((s) => s.kind === 'statement');
      if (name) return name.text.length > 48 ? `${name.text.slice(0, 47)}…` : name.text;
    }
    const labelled = members.map((m) => this.order[m].label).filter((l) => l !== '');
    const span = `#${members[0]}–${members[members.length - 1]}`;
    return labelled.length > 0 ? `${labelled[labelled.length - 1]} ${span}` : span;
  }

  /** Edges between what is shown, one per pair of shown ends, with how many they stand for. */
  private bundleEdges(rep: Map<number, number>): ViewEdge[] {
    const bundles = new Map<string, ViewEdge>();
    for (let e = 0; e < this.from.length; e++) {
      const a = rep.get(this.from[e]);
      const b = rep.get(this.to[e]);
      if (a === undefined || b === undefined || a === b) continue;
      const key = `${a}>${b}`;
      const bundle = bundles.get(key);
      if (bundle) bundle.count++;
      else bundles.set(key, { from: a < 0 ? -a - 1 : a, to: b < 0 ? -b - 1 : b, count: 1, fromGroup: a < 0, toGroup: b < 0 });
    }
    return [...bundles.values()];
  }
}

/** Whether position (l1, c1) comes before (l2, c2). */
function before(l1: number, c1: number, l2: number, c2: number): boolean {
  return l1 < l2 || (l1 === l2 && c1 < c2);
}

function hasNonFiniteData(node: Node): boolean {
  return node instanceof Tensor ? node.data.some((x) => !Number.isFinite(x)) : !Number.isFinite(node.data);
}

function isNonFinite(node: Node): boolean {
  if (node instanceof Tensor) {
    return node.data.some((x) => !Number.isFinite(x)) || (node.grad?.data.some((x) => !Number.isFinite(x)) ?? false);
  }
  return !Number.isFinite(node.data) || !Number.isFinite(node.grad);
}

function maxAbsGradOf(node: Node): number {
  if (!(node instanceof Tensor)) return Math.abs(node.grad);
  let max = 0;
  for (const g of node.grad?.data ?? []) max = Math.max(max, Math.abs(g));
  return max;
}
