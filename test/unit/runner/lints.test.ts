// Gradient hygiene lints, from what a run saw: gradients that add up because zeroGrad() was not
// called, backward() twice through one graph, parameters that never reach the loss.
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
    assert.deepEqual(lint.fix, { line: 5, text: 'model.zeroGrad();', title: 'Insert model.zeroGrad() before backward()' });
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
});
