// Arithmetic operators in the code a run executes: the rewrite builds the graph the method calls
// build (ops, labels, numbers, gradients, lines), leaves numbers and text to JavaScript, and
// says what went wrong in the user's terms.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ViewNode } from '../../../src/protocol';
import { NOT_OURS, operatorCases } from '../../helpers/operator-cases';
import { run } from '../../helpers/run';

const describeNodes = (nodes: ViewNode[]) =>
  nodes.map((n) => ({ op: n.op, label: n.label, data: n.data, grad: n.grad, shape: n.shape, line: n.loc?.line })).sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));

describe('operators in a run', () => {
  for (const c of operatorCases) {
    it(`build the graph the methods build: ${c.name}`, async () => {
      const [withOperators, withMethods] = await Promise.all([run(c.operators), run(c.methods)]);
      assert.equal(withOperators.status, 'completed', JSON.stringify(withOperators.error));
      assert.equal(withMethods.status, 'completed', JSON.stringify(withMethods.error));
      const g = withOperators.result!.graph;
      assert.ok(g.nodes.length > 3, `${g.nodes.length} nodes`);
      assert.deepEqual(describeNodes(g.nodes), describeNodes(withMethods.result!.graph.nodes));
      const bindings = (r: typeof withOperators) => r.result!.bindings.map((b) => [b.name, b.loc.line, b.data, b.grad]);
      assert.deepEqual(bindings(withOperators), bindings(withMethods));
    });
  }

  it('leave numbers, strings, bigints and comparisons to JavaScript', async () => {
    const r = await run(`import { Value } from 'gradlens';
${NOT_OURS}console.log(s, text, String(big), arr, o.k, -s, 1 < 2, '3' * 2, [1] + [2]);
new Value(s) * 2;
`);
    assert.equal(r.status, 'completed', r.why);
    assert.deepEqual(r.logs, [`${1 + 4 + 9 + 16 - 5 + 30} loss 34 18446744073709551615 [ 1, 20 ] 9 -55 true 6 12`]);
  });

  it('update a tensor in place inside noGrad, as PyTorch (the model sees the new weight)', async () => {
    const r = await run(`import { torch } from 'gradlens';
const model = new torch.nn.Linear(2, 1);
const w = model.weight;
w.data.set([1, 2]);
const loss = model.call(torch.tensor([[3, 4]])).sum();
loss.backward();
torch.noGrad(() => { for (const p of model.parameters()) { let q = p; q -= 0.5 * p.grad!; } });
console.log(Array.from(model.weight.data), model.weight === w);
`);
    assert.equal(r.status, 'completed', r.why);
    assert.deepEqual(r.logs, ['[ -0.5, 0 ] true']);
  });

  it('refuse an in-place change of a leaf that requires grad while recording, as PyTorch, at the line', async () => {
    const r = await run(`import { torch } from 'gradlens';
let w = torch.tensor([1, 2], { requiresGrad: true });
w += 1;
`);
    assert.equal(r.status, 'failed');
    assert.match(r.error!.message, /'w' requires grad and is a leaf.*noGrad/);
    assert.equal(r.error!.line, 2);
  });

  it('say which operands cannot meet, at the line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['new Value(2) * torch.tensor([1, 2])', /\*: a Value and a Tensor cannot be combined/],
      ['new Value(2) * [1, 2]', /\*: a Value and an array cannot be combined/],
      ['torch.tensor([1, 2]) - true', /-: a Tensor and a boolean cannot be combined/],
    ];
    for (const [expression, message] of cases) {
      const r = await run(`import { Value, torch } from 'gradlens';\n\nconst y = ${expression};\n`);
      assert.equal(r.status, 'failed', expression);
      assert.match(r.error!.message, message, expression);
      assert.equal(r.error!.line, 2, expression);
    }
  });

  it('leave what cannot be passed to a function as written: super.x += 1, this.#x *= 2', async () => {
    const r = await run(`import { Value } from 'gradlens';
class A { static n = 1; }
class B extends A {
  #k = 3;
  static bump(): number { super.n += 1; return this.n; }
  double(): number { this.#k *= 2; return this.#k; }
}
console.log(B.bump() + new B().double());
new Value(1) * 2;
`);
    assert.equal(r.status, 'completed', r.why);
    assert.deepEqual(r.logs, ['8']);
  });

  it('join text with a Value as JavaScript does', async () => {
    const r = await run(`import { Value } from 'gradlens';
const a = new Value(2, { label: 'a' });
console.log('a is ' + a, a + '!');
`);
    assert.deepEqual(r.logs, ['a is Value(a: data=2, grad=0) Value(a: data=2, grad=0)!']);
  });
});
