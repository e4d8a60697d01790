// The recorded graph's forward, again (what a gradient check nudges): for every op, replaying with
// a leaf replaced gives what the op computes from the new values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, Value, manualSeed, nn, rand, tensor, torch } from '../../../src/engine';
import { replay, replayable } from '../../../src/engine/replay';
import { assertAllClose } from '../../helpers/numeric';

const F = nn.functional;
type Build = (x: Tensor, y: Tensor) => Tensor;

// Every op the replay knows, each in a small expression of two leaves, x [3, 4] and y [4].
const expressions: Record<string, Build> = {
  'elementwise and broadcasting': (x, y) => x.mul(y).add(x.div(y.abs().add(1))).sub(y).neg(),
  'unary ops': (x) => x.tanh().add(x.sigmoid()).add(x.exp()).add(x.abs().add(0.5).log()).add(x.relu()).add(x.pow(3)),
  'tensor-only unary': (x) => F.leakyRelu(x, 0.1).add(F.gelu(x)),
  'pow with a tensor exponent': (x, y) => x.abs().add(0.5).pow(y),
  'sum, mean, max, min, amax': (x) => x.sum(0).add(x.mean(1).sum()).add(x.max(1).values.sum()).add(x.min()).add(x.amax(0).sum()),
  'reshape, transpose, cat, slices': (x, y) => torch.cat([x.reshape(4, 3).transpose(0, 1), y.unsqueeze(0)], 0).slice(1, 1, 3).sum(0).add(x.index(1).select(0, 2)),
  'matmul and linear': (x, y) => x.matmul(y).add(F.linear(x, y.reshape(1, 4), y.slice(0, 0, 1)).sum()),
  'clamp and where': (x, y) => x.clamp(-0.5, 0.5).add(torch.where(x.gt(0), x, y)),
  'gather': (x) => x.gather(1, tensor([[0, 1, 1, 3], [2, 2, 0, 1], [3, 3, 3, 0]])),
  'losses': (x, y) => F.crossEntropy(x, tensor([0, 3, 1])).add(F.mseLoss(x, y, { reduction: 'sum' })).add(F.binaryCrossEntropyWithLogits(x, torch.onesLike(x).mul(0.3))),
  'std and var': (x) => x.std(1).add(x.var()),
};

describe('replaying a recorded graph', () => {
  for (const [name, build] of Object.entries(expressions)) {
    it(name, () => {
      manualSeed(7);
      const x = rand(3, 4).mul(2).sub(1);
      const y = rand(4).mul(2).sub(1);
      x.requiresGrad = true;
      y.requiresGrad = true;
      const root = build(x, y).sum();
      assert.ok(replayable(root));
      assertAllClose(replay(root, new Map()), root.data, { rtol: 1e-12 }, 'unchanged leaves give the recorded value');
      const x2 = x.data.map((v, i) => v + 0.01 * ((i % 3) - 1));
      const expected = build(new Tensor(x2, x.shape, { requiresGrad: true }), y).sum();
      assertAllClose(replay(root, new Map([[x, x2]])), expected.data, { rtol: 1e-12, atol: 1e-14 }, 'a replaced leaf');
    });
  }

  it('Values, as micrograd builds them', () => {
    const a = new Value(2);
    const b = new Value(-3);
    const c = a.mul(b).add(a.pow(2)).tanh().add(b.exp().div(a)).sub(a.relu().pow(b));
    assert.equal(replay(c, new Map()), c.data);
    const a2 = new Value(2.5);
    const expected = a2.mul(b).add(a2.pow(2)).tanh().add(b.exp().div(a2)).sub(a2.relu().pow(b));
    assert.equal(replay(c, new Map([[a, 2.5]])), expected.data);
  });
});
