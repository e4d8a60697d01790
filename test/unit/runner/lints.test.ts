// Gradient hygiene lints, from what a run saw: gradients that add up because zeroGrad() was not
// called, backward() twice through one graph, parameters that never reach the loss, .grad read on
// a tensor that does not require grad.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lint, LintEvent } from '../../../src/protocol';
import { run } from '../../helpers/run';

const lintsOf = async (source: string): Promise<Lint[]> => (await run(source)).events.filter((e): e is LintEvent => e.type === 'lints').flatMap((e) => e.lints);

// A loss that always has a gradient (out − 1)², whatever the random weights (out·out is 0 when
// every hidden ReLU is off: micrograd's biases start at 0).
const LOOP = (zeroGrad: string): string => `import { Value, nn, manualSeed } from 'gradlens';
manualSeed(4); const model = new nn.MLP(2, [3, 1]);
for (let k = 0; k < 5; k++) {
  const out = model.forward([1, 2]) as Value;
  const loss = out.sub(1).pow(2);${zeroGrad}
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.01 * p.grad;
}
`;

describe('gradient lints', () => {
  it('a training loop without zeroGrad(): at its backward() line, with the fix', async () => {
    const [lint, ...rest] = await lintsOf(LOOP(''));
    assert.equal(rest.length, 0);
    assert.equal(lint.kind, 'not-zeroed');
    assert.equal(lint.loc.line, 5);
    assert.match(lint.message, /Gradients add up across backward\(\) calls: model's parameters still hold the previous step's gradients/);
    assert.deepEqual(lint.fix, { kind: 'insert-line', line: 5, text: 'model.zeroGrad();', title: 'Insert model.zeroGrad() before backward()' });
    assert.deepEqual(await lintsOf(LOOP('\n  model.zeroGrad();')), [], 'with zeroGrad(): nothing to say');
  });

  it('backward() twice through the same graph', async () => {
    const lints = await lintsOf(`import { Value } from 'gradlens';\nconst a = new Value(2);\nconst y = a.mul(a);\ny.backward();\ny.backward();\n`);
    assert.deepEqual(lints.map((l) => [l.kind, l.loc.line]), [['backward-twice', 4]]);
  });

  it('a parameter that does not reach the loss, named by its path', async () => {
    const lints = await lintsOf(`import { torch } from 'gradlens';
const { nn } = torch;
class Net extends nn.Module {
  fc1 = new nn.Linear(2, 3);
  fc2 = new nn.Linear(3, 1);
  forward(x: torch.Tensor) { return this.fc1.call(x).sum(); }
}
const model = new Net();
const loss = model.call(torch.randn(4, 2));
loss.backward();
`);
    assert.deepEqual(lints.map((l) => [l.kind, l.loc.line]), [['unreached', 7]]);
    assert.match(lints[0].message, /^model\.fc2\.weight, model\.fc2\.bias have no gradient: they do not reach the loss/);
  });

  describe('.grad of a tensor that does not require grad', () => {
    const allLints = async (source: string, options: Parameters<typeof run>[1] = {}): Promise<Lint[]> => {
      const { events, error } = await run(source, options);
      assert.equal(error, undefined, error?.message);
      return events.filter((e): e is LintEvent => e.type === 'lints').flatMap((e) => e.lints);
    };
    const notRequired = async (source: string, options: Parameters<typeof run>[1] = {}): Promise<Lint[]> =>
      (await allLints(source, options)).filter((l) => l.kind === 'grad-not-required');

    it('at the line that reads it, named, once however often a loop reads it', async () => {
      const lints = await notRequired(`import { tensor } from 'gradlens';
const x = tensor([1, 2, 3]);
const w = tensor([0.5, -1, 2], { requiresGrad: true });
for (let k = 0; k < 5; k++) {
  w.grad = null;
  const loss = x.mul(w).sum();
  loss.backward();
  console.log(x.grad, w.grad);
}
`);
      assert.deepEqual(lints.map((l) => [l.loc.line, l.loc.col]), [[7, 2]]);
      assert.equal(lints[0].message, 'x.grad is null: x does not require grad, so backward() gives it no gradient — create it with tensor(…, { requiresGrad: true }). (A tensor computed only from tensors that do not require grad, or inside noGrad(), does not require it either.)');
      // The fix points at the statement that made x (line 1), for the editor to add requiresGrad there.
      assert.deepEqual(lints[0].fix && { ...lints[0].fix, at: lints[0].fix.kind === 'require-grad' && lints[0].fix.at.line }, { kind: 'require-grad', at: 1, title: 'Create x with { requiresGrad: true }' });
    });

    it('not for reads that hold a gradient: parameters in a training loop, a non-leaf (GradLens keeps its gradient), Values', async () => {
      assert.deepEqual(await notRequired(`import { torch, Value } from 'gradlens';
torch.manualSeed(0);
const model = new torch.nn.Linear(3, 1);
const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
const x = torch.randn(4, 3);
for (let k = 0; k < 3; k++) {
  opt.zeroGrad();
  const h = model.call(x);
  const loss = h.pow(2).mean();
  loss.backward();
  let norm = 0;
  for (const p of model.parameters()) norm += p.grad!.pow(2).sum().item();
  console.log(norm, h.grad);
  opt.step();
}
const a = new Value(2);
console.log(a.grad);
`, { mode: 'train', liveGraph: true, recordMb: 8 }), [], 'what the run itself reads (live graph, health, record) is not the program\'s');
    });

    it('a tensor given to an optimizer that does not require grad: at step(), which skips it', async () => {
      const lints = await notRequired(`import { torch } from 'gradlens';
const w = torch.tensor([1, 2]);
const opt = new torch.optim.SGD([w], { lr: 0.1 });
w.mul(torch.tensor(3, { requiresGrad: true })).sum().backward();
opt.step();
`);
      assert.deepEqual(lints.map((l) => l.loc.line), [4]);
      assert.match(lints[0].message, /^w\.grad is null: w does not require grad, so backward\(\) gives it no gradient/);
    });

    it("not for the engine's own reads: a frozen parameter the optimizer skips, graph() of the loss", async () => {
      const lints = await allLints(`import { torch, graph } from 'gradlens';
torch.manualSeed(0);
const fc1 = new torch.nn.Linear(3, 2);
fc1.weight.requiresGrad = false;
fc1.bias.requiresGrad = false;
const model = new torch.nn.Sequential(fc1, new torch.nn.Linear(2, 1));
const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
const loss = model.call(torch.randn(4, 3)).mean();
loss.backward();
opt.step();
const g = graph(loss);
console.log(g.nodes.length, fc1.weight.grad);
`);
      assert.deepEqual(lints.map((l) => [l.kind, l.loc.line]), [['grad-not-required', 11]], 'only the program\'s own read (and frozen is not unreached)');
      assert.equal(lints[0].message, 'fc1.weight.grad is null: fc1.weight does not require grad (a frozen parameter), so backward() gives it no gradient.');
    });

    it("not for what a Value's backward() does for the run: health and the step record read a frozen tensor parameter", async () => {
      const lints = await allLints(`import { torch, Value } from 'gradlens';
const frozen = new torch.nn.Linear(2, 1);
frozen.weight.requiresGrad = false;
frozen.bias.requiresGrad = false;
const w = new Value(0.5);
for (let step = 0; step < 30; step++) {
  const loss = w.mul(w).sub(1).pow(2);
  w.grad = 0;
  loss.backward();
  w.data -= 0.1 * w.grad;
}
`, { liveGraph: true, recordMb: 1 });
      assert.deepEqual(lints, []);
    });
  });
});
