// The graph the panel shows: the run's top-level view with the groups the user opened replaced by
// their inside (the host's groupView answers, in the order they arrived).
//
// Every edge comes from the worker. A view's own edges join its parts; a group's view also lists
// its border: which part inside, and which place outside (the groups holding the outside end, as
// far as the worker had made them). An edge between two opened groups is in both their borders;
// it is drawn once, from the side that had seen inside the other when it answered — or, between
// a dense pair of groups that give each other only by group (Place.coarse), from the other's port
// by the side it goes into. Each opened group keeps two ports ("▸ name", "name ▸") as handles,
// linked to the parts where its inputs enter and its results leave. A view from an older GradLens
// has no border: the edges that reached such a group end at its ports.

import type { BorderEdge, GraphView, ViewGroup, ViewNode } from '../../src/protocol';

/** 'n12' (node 12), 'g3' (group 3), 'i3' / 'u3' (in- and out-port of opened group 3). */
export type EndKey = string;

export interface ShownEdge {
  from: EndKey;
  to: EndKey;
  /** How many edges of the full graph this one stands for (0 for a port's link). */
  count: number;
  /**
   * A link from an opened group's port to a part inside where its inputs enter (or from a part
   * whose result leaves, to the port), drawn dashed: not an edge of the graph.
   */
  portLink: boolean;
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
  /** The groups opened, in order, with their views. */
  opened: Expansion[];
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

/** The items an opened group became: its parts and its two ports (to bring them into view). */
export function insideKeys({ group, view }: Expansion): EndKey[] {
  return [...view.nodes.map((n) => nodeKey(n.id)), ...view.groups.map((g) => groupKey(g.id)), inPortKey(group), outPortKey(group)];
}

export function shownGraph(base: GraphView, expansions: readonly Expansion[] = []): ShownGraph {
  const shown: ShownGraph = {
    nodes: new Map(base.nodes.map((n) => [n.id, n])),
    groups: new Map(base.groups.map((g) => [g.id, g])),
    ports: new Map(),
    edges: [],
    opened: [],
    base,
  };
  const info = new Map<number, ViewGroup>();
  // A group not (or no longer) shown is left alone, as is an empty answer (the run has ended).
  for (const expansion of expansions) {
    const { group, view } = expansion;
    const opened = shown.groups.get(group);
    if (!opened || view.nodes.length + view.groups.length === 0) continue;
    info.set(group, opened);
    shown.groups.delete(group);
    shown.opened.push(expansion);
    for (const n of view.nodes) shown.nodes.set(n.id, n);
    for (const g of view.groups) shown.groups.set(g.id, g);
  }
  const wiring = new Wiring(shown, info);
  for (const view of [base, ...shown.opened.map((e) => e.view)]) wiring.addViewEdges(view);
  for (const { group, view } of shown.opened) wiring.addBorder(group, view);
  shown.edges = wiring.edges();
  return shown;
}

/** The edges of a shown graph, summed by their ends. */
class Wiring {
  private readonly byEnds = new Map<string, ShownEdge>();
  private readonly views = new Map<number, GraphView>();
  private readonly parent = new Map<number, number>();
  /** Per opened group: the groups its view had seen inside when it answered. */
  private readonly sawInside = new Map<number, Set<number>>();

  constructor(private readonly shown: ShownGraph, private readonly info: Map<number, ViewGroup>) {
    for (const g of shown.base.groups) this.parent.set(g.id, g.parent);
    for (const { group, view } of shown.opened) {
      this.views.set(group, view);
      for (const g of view.groups) this.parent.set(g.id, g.parent);
      const seen = new Set<number>();
      for (const { outside } of view.border ?? []) {
        // Every group it passed through; the innermost only if the place reached a node there.
        const through = outside.node === null ? outside.groups.slice(0, -1) : outside.groups;
        for (const g of through) seen.add(g);
      }
      this.sawInside.set(group, seen);
    }
  }

  /** A view's edges between its parts; an end opened since goes through its border, or its port (an older view). */
  addViewEdges(view: GraphView): void {
    for (const e of view.edges) {
      const from = e.fromGroup ? this.closedEnd(e.from, 'out') : nodeKey(e.from);
      const to = e.toGroup ? this.closedEnd(e.to, 'in') : nodeKey(e.to);
      if (from !== null && to !== null) this.add(from, to, e.count, false);
    }
  }

  addBorder(group: number, view: GraphView): void {
    for (const edge of view.border ?? []) {
      const inside = edge.insideGroup ? (this.info.has(edge.inside) ? null : groupKey(edge.inside)) : nodeKey(edge.inside);
      if (inside === null) continue; // an inner group opened too: its own border has these edges
      const port = this.port(group, edge.into ? 'in' : 'out');
      if (edge.into) this.add(port, inside, 0, true);
      else this.add(inside, port, 0, true);
      const outside = this.outsideEnd(group, edge);
      if (outside === null) continue;
      if (edge.into) this.add(outside, inside, edge.count, false);
      else this.add(inside, outside, edge.count, false);
    }
  }

  edges(): ShownEdge[] {
    return [...this.byEnds.values()];
  }

  /**
   * Where a border edge's outside end is shown: the first closed group of its place, else its
   * node. Null when this view cannot say (a group it had not seen inside was opened since) or
   * when the other side's border draws the edge.
   */
  private outsideEnd(scope: number, { outside, into }: BorderEdge): EndKey | null {
    let deepestOpen = -1;
    let end: EndKey | null = null;
    for (const g of outside.groups) {
      if (!this.info.has(g)) {
        end = groupKey(g);
        break;
      }
      deepestOpen = g;
    }
    // A dense pair of groups gives each other by group (Place.coarse, on both sides): the border
    // the edge goes into draws it, from the other group's port.
    if (!end && outside.coarse) return into ? this.port(deepestOpen, 'out') : null;
    end ??= outside.node === null ? null : nodeKey(outside.node);
    if (end === null || deepestOpen === -1 || this.holds(deepestOpen, scope)) return end;
    // The other end is inside another opened group, whose border lists this edge too. An edge
    // into a group is drawn from its border (its view had seen inside the other group if this
    // end resolved); an edge out of it only when the other border cannot draw it.
    return into || !this.sawInside.get(deepestOpen)?.has(scope) ? end : null;
  }

  /** Whether `outer` is `inner` or holds it. */
  private holds(outer: number, inner: number): boolean {
    for (let g: number | undefined = inner, hops = 0; g !== undefined && g >= 0 && hops < 1000; g = this.parent.get(g), hops++) {
      if (g === outer) return true;
    }
    return false;
  }

  /** A group end of a view's edge: the group while closed; once opened, its border draws the edge (or its port, for an older view). */
  private closedEnd(group: number, dir: 'in' | 'out'): EndKey | null {
    if (!this.info.has(group)) return groupKey(group);
    return this.views.get(group)!.border ? null : this.port(group, dir);
  }

  private port(group: number, dir: 'in' | 'out'): EndKey {
    const key = dir === 'in' ? inPortKey(group) : outPortKey(group);
    if (!this.shown.ports.has(key)) this.shown.ports.set(key, { key, group: this.info.get(group)!, dir });
    return key;
  }

  private add(from: EndKey, to: EndKey, count: number, portLink: boolean): void {
    if (from === to) return;
    const key = `${from}>${to}`;
    const seen = this.byEnds.get(key);
    if (seen) seen.count += count;
    else this.byEnds.set(key, { from, to, count, portLink });
  }
}

/** Shown groups and how many nodes they hold, for the banner. */
export function collapsedSummary(shown: ShownGraph): { groups: number; nodes: number } {
  let nodes = 0;
  for (const g of shown.groups.values()) nodes += g.count;
  return { groups: shown.groups.size, nodes };
}

/**
 * The closed group holding node `id` (the worker's `holders`, the deepest it gave), or null: the
 * node is shown, or not known to be in a closed group.
 */
export function closedGroupHolding(shown: ShownGraph, id: number): ViewGroup | null {
  if (shown.nodes.has(id)) return null;
  let deepest: number[] = [];
  for (const view of [shown.base, ...shown.opened.map((e) => e.view)]) {
    for (const h of view.holders ?? []) if (h.node === id && h.groups.length > deepest.length) deepest = h.groups;
  }
  for (const g of deepest) {
    const group = shown.groups.get(g);
    if (group) return group;
  }
  return null;
}
