// The graph the panel shows: the run's top-level view with the groups the user opened replaced by
// their inside (the host's groupView answers, in the order they arrived).
//
// A groupView lists the group's inside and the edges between its parts, but not which inner part
// each edge crossing the group's border attaches to. Until the protocol says so (see the report of
// issue 6), an opened group keeps two small "ports": the edges that entered the group now enter its
// in-port, which fans out (inferred, drawn dashed) to every inner part that still lacks inputs
// (fewer incoming edges than its op takes); the parts nothing inside consumes fan in to its
// out-port, which carries the edges that left the group. Ports keep the bundles' exact counts and
// turn "sources × entries" inferred edges into "sources + entries".

import type { GraphView, ViewGroup, ViewNode } from '../../src/protocol';

/** 'n12' (node 12), 'g3' (group 3), 'i3' / 'u3' (in- and out-port of opened group 3). */
export type EndKey = string;

export interface ShownEdge {
  from: EndKey;
  to: EndKey;
  /** How many edges of the full graph this one stands for (0: unknown, for inferred edges). */
  count: number;
  inferred: boolean;
}

export interface Port {
  key: EndKey;
  group: ViewGroup;
  dir: 'in' | 'out';
}

export interface ShownGraph {
  nodes: Map<number, ViewNode>;
  groups: Map<number, ViewGroup>;
  ports: Map<EndKey, Port>;
  edges: ShownEdge[];
  /** Groups opened, in order (their own views are in the expansions that made this graph). */
  expanded: number[];
  base: GraphView;
}

export interface Expansion {
  group: number;
  view: GraphView;
}

export const nodeKey = (id: number): EndKey => `n${id}`;
export const groupKey = (id: number): EndKey => `g${id}`;
export const inPortKey = (id: number): EndKey => `i${id}`;
export const outPortKey = (id: number): EndKey => `u${id}`;

/**
 * The fewest inputs an op has in the graph (tensor `linear` has 2 or 3, `pow` 1 or 2, `cat` any:
 * counted as the fewest). Unknown ops: 1.
 */
const ARITY: Record<string, number> = {
  '': 0, add: 2, sub: 2, mul: 2, div: 2, matmul: 2, linear: 2, where: 2,
  neg: 1, relu: 1, tanh: 1, sigmoid: 1, exp: 1, log: 1, pow: 1,
  sum: 1, mean: 1, reshape: 1, transpose: 1, crossEntropy: 1,
};

export function arity(op: string): number {
  return ARITY[op] ?? 1;
}

export function shownGraph(base: GraphView, expansions: readonly Expansion[] = []): ShownGraph {
  const shown: ShownGraph = {
    nodes: new Map(base.nodes.map((n) => [n.id, n])),
    groups: new Map(base.groups.map((g) => [g.id, g])),
    ports: new Map(),
    edges: base.edges.map((e) => ({
      from: e.fromGroup ? groupKey(e.from) : nodeKey(e.from),
      to: e.toGroup ? groupKey(e.to) : nodeKey(e.to),
      count: e.count,
      inferred: false,
    })),
    expanded: [],
    base,
  };
  for (const expansion of expansions) expand(shown, expansion);
  return shown;
}

/** Replaces a shown group by its inside; a group not (or no longer) shown is left alone. */
export function expand(shown: ShownGraph, { group, view }: Expansion): boolean {
  if (!shown.groups.has(group) || view.nodes.length + view.groups.length === 0) return false;
  const key = groupKey(group);
  const groupInfo = shown.groups.get(group)!;
  shown.groups.delete(group);
  shown.expanded.push(group);
  for (const n of view.nodes) shown.nodes.set(n.id, n);
  for (const g of view.groups) shown.groups.set(g.id, g);

  const inside: ShownEdge[] = view.edges.map((e) => ({
    from: e.fromGroup ? groupKey(e.from) : nodeKey(e.from),
    to: e.toGroup ? groupKey(e.to) : nodeKey(e.to),
    count: e.count,
    inferred: false,
  }));
  const parts = [...view.nodes.map((n) => nodeKey(n.id)), ...view.groups.map((g) => groupKey(g.id))];
  const incoming = new Map<EndKey, number>();
  const outgoing = new Map<EndKey, number>();
  for (const e of inside) {
    incoming.set(e.to, (incoming.get(e.to) ?? 0) + e.count);
    outgoing.set(e.from, (outgoing.get(e.from) ?? 0) + e.count);
  }
  const edges: ShownEdge[] = [];
  let into = false;
  let outOf = false;
  for (const e of shown.edges) {
    if (e.to === key) {
      into = true;
      edges.push({ ...e, to: inPortKey(group) });
    } else if (e.from === key) {
      outOf = true;
      edges.push({ ...e, from: outPortKey(group) });
    } else edges.push(e);
  }
  if (into) {
    shown.ports.set(inPortKey(group), { key: inPortKey(group), group: groupInfo, dir: 'in' });
    const entries = pick(parts, (p) => lacksInputs(shown, p, incoming.get(p) ?? 0), (p) => !incoming.has(p) && !isLeaf(shown, p));
    for (const p of entries) edges.push({ from: inPortKey(group), to: p, count: 0, inferred: true });
  }
  if (outOf) {
    shown.ports.set(outPortKey(group), { key: outPortKey(group), group: groupInfo, dir: 'out' });
    for (const p of pick(parts, (p) => !outgoing.has(p), () => true)) edges.push({ from: p, to: outPortKey(group), count: 0, inferred: true });
  }
  shown.edges = dedupe([...edges, ...inside]);
  return true;
}

/** The parts that satisfy `first`, else those that satisfy `fallback`, else all of them. */
function pick(parts: EndKey[], first: (p: EndKey) => boolean, fallback: (p: EndKey) => boolean): EndKey[] {
  const chosen = parts.filter(first);
  if (chosen.length > 0) return chosen;
  const second = parts.filter(fallback);
  return second.length > 0 ? second : parts;
}

function lacksInputs(shown: ShownGraph, part: EndKey, inputs: number): boolean {
  if (part.startsWith('g')) {
    const group = shown.groups.get(Number(part.slice(1)))!;
    return Object.entries(group.ops).some(([op]) => op !== 'leaf' && arity(op) > 0);
  }
  const node = shown.nodes.get(Number(part.slice(1)))!;
  return inputs < arity(node.op);
}

function isLeaf(shown: ShownGraph, part: EndKey): boolean {
  return part.startsWith('n') && shown.nodes.get(Number(part.slice(1)))!.op === '';
}

/** One edge per pair of ends: counts add up, an exact edge wins over an inferred one. */
function dedupe(edges: ShownEdge[]): ShownEdge[] {
  const byEnds = new Map<string, ShownEdge>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    const k = `${e.from}>${e.to}`;
    const seen = byEnds.get(k);
    if (!seen) byEnds.set(k, { ...e });
    else {
      seen.count += e.count;
      seen.inferred = seen.inferred && e.inferred;
    }
  }
  return [...byEnds.values()];
}

/** Shown groups and how many nodes they hold, for the banner. */
export function collapsedSummary(shown: ShownGraph): { groups: number; nodes: number } {
  let nodes = 0;
  for (const g of shown.groups.values()) nodes += g.count;
  return { groups: shown.groups.size, nodes };
}

/** `#120–183` in a group's label: the node ids it holds (groups made of consecutive nodes). */
export function groupSpan(group: ViewGroup): { first: number; last: number } | null {
  const match = /#(\d+)–(\d+)$/.exec(group.label);
  return match ? { first: Number(match[1]), last: Number(match[2]) } : null;
}

/**
 * The shown group most likely to hold node `id` made at `loc`: top-level groups are statements,
 * and the groups inside them are runs of consecutive nodes labelled with their span.
 */
export function groupHolding(shown: ShownGraph, id: number, loc: ViewNode['loc'] | null): ViewGroup | null {
  const groups = [...shown.groups.values()];
  const holds = (g: ViewGroup): boolean => {
    const span = groupSpan(g);
    return span !== null && span.first <= id && id <= span.last;
  };
  // The group's statement contains the start of `loc` (a node's statement, or a binding's name).
  const sameSite = (g: ViewGroup): boolean => {
    if (loc === null || g.loc === null || (g.loc.file ?? '') !== (loc.file ?? '')) return false;
    const after = loc.line > g.loc.line || (loc.line === g.loc.line && loc.col >= g.loc.col);
    const before = loc.line < g.loc.endLine || (loc.line === g.loc.endLine && loc.col < g.loc.endCol);
    return after && before;
  };
  return groups.find((g) => sameSite(g) && holds(g)) ?? groups.find((g) => sameSite(g) && groupSpan(g) === null) ?? groups.find(holds) ?? null;
}
