// Opening groups: the host's groupView replaces the group; edges across its border go through
// ports, fanning out to the inner parts that lack inputs (inferred until the protocol says).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GraphView, ViewGroup, ViewNode } from '../../../src/protocol';
import { arity, collapsedSummary, expand, groupHolding, shownGraph } from '../../../webview/graph/merge';

const node = (id: number, op: string, label = ''): ViewNode => ({
  id, kind: 'value', op, label, data: 1, grad: 1, shape: null, summary: null, gradSummary: null,
  isLeaf: op === '', requiresGrad: true, isParameter: false, loc: { line: id, col: 0, endLine: id, endCol: 10 }, nonFinite: false, exponent: null, group: -1,
});
const group = (id: number, label: string, count: number, ops: Record<string, number>, line = 0): ViewGroup => ({
  id, label, loc: { line, col: 0, endLine: line, endCol: 40 }, count, ops, maxAbsGrad: 1, nonFinite: 0, parent: -1,
});
const view = (nodes: ViewNode[], groups: ViewGroup[], edges: [number, boolean, number, boolean, number][], root = -1): GraphView => ({
  structure: 1, totalNodes: 100, totalEdges: 200, scope: -1, nodes, groups, root, firstNonFinite: null,
  edges: edges.map(([from, fromGroup, to, toGroup, count]) => ({ from, fromGroup, to, toGroup, count })),
});

// params (group 0) -> layer (group 1) -> loss (node 99)
const base = view([node(99, 'add', 'loss')], [group(0, 'params', 4, { leaf: 4 }, 1), group(1, 'layer', 6, { mul: 4, add: 2 }, 2)], [
  [0, true, 1, true, 4],
  [1, true, 99, false, 1],
], 99);
// layer's inside: x (leaf, 10), w·x products (11, 12), their sum (13); the weights come from outside.
const layerInside = view([node(10, '', 'x'), node(11, 'mul'), node(12, 'mul'), node(13, 'add')], [], [
  [10, false, 11, false, 1],
  [10, false, 12, false, 1],
  [11, false, 13, false, 1],
  [12, false, 13, false, 1],
]);

describe('opening groups', () => {
  it('knows how many inputs each op takes', () => {
    assert.deepEqual(['', 'add', 'mul', 'tanh', 'pow', 'matmul', 'sum', 'who-knows'].map(arity), [0, 2, 2, 1, 1, 2, 1, 1]);
  });

  it('replaces the group by its inside, with ports on its border', () => {
    const shown = shownGraph(base, [{ group: 1, view: layerInside }]);
    assert.deepEqual([...shown.groups.keys()], [0]);
    assert.deepEqual([...shown.nodes.keys()].sort((a, b) => a - b), [10, 11, 12, 13, 99]);
    assert.deepEqual([...shown.ports.keys()].sort(), ['i1', 'u1']);
    const edges = shown.edges.map((e) => `${e.from}>${e.to}${e.inferred ? '?' : ''}:${e.count}`).sort();
    assert.deepEqual(edges, [
      'g0>i1:4', // the bundle, with its count, now ends at the in-port
      'i1>n11?:0', 'i1>n12?:0', // products lack their second input: the weights come in here
      'n10>n11:1', 'n10>n12:1', 'n11>n13:1', 'n12>n13:1',
      'n13>u1?:0', // nothing inside consumes the sum: it leaves the group
      'u1>n99:1',
    ]);
    assert.deepEqual(collapsedSummary(shown), { groups: 1, nodes: 4 });
  });

  it('ignores a group that is not shown, or an empty answer (the run has ended)', () => {
    const shown = shownGraph(base);
    assert.equal(expand(shown, { group: 7, view: layerInside }), false);
    assert.equal(expand(shown, { group: 1, view: view([], [], []) }), false);
    assert.ok(shown.groups.has(1));
  });

  it('finds the group holding a node: by span inside a statement, by statement at the top', () => {
    const shown = shownGraph(view([], [group(3, 'scores[0] #6–1304', 963, { mul: 1 }, 8), group(4, 'scores[1] #1305–2273', 963, { mul: 1 }, 8), group(5, 'model', 337, { leaf: 337 }, 5)], []));
    assert.equal(groupHolding(shown, 1400, { line: 8, col: 4, endLine: 8, endCol: 9 })?.id, 4);
    assert.equal(groupHolding(shown, 7, null)?.id, 3);
    assert.equal(groupHolding(shown, 50_000, { line: 5, col: 6, endLine: 5, endCol: 11 })?.id, 5, "a binding's name inside the statement");
    assert.equal(groupHolding(shown, 50_000, { line: 6, col: 0, endLine: 6, endCol: 3 }), null);
  });
});
