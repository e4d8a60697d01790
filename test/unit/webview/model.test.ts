// The panel's view model: micrograd's draw_dot records and op nodes, groups with counts, bundled
// edges, the NaN path to the root, and keys that stay the same across training steps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GraphView, ResultEvent } from '../../../src/protocol';
import { loadFixture, revive } from '../../browser/fixture';
import { shownGraph, type Expansion } from '../../../webview/graph/merge';
import { buildModel, bucket, layoutInput, type GraphModel } from '../../../webview/graph/model';

function fixture(name: string): { result: ResultEvent; groupViews: Record<number, GraphView> } {
  const f = revive(loadFixture(name));
  const m = f.messages.find((x) => x.type === 'result');
  assert.ok(m && m.type === 'result');
  return { result: m.event, groupViews: f.groupViews };
}

function model(name: string, open: number[] = [], options: { older?: boolean } = {}): GraphModel {
  const { result, groupViews } = fixture(name);
  // A result saved by a GradLens before views described their borders (issue 15 §6).
  const asSaved = (view: GraphView): GraphView => (options.older ? { ...view, border: undefined, outsideInputs: undefined, holders: undefined } : view);
  const expansions: Expansion[] = open.map((group) => ({ group, view: asSaved(groupViews[group]) }));
  return buildModel(shownGraph(asSaved(result.graph), expansions));
}

const item = (m: GraphModel, key: string) => m.items[m.index.get(key)!];

describe('view model', () => {
  it('draws the seed example as micrograd does: records, one op node per computed value, child → op → result', () => {
    const m = model('manual');
    assert.deepEqual(m.items.map((i) => i.key), ['n0', 'n1', 'n2', 'o2', 'n3', 'o3']);
    assert.deepEqual(item(m, 'n2').cells, ['c', 'data 6.0000', 'grad 1.0000']);
    assert.deepEqual(item(m, 'o2').cells, ['×']);
    assert.deepEqual(item(m, 'o3').cells, ['+']);
    assert.deepEqual(m.links.map((l) => l.key).sort(), ['n0>o2', 'n0>o3', 'n1>o2', 'n2>o3', 'o2>n2', 'o3>n3']);
    assert.equal(m.rootKey, 'n3');
    assert.deepEqual(m.items.filter((i) => i.kind === 'value').map((i) => i.role), ['leaf', 'leaf', 'inner', 'root']);
  });

  it('describes tensors by shape and ‖grad‖ and marks parameters', () => {
    const m = model('tensor-mlp');
    const params = m.items.filter((i) => i.role === 'param');
    assert.equal(params.length, 6, 'weight and bias of three Linear layers');
    for (const p of params) {
      assert.match(p.cells[1], /^shape \[\d+(, \d+)?\]$/);
      assert.match(p.cells[2], /^‖grad‖ /);
    }
  });

  it('colours by gradient magnitude in decades below the largest', () => {
    assert.deepEqual([0, 1, 0.5, 0.1, 0.05, 0.005, 1e-9, NaN].map((g) => bucket(g, 1)), [0, 4, 4, 4, 3, 2, 1, 0]);
    assert.equal(bucket(Infinity, 1), 4);
  });

  it('keeps a big graph grouped: a box per group with its count, bundled edges with theirs', () => {
    const m = model('moons-100k');
    const groups = m.items.filter((i) => i.kind === 'group');
    assert.deepEqual(groups.map((g) => g.cells[0]), ['model', 'scores', 'losses', 'dataLoss', 'regLoss']);
    assert.equal(item(m, 'g1').cells[1], '96,300 nodes');
    assert.equal(item(m, 'g1').cells[2], 'mul 45,600 · add 45,600 · relu 4,800 · …');
    assert.deepEqual(m.collapsed, { groups: 5, nodes: 98_216 });
    const modelToScores = m.links.find((l) => l.key === 'g0>g1')!;
    assert.equal(modelToScores.count, 50_550);
    // Edges into the root (a computed value) enter its op node.
    assert.ok(m.links.some((l) => l.key === 'g3>o98216'));
  });

  it('opens groups of a result from an older GradLens (no border): their inside replaces them, ports carry the bundles', () => {
    const m = model('moons-100k', [1, 5], { older: true });
    assert.equal(m.index.has('g1'), false);
    assert.equal(m.index.has('g5'), false);
    assert.deepEqual(m.items.filter((i) => i.kind === 'port').map((i) => i.key).sort(), ['i1', 'u1', 'u5']);
    assert.equal(m.items.filter((i) => i.kind === 'group').length, 103);
    assert.equal(m.items.filter((i) => i.kind === 'value').length, 963 + 1);
    assert.equal(m.links.find((l) => l.key === 'g0>i1')?.count, 50_550, 'the bundle keeps its count, into the port');
    assert.deepEqual(m.links.filter((l) => l.portLink), [], 'no port links: an older view does not say where its inputs enter');
    assert.deepEqual(m.collapsed.groups, 103);
  });

  it('finds the first NaN and the path it took to the root', () => {
    const m = model('nan');
    const { result } = fixture('nan');
    const bad = result.graph.firstNonFinite!;
    assert.equal(bad.op, 'log');
    assert.ok(m.nanPath.has(`n${bad.id}`));
    assert.ok(m.nanPath.has(m.rootKey));
    // A path: each link on it joins two items on it, from the bad node to the root.
    const links = m.links.filter((l) => m.nanPath.has(l.key));
    for (const l of links) assert.ok(m.nanPath.has(l.from) && m.nanPath.has(l.to));
    const froms = new Set(links.map((l) => l.from));
    const items = [...m.nanPath].filter((k) => !k.includes('>'));
    assert.equal(links.length, items.length - 1, 'one link fewer than items');
    assert.ok(froms.has(`n${bad.id}`));
    assert.equal(item(m, m.rootKey).nonFinite, true);
    assert.equal(m.items.find((i) => i.node?.label === 'ok')?.nonFinite, false);
  });

  it('points the NaN path at the group holding the bad node when it is collapsed', () => {
    const { result } = fixture('nan');
    const graph: GraphView = structuredClone(result.graph);
    const bad = graph.firstNonFinite!.id;
    // Collapse the bad node into a group made by its statement.
    const node = graph.nodes.find((n) => n.id === bad)!;
    graph.nodes = graph.nodes.filter((n) => n.id !== bad);
    graph.groups = [{ id: 0, label: 'bad', loc: node.loc, count: 1, ops: { log: 1 }, maxAbsGrad: 0, nonFinite: 1, parent: -1 }];
    graph.edges = graph.edges.map((e) => (e.to === bad ? { ...e, to: 0, toGroup: true } : e.from === bad ? { ...e, from: 0, fromGroup: true } : e));
    const m = buildModel(shownGraph(graph));
    assert.ok(m.nanPath.has('g0'));
    assert.ok(m.nanPath.has(m.rootKey));
  });

  it('keeps keys and structure across training steps; only numbers change', () => {
    const early = model('mlp-1000-step5');
    const late = model('mlp-1000');
    assert.equal(early.structure, late.structure);
    assert.deepEqual(early.items.map((i) => i.key), late.items.map((i) => i.key));
    assert.deepEqual(early.items.map((i) => [i.w, i.h]), late.items.map((i) => [i.w, i.h]), 'sizes too, so the layout holds');
    const changed = late.items.filter((i, k) => i.cells.join() !== early.items[k].cells.join());
    assert.ok(changed.length > 500, `${changed.length} records changed`);
    assert.notEqual(model('manual').structure, model('xss').structure);
  });

  it('hands the layout sizes and edges by index', () => {
    const m = model('manual');
    const input = layoutInput(m);
    assert.equal(input.w.length, 6);
    assert.equal(input.from.length, m.links.length);
    for (let e = 0; e < input.from.length; e++) assert.equal(m.items[input.from[e]].key, m.links[e].from);
  });
});
