// Opening groups: the host's groupView replaces the group, and its border (from the worker) says
// which inner part each crossing edge reaches. Against real runs: test/unit/runner/graph-view.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GraphView, ViewGroup, ViewNode } from '../../../src/protocol';
import { collapsedSummary, shownGraph } from '../../../webview/graph/merge';

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

// layer's border: the four weights enter the products, the sum leaves for the loss.
const withBorder: GraphView = {
  ...layerInside,
  scope: 1,
  border: [
    { inside: 11, insideGroup: false, outside: { groups: [0], node: null }, into: true, count: 2 },
    { inside: 12, insideGroup: false, outside: { groups: [0], node: null }, into: true, count: 2 },
    { inside: 13, insideGroup: false, outside: { groups: [], node: 99 }, into: false, count: 1 },
  ],
};
const edgeList = (shown: ReturnType<typeof shownGraph>): string[] => shown.edges.map((e) => `${e.from}>${e.to}${e.portLink ? '~' : ''}:${e.count}`).sort();

describe('opening groups', () => {
  it('replaces the group by its inside, wired as its border says; ports link to where edges enter and leave', () => {
    const shown = shownGraph(base, [{ group: 1, view: withBorder }]);
    assert.deepEqual([...shown.groups.keys()], [0]);
    assert.deepEqual([...shown.nodes.keys()].sort((a, b) => a - b), [10, 11, 12, 13, 99]);
    assert.deepEqual([...shown.ports.keys()].sort(), ['i1', 'u1']);
    assert.deepEqual(edgeList(shown), [
      'g0>n11:2', 'g0>n12:2', // the weights' bundle of 4, split exactly
      'i1>n11~:0', 'i1>n12~:0',
      'n10>n11:1', 'n10>n12:1', 'n11>n13:1', 'n12>n13:1',
      'n13>n99:1', 'n13>u1~:0',
    ]);
    assert.deepEqual(collapsedSummary(shown), { groups: 1, nodes: 4 });
  });

  it('a view from an older GradLens (no border): the bundles end at its ports, no port links (it does not say where they enter)', () => {
    const shown = shownGraph(base, [{ group: 1, view: layerInside }]);
    assert.deepEqual(edgeList(shown), ['g0>i1:4', 'n10>n11:1', 'n10>n12:1', 'n11>n13:1', 'n12>n13:1', 'u1>n99:1']);
  });

  it('ignores a group that is not shown, or an empty answer (the run has ended)', () => {
    const shown = shownGraph(base, [{ group: 7, view: withBorder }, { group: 1, view: view([], [], []) }]);
    assert.ok(shown.groups.has(1));
    assert.deepEqual(shown.opened, []);
  });
});
