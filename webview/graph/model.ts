// The graph as drawn, in micrograd's draw_dot style: a record per value node
// (`label | data | grad`, or `label | shape | ‖grad‖` for a tensor), a small op node in front of
// every computed value, edges child → op → result, and a box per collapsed group. Pure: no DOM,
// so it is unit-tested and also runs where the layout is benchmarked.
//
// Keys are stable across training steps: they come from node and group ids only, so a new result
// of the same program has the same keys and the same `structure`, and the panel then only updates
// numbers and colours.

import type { ViewGroup, ViewNode } from '../../src/protocol';
import { formatCount, formatNumber, formatShape, getPrecision, numberChars, opSymbol } from '../format';
import type { LayoutInput } from './layout';
import { closedGroupHolding, groupKey, nodeKey, type EndKey, type Expansion, type ShownGraph } from './merge';

export type ItemKind = 'value' | 'op' | 'group' | 'port';
/** What a node's shape and mark say: the root (loss), a parameter, another leaf, a computed value. */
export type Role = 'root' | 'param' | 'leaf' | 'inner' | 'op' | 'group' | 'port';

export interface Item {
  /** 'n12': value node 12; 'o12': the op that computed node 12; 'g3': group 3; 'i3'/'u3': ports of opened group 3. */
  key: string;
  kind: ItemKind;
  /** Node id, or group id for a group. */
  id: number;
  role: Role;
  /** The texts drawn (value, left to right: label, data, grad; op: symbol; group, top to bottom: label, size, ops). */
  cells: string[];
  /** Gradient magnitude, 0 (none or zero) to 4 (within 10× of the largest shown). */
  mag: number;
  nonFinite: boolean;
  /** Width of each cell; the item's size, in pixels (the graph font is monospace). */
  cellW: number[];
  w: number;
  h: number;
  node: ViewNode | null;
  /** The group of a group item, or the opened group of a port. */
  group: ViewGroup | null;
}

export interface Link {
  key: string;
  from: string;
  to: string;
  /** Edges of the full graph it stands for (0 for a port's link). */
  count: number;
  /** A port's link to its opened group's inside (drawn dashed), not an edge of the graph: see ShownEdge. */
  portLink: boolean;
}

export interface GraphModel {
  items: Item[];
  links: Link[];
  index: Map<string, number>;
  rootKey: string;
  /** Items and links from the first NaN/Inf node to the root. */
  nanPath: Set<string>;
  /** Keys, edges and labels: equal structures are drawn with the same layout. */
  structure: string;
  collapsed: { groups: number; nodes: number };
  /** The groups opened, in order, with their views. */
  opened: readonly Expansion[];
  totalNodes: number;
}

export interface Metrics {
  /** Width of one character of the graph font, in pixels. */
  charWidth: number;
}

export const DEFAULT_METRICS: Metrics = { charWidth: 7.2 };

const RECORD_H = 26;
const GROUP_H = 54;
const OP_H = 24;
const PORT_H = 20;
const CELL_PAD = 8;
/**
 * Number cells have one width whatever their number, so a record keeps its size from step to
 * step: "grad " and a number as wide as the precision makes it (format.ts numberChars). A tensor's
 * shape cell is as wide as its shape (which does not change).
 */
const numberCellChars = (): number => 'grad '.length + numberChars();

export function buildModel(shown: ShownGraph, metrics: Metrics = DEFAULT_METRICS): GraphModel {
  const { base } = shown;
  const items: Item[] = [];
  const links: Link[] = [];
  const cw = metrics.charWidth;

  const nodes = [...shown.nodes.values()].sort((a, b) => a.id - b.id);
  const groups = [...shown.groups.values()].sort((a, b) => a.id - b.id);
  const maxGrad = Math.max(0, ...nodes.map(gradMagnitude).filter(Number.isFinite), ...groups.map((g) => g.maxAbsGrad).filter(Number.isFinite));

  for (const node of nodes) {
    const role: Role = node.id === base.root ? 'root' : node.isParameter ? 'param' : node.isLeaf || node.op === '' ? 'leaf' : 'inner';
    const cells = valueCells(node);
    const tensor = node.kind === 'tensor' && node.data === null;
    const chars = (c: string, i: number): number =>
      i === 0 ? Math.max(2, c.length) + (role === 'param' ? 2 : 0) : i === 1 && tensor ? Math.max(numberCellChars(), c.length) : numberCellChars();
    const cellW = cells.map((c, i) => chars(c, i) * cw + 2 * CELL_PAD);
    const w = cellW.reduce((a, b) => a + b, 0);
    const mag = bucket(gradMagnitude(node), maxGrad);
    items.push({ key: nodeKey(node.id), kind: 'value', id: node.id, role, cells, mag, nonFinite: node.nonFinite, cellW, w, h: RECORD_H, node, group: null });
    if (node.op !== '') {
      const symbol = opSymbol(node.op);
      const w = Math.max(OP_H + 4, symbol.length * cw + 16);
      items.push({ key: opKey(node.id), kind: 'op', id: node.id, role: 'op', cells: [symbol], mag, nonFinite: node.nonFinite, cellW: [w], w, h: OP_H, node, group: null });
      links.push({ key: `${opKey(node.id)}>${nodeKey(node.id)}`, from: opKey(node.id), to: nodeKey(node.id), count: 1, portLink: false });
    }
  }
  for (const group of groups) {
    const cells = [shortLabel(group.label), `${formatCount(group.count)} nodes`, opsSummary(group)];
    const w = Math.max(...cells.map((c) => c.length)) * cw + 2 * CELL_PAD + 2 * cw;
    items.push({
      key: groupKey(group.id), kind: 'group', id: group.id, role: 'group', cells, mag: bucket(group.maxAbsGrad, maxGrad),
      nonFinite: group.nonFinite > 0, cellW: [w], w, h: GROUP_H, node: null, group,
    });
  }
  for (const port of shown.ports.values()) {
    const cells = [port.dir === 'in' ? `▸ ${shortLabel(port.group.label)}` : `${shortLabel(port.group.label)} ▸`];
    const w = cells[0].length * cw + 2 * CELL_PAD;
    items.push({ key: port.key, kind: 'port', id: port.group.id, role: 'port', cells, mag: 0, nonFinite: false, cellW: [w], w, h: PORT_H, node: null, group: port.group });
  }

  const index = new Map(items.map((item, i) => [item.key, i]));
  for (const e of shown.edges) {
    const to = inputEnd(shown, e.to);
    if (!index.has(e.from) || !index.has(to)) continue;
    links.push({ key: `${e.from}>${to}`, from: e.from, to, count: e.count, portLink: e.portLink });
  }

  const rootKey = nodeKey(base.root);
  let collapsedNodes = 0;
  for (const g of groups) collapsedNodes += g.count;
  return {
    items,
    links,
    index,
    rootKey,
    nanPath: nanPath(shown, items, links, index, rootKey),
    structure: structureOf(items, links),
    collapsed: { groups: groups.length, nodes: collapsedNodes },
    opened: shown.opened,
    totalNodes: base.totalNodes,
  };
}

export const opKey = (id: number): string => `o${id}`;

/** Edges into a computed value enter its op node. */
function inputEnd(shown: ShownGraph, end: EndKey): string {
  if (end.startsWith('n')) {
    const node = shown.nodes.get(Number(end.slice(1)));
    if (node && node.op !== '') return opKey(node.id);
  }
  return end;
}

/** Labels longer than this are shortened in the graph (the details and the table show them whole). */
const LABEL_CHARS = 28;

export function shortLabel(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

function valueCells(node: ViewNode): string[] {
  const label = shortLabel(node.label);
  if (node.kind === 'tensor' && node.data === null) {
    return [label, `shape ${formatShape(node.shape)}`, `‖grad‖ ${formatNumber(node.gradSummary?.norm ?? null)}`];
  }
  return [label, `data ${formatNumber(node.data)}`, `grad ${formatNumber(node.grad)}`];
}

/** |grad| of a value, ‖grad‖ of a tensor. */
export function gradMagnitude(node: ViewNode): number {
  if (node.grad !== null) return Math.abs(node.grad);
  return node.gradSummary?.norm ?? 0;
}

/** 0 for zero (or no) gradient, then 1–4 by decades below the largest shown. */
export function bucket(magnitude: number, max: number): number {
  if (!(magnitude > 0) || !(max > 0)) return 0;
  if (!Number.isFinite(magnitude)) return 4;
  const decades = Math.log10(max / magnitude);
  if (decades <= 1) return 4;
  if (decades <= 2) return 3;
  if (decades <= 3) return 2;
  return 1;
}

/** The group's three commonest ops: "mul 45,600 · add 45,600 · relu 4,800 · …". */
function opsSummary(group: ViewGroup): string {
  const ops = Object.entries(group.ops).sort((a, b) => b[1] - a[1]);
  const top = ops.slice(0, 3).map(([op, n]) => `${op} ${formatCount(n)}`);
  if (ops.length > 3) top.push('…');
  return top.join(' · ');
}

/**
 * The shortest path, along edges, from the first non-finite node (or the group holding it) to the
 * root. NaN and Inf flow forward, so this is the way the bad value reached the loss.
 */
function nanPath(shown: ShownGraph, items: Item[], links: Link[], index: Map<string, number>, rootKey: string): Set<string> {
  const first = shown.base.firstNonFinite;
  const path = new Set<string>();
  if (!first) return path;
  let start: string | null = shown.nodes.has(first.id) ? nodeKey(first.id) : null;
  if (start === null) {
    const holder = closedGroupHolding(shown, first.id);
    start = holder ? groupKey(holder.id) : items.find((i) => i.kind === 'group' && i.nonFinite)?.key ?? null;
  }
  if (start === null || !index.has(start)) return path;
  const out = new Map<string, Link[]>();
  for (const l of links) {
    if (!out.has(l.from)) out.set(l.from, []);
    out.get(l.from)!.push(l);
  }
  const via = new Map<string, Link | null>([[start, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length && !via.has(rootKey); head++) {
    for (const l of out.get(queue[head]) ?? []) {
      if (via.has(l.to)) continue;
      via.set(l.to, l);
      queue.push(l.to);
    }
  }
  path.add(start);
  if (!via.has(rootKey)) return path;
  for (let at = rootKey; at !== start; ) {
    const l = via.get(at)!;
    path.add(at).add(l.key);
    at = l.from;
  }
  return path;
}

function structureOf(items: Item[], links: Link[]): string {
  // The precision sets the cells' width: another precision is another layout.
  const parts: string[] = [`p${getPrecision()}`];
  for (const item of items) parts.push(`${item.key}:${item.cells[0]}`);
  parts.push('|');
  for (const link of links) parts.push(link.key);
  return parts.join(',');
}

/** The model as the layout sees it: sizes and edges by item index. */
export function layoutInput(model: GraphModel): LayoutInput {
  const { items, links, index } = model;
  return {
    w: Float64Array.from(items, (i) => i.w),
    h: Float64Array.from(items, (i) => i.h),
    from: Int32Array.from(links, (l) => index.get(l.from)!),
    to: Int32Array.from(links, (l) => index.get(l.to)!),
  };
}
