// The graph of a run's root as the panel receives it (protocol/graph.ts). Up to `budget` nodes
// it is sent node by node. Above that, nodes are grouped by the statement that created them
// (`const scores = ...`, `const model = ...`), and a group still too big is split into runs of
// consecutive nodes — in forward order these follow the program's repeated structure (one sample,
// one neuron). Edges between groups are bundled with counts. Any group can be opened later with
// view(groupId): the worker keeps this object alive until the next run.
// A training loop builds the same graph again at every step: rebind() takes the new step's nodes
// into the same ids, groups and bundled edges, so a live view costs a walk and the numbers, not
// a new grouping — and the panel keeps its layout (the views' `structure` says they are the same).
// A group's view also says exactly how its inside joins the rest (`border`: which part inside, which
// place outside), so the panel wires an opened group without guessing.

import { Tensor, Value, describeNode, forwardOrder, type SourceLoc } from '../engine';
import type { BorderEdge, GraphView, Place, ViewEdge, ViewGroup, ViewNode } from '../protocol';
import type { Runtime } from './runtime';

type Node = Value | Tensor;

interface Group {
  info: ViewGroup;
  members: number[];
}

/** A part's id in a scope: a node's id, or -(group id) - 1. */
type PartId = number;

/** A scope's parts and bundled edges: what stays while only the numbers change. */
interface ScopeLayout {
  /** Each part: one node id, or the group standing for several. */
  parts: Array<{ node: number } | { group: Group }>;
  edges: ViewEdge[];
  /** A group's inside: the edges across its border, by part inside and node outside. */
  crossing: Array<{ inside: PartId; outside: number; into: boolean; count: number }>;
  /** A group's inside: the nodes outside it that its node parts take as inputs. */
  outsideInputs: number[];
  /** `crossing` by place outside, as of `borderAt` groups made (places deepen as groups are opened). */
  border: BorderEdge[] | null;
  borderAt: number;
}

/** A node not in the scope being laid out (no part id is this low). */
const ABSENT = -0x80000000;
/** Above this many parts a view is split into runs of consecutive nodes instead. */
const MAX_PARTS = 100;
/**
 * Two top-level groups joined by more edges than this are dense: their views give each other by
 * group, not node by node. Dense wiring (every sample's neurons reading every parameter) would make
 * a bundle per pair of parts: 33,800 and 3 MB for the moons' scores beside its opened model,
 * against 200 by group. Being a property of the graph, both sides agree on it.
 */
export const BORDER_DETAIL = 2000;

export class GraphExport {
  private nodes: Node[];
  private idsOf: Map<Node, number> | null = null;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  /** Node i's inputs are from[edgeStart[i]] … from[edgeStart[i + 1] − 1], in the op's order (edges are made node by node). */
  private readonly edgeStart: Int32Array;
  private readonly groups: Group[] = [];
  private readonly groupOf: Int32Array;
  private readonly layouts = new Map<number, ScopeLayout>();
  /** Edges between each pair of top-level groups ("a,b", a < b), counted once the top level is grouped. */
  private between: Map<string, number> | null = null;
  private nonFiniteAt = -1;
  /** What matches() compares, kept apart from the nodes (which release() lets go of). */
  private readonly signature: { ops: string[]; locs: Array<SourceLoc | null>; labels: string[]; shapes: string[] };

  /**
   * `order`: forwardOrder(root), when the caller has it already. `structure`: the number its views
   * carry; an export of the same graph built again (a new step) carries the same one.
   */
  constructor(
    root: Node,
    private readonly runtime: Runtime,
    private readonly budget: number,
    readonly structure = 0,
    order = forwardOrder(root),
    private readonly borderDetail = BORDER_DETAIL,
  ) {
    this.nodes = order;
    const ids = this.ids;
    // Node i's inputs are edges edgeStart[i] … edgeStart[i + 1] − 1 (a Value's without allocating its children list).
    this.edgeStart = new Int32Array(order.length + 1);
    for (let i = 0; i < order.length; i++) this.edgeStart[i + 1] = this.edgeStart[i] + inputCount(order[i]);
    this.from = new Int32Array(this.edgeStart[order.length]);
    this.to = new Int32Array(this.from.length);
    let e = 0;
    const edge = (input: Node, to: number): void => {
      this.from[e] = ids.get(input)!;
      this.to[e++] = to;
    };
    for (let i = 0; i < order.length; i++) {
      const node = order[i];
      if (node instanceof Value) {
        if (node.a !== null) edge(node.a, i);
        if (node.b !== null) edge(node.b, i);
      } else {
        for (const input of node.inputs) edge(input, i);
      }
    }
    this.groupOf = new Int32Array(this.nodes.length).fill(-1);
    this.signature = { ops: order.map((n) => n.op), locs: order.map((n) => n.loc), labels: order.map((n) => n.label), shapes: order.map(shapeKey) };
    this.findNonFinite();
  }

  /** The nodes in forward order (ids are positions). */
  get order(): readonly Node[] {
    return this.nodes;
  }

  /** The first NaN/Inf node (-1: none). */
  get firstNonFinite(): number {
    return this.nonFiniteAt;
  }

  /**
   * Whether `order` is this graph built again: the same ops, from the same statements, with the
   * same labels and shapes, node by node, wired the same way (each input at the same position).
   */
  matches(order: readonly Node[]): boolean {
    const known = this.signature;
    if (order.length !== known.ops.length) return false;
    for (let i = 0; i < order.length; i++) {
      const node = order[i];
      if (node.op !== known.ops[i] || node.loc !== known.locs[i] || node.label !== known.labels[i] || shapeKey(node) !== known.shapes[i]) return false;
    }
    // Wiring: each input is the node at the position this graph's edge says (no map of positions:
    // this runs at every live view of a 65k-node graph).
    let e = 0;
    for (const node of order) {
      if (node instanceof Value) {
        // A Value's fields, not its children array (which would be one allocation per node).
        if (node.a !== null && order[this.from[e++]] !== node.a) return false;
        if (node.b !== null && order[this.from[e++]] !== node.b) return false;
      } else {
        for (const input of node.inputs) if (order[this.from[e++]] !== input) return false;
      }
    }
    return true;
  }

  /** Takes the nodes of the graph built again (matches(order)): ids, groups and edges stay; numbers are the new ones. */
  rebind(order: Node[]): void {
    this.nodes = order;
    this.idsOf = null;
    this.findNonFinite();
  }

  /**
   * Lets go of the nodes (a live view is sent; the next step's graph will be rebound): a training
   * loop's graph must die young, not survive in an export until the next view.
   */
  release(): void {
    this.nodes = [];
    this.idsOf = null;
  }

  private get ids(): Map<Node, number> {
    if (!this.idsOf) {
      this.idsOf = new Map();
      this.nodes.forEach((node, i) => this.idsOf!.set(node, i));
    }
    return this.idsOf;
  }

  private findNonFinite(): void {
    // Where it started: the first value computed as NaN/Inf; only if every value is finite, the
    // last node (nearest the loss) whose gradient is not — gradients flow backwards.
    const nodes = this.nodes;
    let lastGrad = -1;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (node instanceof Value) {
        // Most nodes of a big graph are Values: checked inline (a view is taken while training).
        if (!Number.isFinite(node.data)) return void (this.nonFiniteAt = i);
        if (!Number.isFinite(node.grad)) lastGrad = i;
      } else if (hasNonFiniteData(node)) return void (this.nonFiniteAt = i);
      else if (isNonFinite(node)) lastGrad = i;
    }
    this.nonFiniteAt = lastGrad;
  }

  get rootId(): number {
    return this.nodes.length - 1;
  }

  nodeIdOf(value: unknown): number | null {
    return this.ids.get(value as Node) ?? null;
  }

  /** The whole graph (scope -1) or the inside of one group, with the numbers the nodes hold now. */
  view(scope = -1): GraphView {
    const layout = this.layout(scope);
    const nodes: ViewNode[] = [];
    const groups: ViewGroup[] = [];
    for (const part of layout.parts) {
      if ('node' in part) nodes.push(this.describe(part.node));
      else groups.push({ ...part.group.info, ...this.groupStats(part.group.members) });
    }
    if (scope === -1) nodes.push(this.describe(this.rootId));
    const first = this.nonFiniteAt;
    const at = this.nodes[first];
    const inside = scope === -1 ? {} : { border: this.border(scope, layout), outsideInputs: layout.outsideInputs.map((id) => this.describe(id)) };
    return {
      structure: this.structure,
      totalNodes: this.nodes.length,
      totalEdges: this.from.length,
      scope,
      nodes,
      groups,
      edges: layout.edges,
      ...inside,
      holders: this.holders(scope),
      root: this.rootId,
      firstNonFinite: first < 0 ? null : { id: first, label: at.label, op: at.op, loc: at.loc },
    };
  }

  /** Where node `id` lies now: its groups, and itself if it is a part of the innermost one's inside. */
  private place(id: number): Place {
    const groups: number[] = [];
    for (let g = this.groupOf[id]; g !== -1; g = this.groups[g].info.parent) groups.unshift(g);
    const innermost = this.groupOf[id];
    return { groups, node: innermost === -1 || this.layouts.has(innermost) ? id : null };
  }

  private border(scope: number, layout: ScopeLayout): BorderEdge[] {
    if (layout.border && layout.borderAt === this.layouts.size) return layout.border;
    const top = this.topGroup(scope);
    const bundles = new Map<string, BorderEdge>();
    for (const { inside, outside: node, into, count } of layout.crossing) {
      const other = this.topGroup(this.groupOf[node]);
      const outside: Place = other !== -1 && this.dense(top, other) ? { groups: [other], node: null, coarse: true } : this.place(node);
      const key = `${inside}|${outside.groups.join(',')}|${outside.node}|${into}`;
      const bundle = bundles.get(key);
      if (bundle) bundle.count += count;
      else bundles.set(key, { inside: inside < 0 ? -inside - 1 : inside, insideGroup: inside < 0, outside, into, count });
    }
    layout.border = [...bundles.values()];
    layout.borderAt = this.layouts.size;
    return layout.border;
  }

  /** The top-level group holding group `g` (-1 for -1: the top level itself). */
  private topGroup(g: number): number {
    while (g !== -1 && this.groups[g].info.parent !== -1) g = this.groups[g].info.parent;
    return g;
  }

  private dense(a: number, b: number): boolean {
    if (a === b) return false;
    if (!this.between) {
      this.between = new Map();
      for (let e = 0; e < this.to.length; e++) {
        const x = this.topGroup(this.groupOf[this.from[e]]);
        const y = this.topGroup(this.groupOf[this.to[e]]);
        if (x === -1 || y === -1 || x === y) continue;
        const key = x < y ? `${x},${y}` : `${y},${x}`;
        this.between.set(key, (this.between.get(key) ?? 0) + 1);
      }
    }
    return (this.between.get(a < b ? `${a},${b}` : `${b},${a}`) ?? 0) > this.borderDetail;
  }

  /** The groups holding the bound variables' nodes and the first NaN/Inf node, when a group of this view holds them. */
  private holders(scope: number): Array<{ node: number; groups: number[] }> {
    const wanted = new Set<unknown>();
    for (const { value } of this.runtime.bindings.values()) if (value instanceof Value || value instanceof Tensor) wanted.add(value);
    if (this.nonFiniteAt >= 0) wanted.add(this.nodes[this.nonFiniteAt]);
    const holders: Array<{ node: number; groups: number[] }> = [];
    const check = (id: number): void => {
      if (this.groupOf[id] !== scope && wanted.has(this.nodes[id])) holders.push({ node: id, groups: this.place(id).groups });
    };
    if (scope === -1) for (let id = 0; id < this.nodes.length; id++) check(id);
    else for (const id of this.groups[scope].members) check(id);
    return holders;
  }

  /** Whether `scope` is the whole graph or one of its groups. */
  hasScope(scope: number): boolean {
    return scope === -1 || (scope >= 0 && scope < this.groups.length);
  }

  /** A scope's parts and edges, grouped once (its groups keep their ids from then on). */
  private layout(scope: number): ScopeLayout {
    const known = this.layouts.get(scope);
    if (known) return known;
    const members = scope === -1 ? this.nodes.map((_, i) => i).slice(0, -1) : this.groups[scope]?.members ?? [];
    const split = members.length <= this.budget ? members.map((id) => [id]) : this.partition(members, scope);
    const parts: ScopeLayout['parts'] = [];
    const rep = new Int32Array(this.nodes.length).fill(ABSENT); // node id -> shown id (node id, or -(group id) - 1)
    for (const part of split) {
      if (part.length === 1) {
        parts.push({ node: part[0] });
        rep[part[0]] = part[0];
      } else {
        const group = this.makeGroup(part, scope);
        parts.push({ group });
        for (const id of part) rep[id] = -group.info.id - 1;
      }
    }
    if (scope === -1) rep[this.rootId] = this.rootId;
    const outsideInputs = new Set<number>();
    for (const part of parts) {
      if (!('node' in part)) continue;
      for (let e = this.edgeStart[part.node]; e < this.edgeStart[part.node + 1]; e++) if (rep[this.from[e]] === ABSENT) outsideInputs.add(this.from[e]);
    }
    const layout: ScopeLayout = { parts, ...this.bundleEdges(rep), outsideInputs: [...outsideInputs], border: null, borderAt: 0 };
    this.layouts.set(scope, layout);
    return layout;
  }

  private describe(id: number): ViewNode {
    const node = this.nodes[id];
    const inputs = Array.from(this.from.subarray(this.edgeStart[id], this.edgeStart[id + 1]));
    return { ...describeNode(node, id), isParameter: this.runtime.parameters.has(node), group: this.groupOf[id], inputs };
  }

  /** Splits members by creating statement at the top level, else into consecutive runs. */
  private partition(members: number[], scope: number): number[][] {
    if (scope === -1) {
      const bySite = new Map<SourceLoc | null, number[]>();
      for (const id of members) {
        const loc = this.nodes[id].loc;
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
    const id = this.groups.length;
    for (const m of members) {
      const op = this.nodes[m].op || 'leaf';
      ops[op] = (ops[op] ?? 0) + 1;
      this.groupOf[m] = id;
    }
    const loc = this.nodes[members[0]].loc;
    const group: Group = {
      members,
      info: { id, label: this.groupLabel(members, parent), loc, count: members.length, ops, parent, ...this.groupStats(members) },
    };
    this.groups.push(group);
    return group;
  }

  /** What colours a group without opening it: its largest |grad| and its NaN/Inf nodes, now. */
  private groupStats(members: number[]): Pick<ViewGroup, 'maxAbsGrad' | 'nonFinite'> {
    let maxAbsGrad = 0;
    let nonFinite = 0;
    for (const m of members) {
      const node = this.nodes[m];
      if (node instanceof Value) {
        const grad = Math.abs(node.grad);
        if (grad > maxAbsGrad) maxAbsGrad = grad;
        if (!Number.isFinite(node.data) || !Number.isFinite(grad)) nonFinite++;
      } else {
        maxAbsGrad = Math.max(maxAbsGrad, maxAbsGradOf(node));
        if (isNonFinite(node)) nonFinite++;
      }
    }
    return { maxAbsGrad, nonFinite };
  }

  private groupLabel(members: number[], parent: number): string {
    const loc = this.nodes[members[0]].loc;
    if (parent === -1 && loc) {
      // Name a statement's group after the variable it declares, else after its text: the sites
      // inside the statement's own range (two statements may share a line).
      const inside = this.runtime.sites.filter((s) => s.file === loc.file && !before(s.line, s.col, loc.line, loc.col) && !before(loc.endLine, loc.endCol, s.endLine, s.endCol));
      const name = inside.find((s) => s.kind === 'binding') ?? inside.find((s) => s.kind === 'statement');
      if (name) return name.text.length > 48 ? `${name.text.slice(0, 47)}…` : name.text;
    }
    const labelled = members.map((m) => this.nodes[m].label).filter((l) => l !== '');
    const span = `#${members[0]}–${members[members.length - 1]}`;
    return labelled.length > 0 ? `${labelled[labelled.length - 1]} ${span}` : span;
  }

  /**
   * Edges between what is shown, one per pair of shown ends, with how many they stand for; and
   * those with one end outside the scope (`rep` holds the scope's nodes), by part and outside node.
   */
  private bundleEdges(rep: Int32Array): Pick<ScopeLayout, 'edges' | 'crossing'> {
    const bundles = new Map<string, ViewEdge>();
    const crossing = new Map<string, ScopeLayout['crossing'][number]>();
    for (let e = 0; e < this.from.length; e++) {
      const a = rep[this.from[e]];
      const b = rep[this.to[e]];
      if (a === ABSENT && b === ABSENT) continue;
      if (a === ABSENT || b === ABSENT) {
        const [inside, outside, into] = a === ABSENT ? [b, this.from[e], true] : [a, this.to[e], false];
        const key = `${inside}|${outside}|${into}`;
        const known = crossing.get(key);
        if (known) known.count++;
        else crossing.set(key, { inside, outside, into, count: 1 });
        continue;
      }
      if (a === b) continue;
      const key = `${a}>${b}`;
      const bundle = bundles.get(key);
      if (bundle) bundle.count++;
      else bundles.set(key, { from: a < 0 ? -a - 1 : a, to: b < 0 ? -b - 1 : b, count: 1, fromGroup: a < 0, toGroup: b < 0 });
    }
    return { edges: [...bundles.values()], crossing: [...crossing.values()] };
  }
}

/** Whether position (l1, c1) comes before (l2, c2). */
function before(l1: number, c1: number, l2: number, c2: number): boolean {
  return l1 < l2 || (l1 === l2 && c1 < c2);
}

/** A tensor's shape and number of inputs, a Value's number of inputs, as one comparable string. */
function inputCount(node: Node): number {
  return node instanceof Value ? (node.a === null ? 0 : node.b === null ? 1 : 2) : node.inputs.length;
}

function shapeKey(node: Node): string {
  if (node instanceof Value) return node.a === null ? 'v0' : node.b === null ? 'v1' : 'v2';
  return `t${node.inputs.length}:${node.shape.join(',')}`;
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
