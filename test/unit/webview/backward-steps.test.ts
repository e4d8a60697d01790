// The backward stepper's steps: order, the numbers at each step, accumulation on reuse — and
// the totals are the engine's gradients.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value, graph } from '../../../src/engine';
import type { ViewNode } from '../../../src/protocol';
import { backwardSteps } from '../../../webview/graph/backward-steps';

/** The panel's view of an engine graph: every node, with its inputs in the op's order. */
function shown(root: Value): Map<number, ViewNode> {
  const data = graph(root);
  const inputs = new Map<number, number[]>();
  for (const e of data.edges) inputs.set(e.to, [...(inputs.get(e.to) ?? []), e.from]);
  return new Map(data.nodes.map((n) => [n.id, { ...n, isParameter: false, group: -1, inputs: inputs.get(n.id) ?? [] }]));
}

describe('stepping through backward()', () => {
  it('the seed example: c = a·b, then d = c + a: order, local rules with the run\'s numbers, a.grad += twice', () => {
    const a = new Value(2, { label: 'a' });
    const b = new Value(3, { label: 'b' });
    const c = a.mul(b);
    c.label = 'c';
    const d = c.add(a);
    d.label = 'd';
    d.backward();
    const steps = backwardSteps(shown(d), graph(d).root)!;
    assert.deepEqual(steps.map((s) => s.node.label), ['d', 'c']);
    const [first, second] = steps;
    assert.equal(first.grad, 1);
    assert.deepEqual(first.contributions.map((x) => [x.input.label, x.formula, x.local, x.added, x.total, x.accumulated]), [['c', '1', 1, 1, 1, false], ['a', '1', 1, 1, 1, false]]);
    // c = a·b, so ∂c/∂a = b = 3; a.grad += c.grad · 3 = 1 · 3 → 4 (it had 1 from d).
    assert.deepEqual(second.contributions.map((x) => [x.input.label, x.formula, x.local, x.added, x.total, x.accumulated]), [['a', 'b', 3, 3, 4, true], ['b', 'a', 2, 2, 2, false]]);
  });

  it('x·x uses x in both slots: one step adds both', () => {
    const x = new Value(3, { label: 'x' });
    const y = x.mul(x);
    y.backward();
    const [step] = backwardSteps(shown(y), graph(y).root)!;
    assert.deepEqual(step.contributions.map((c) => [c.formula, c.local, c.total]), [['b + a', 6, 6]]);
  });

  it('the totals are the engine\'s gradients, for a neuron with tanh and a reused weight', () => {
    const x = [new Value(2), new Value(-1.5)];
    const w = [new Value(-3), new Value(0.5)];
    const bias = new Value(6.88);
    const n = x[0].mul(w[0]).add(x[1].mul(w[1])).add(bias).add(w[0].pow(2).mul(0.01));
    const o = n.tanh();
    o.backward();
    const nodes = shown(o);
    const steps = backwardSteps(nodes, graph(o).root)!;
    const totals = new Map<number, number>();
    for (const s of steps) for (const c of s.contributions) totals.set(c.input.id, c.total!);
    for (const node of nodes.values()) {
      if (node.id === graph(o).root) continue;
      assert.ok(Math.abs((totals.get(node.id) ?? 0) - node.grad!) < 1e-12, `${node.op || 'leaf'} #${node.id}: ${totals.get(node.id)} vs ${node.grad}`);
    }
  });
});
