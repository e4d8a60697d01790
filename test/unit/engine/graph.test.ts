// graph(root): the exported graph in forward order, with labels, ops, values and gradients.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value, graph, nn, tensor, tracing } from '../../../src/engine';

describe('graph()', () => {
  it('exports the seed example with ids in forward order and edges input → output', () => {
    const a = new Value(2, { label: 'a' });
    const b = new Value(3, { label: 'b' });
    const c = a.mul(b);
    c.label = 'c';
    const d = c.add(a);
    d.label = 'd';
    d.backward();
    const g = graph(d);
    const byLabel = Object.fromEntries(g.nodes.map((n) => [n.label, n]));
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((l) => [byLabel[l].data, byLabel[l].grad]),
      [[2, 4], [3, 2], [6, 1], [8, 1]],
    );
    assert.equal(g.root, g.nodes.length - 1);
    assert.equal(g.nodes[g.root].label, 'd');
    assert.equal(byLabel.c.op, 'mul');
    assert.ok(byLabel.a.isLeaf && !byLabel.d.isLeaf);
    const edges = g.edges.map((e) => `${g.nodes[e.from].label}->${g.nodes[e.to].label}`).sort();
    assert.deepEqual(edges, ['a->c', 'a->d', 'b->c', 'c->d']);
    for (const e of g.edges) assert.ok(e.from < e.to, 'inputs come before outputs');
  });

  it('describes tensors by shape and summary and flags non-finite nodes', () => {
    const x = tensor([[1, -2], [0, 4]], { requiresGrad: true, label: 'x' });
    const y = x.log().sum();
    y.backward();
    const g = graph(y);
    const xNode = g.nodes.find((n) => n.label === 'x')!;
    assert.deepEqual(xNode.shape, [2, 2]);
    assert.equal(xNode.summary!.max, 4);
    assert.equal(xNode.summary!.mean, 0.75);
    const logNode = g.nodes.find((n) => n.op === 'log')!;
    assert.ok(logNode.nonFinite, 'log of -2 is NaN and log of 0 is -inf');
    assert.equal(logNode.summary!.nonFinite, 2);
    assert.equal(g.nodes[g.root].kind, 'tensor');
  });

  it('includes inputs that need no grad (data, targets) as leaves', () => {
    const layer = new nn.Linear(2, 1);
    const out = layer.call(tensor([[1, 2]])).sum();
    const ops = graph(out).nodes.map((n) => n.op);
    assert.deepEqual(ops, ['', '', '', 'linear', 'sum']);
  });

  it('sends pow\'s exponent with its node (the panel\'s local derivative needs it)', () => {
    const g = graph(new Value(1).pow(3).add(tensor(2).pow(0.5).item()));
    assert.deepEqual(g.nodes.filter((n) => n.op === 'pow').map((n) => n.exponent), [3]);
    assert.ok(g.nodes.filter((n) => n.op !== 'pow').every((n) => n.exponent === null));
  });

  it('records the source location set by the runner', () => {
    tracing.loc = { line: 4, col: 0, endLine: 4, endCol: 12 };
    const v = new Value(1).add(2);
    tracing.loc = null;
    assert.deepEqual(graph(v).nodes[2].loc, { line: 4, col: 0, endLine: 4, endCol: 12 });
  });

  it('walks a graph of a million nodes without recursion', () => {
    let y = new Value(1);
    for (let i = 0; i < 500_000; i++) y = y.mul(1);
    const g = graph(y);
    assert.equal(g.nodes.length, 1_000_001);
    assert.equal(g.edges.length, 1_000_000);
  });
});
