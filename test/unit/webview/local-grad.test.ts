// The details pane's local derivatives: the engine's rules (one calculus), picked for the right op
// and applied to the right input slot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ViewNode } from '../../../src/protocol';
import { binaryRules, unaryRules } from '../../../src/engine/rules';
import { exponentOf, localGrads } from '../../../webview/graph/local-grad';

const value = (id: number, data: number, op = ''): ViewNode => ({
  id, kind: 'value', op, label: `v${id}`, data, grad: 0, shape: null, summary: null, gradSummary: null,
  isLeaf: op === '', requiresGrad: true, isParameter: false, loc: null, nonFinite: false, exponent: null, group: -1,
});

describe('local derivatives', () => {
  it('match the engine for every binary op', () => {
    for (const [op, rule] of Object.entries(binaryRules)) {
      for (const [a, b] of [[2, 3], [-1.5, 0.25], [0.7, -4]]) {
        const y = rule.forward(a, b);
        const grads = localGrads(value(2, y, op), [{ node: value(0, a), uses: 1 }, { node: value(1, b), uses: 1 }])!;
        assert.deepEqual(grads.map((g) => g.value), [rule.da(a, b, y), rule.db(a, b, y)], op);
      }
    }
  });

  it('match the engine for every unary op (pow with its exponent read off the numbers)', () => {
    for (const [op, rule] of Object.entries(unaryRules)) {
      for (const x of [0.5, 1.7, -0.3]) {
        const k = op === 'pow' ? (x < 0 ? 2 : -1) : 0;
        const y = rule.forward(x, k);
        const g = localGrads(value(1, y, op), [{ node: value(0, x), uses: 1 }])![0];
        assert.ok(Math.abs(g.value! - rule.d(x, y, k)) < 1e-12, `${op}(${x}): ${g.value} vs ${rule.d(x, y, k)}`);
      }
    }
  });

  it('take the slots in the op\'s order from the worker, not from the ids (b − a with b made first)', () => {
    const b = value(0, 5);
    const a = value(1, 2);
    const y = { ...value(2, -3, 'sub'), inputs: [1, 0] }; // a − b
    const grads = localGrads(y, [{ node: b, uses: 1 }, { node: a, uses: 1 }])!;
    assert.deepEqual(grads.map((g) => [g.input.id, g.value]), [[0, -1], [1, 1]]);
  });

  it('sum the uses of an input used twice (p·p)', () => {
    const g = localGrads(value(1, 9, 'mul'), [{ node: value(0, 3), uses: 2 }])!;
    assert.deepEqual(g.map((x) => [x.value, x.formula]), [[6, 'b + a']]);
  });

  it('use the exponent sent with a pow node, even where the numbers cannot tell it (x = 1)', () => {
    const x = value(0, 1);
    const y = { ...value(1, 1, 'pow'), exponent: 3 };
    assert.equal(localGrads(y, [{ node: x, uses: 1 }])![0].value, 3);
  });

  it('read the exponent of pow when the numbers determine it', () => {
    assert.equal(exponentOf(2, 0.5), -1);
    assert.equal(exponentOf(3, 9), 2);
    assert.equal(exponentOf(1, 1), null);
    assert.equal(exponentOf(0, 0), null);
  });

  it('say nothing for ops on bigger tensors or inputs not shown', () => {
    const t: ViewNode = { ...value(1, 0, 'matmul'), kind: 'tensor', data: null, shape: [2, 2] };
    assert.equal(localGrads(t, [{ node: value(0, 1), uses: 1 }]), null);
    assert.equal(localGrads(value(1, 1, 'add'), [{ node: { ...value(0, 1), data: null }, uses: 1 }, { node: value(2, 1), uses: 1 }]), null);
  });
});
