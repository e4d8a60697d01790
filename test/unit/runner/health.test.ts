// Training health: per parameter group the gradient norm and the update-to-data ratio of the
// update made after a backward(), and the ReLU/tanh units of a step's graph that pass no gradient.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value, forwardOrder, manualSeed, nn, tensor, torch } from '../../../src/engine';
import type { HealthEvent } from '../../../src/protocol';
import { HealthWatch, activationHealth, parameterGroups } from '../../../src/runner/health';
import { run } from '../../helpers/run';

describe('training health', () => {
  it('groups a micrograd network by layer and a tensor model by parameter', () => {
    assert.deepEqual(parameterGroups('model', new nn.MLP(2, [4, 1])).map((g) => [g.name, g.params.length]), [['model.layers.0', 12], ['model.layers.1', 5]]);
    assert.deepEqual(parameterGroups('n', new nn.Neuron(3)).map((g) => [g.name, g.params.length]), [['n', 4]]);
    const net = new torch.nn.Sequential(new torch.nn.Linear(2, 3), new torch.nn.ReLU(), new torch.nn.Linear(3, 1));
    assert.deepEqual(parameterGroups('net', net).map((g) => g.name), ['net.layers.0.weight', 'net.layers.0.bias', 'net.layers.2.weight', 'net.layers.2.bias']);
  });

  it('measures ‖grad‖ after backward() and log10(‖Δdata‖/‖data‖) of the update that follows', () => {
    const samples: Array<{ step: number; gradNorms: number[]; updateRatios: number[] }> = [];
    const watch = new HealthWatch((s) => samples.push(s));
    manualSeed(2);
    const model = new nn.MLP(2, [3, 1]);
    watch.addModule('model', model);
    const lr = 0.1;
    const expected: number[][] = [];
    for (let step = 1; step <= 3; step++) {
      const out = model.forward([new Value(0.5), new Value(-1)]) as Value;
      model.zeroGrad();
      out.mul(out).backward();
      const grads = model.layers.map((layer) => Math.hypot(...layer.parameters().map((p) => p.grad)));
      const before = model.layers.map((layer) => layer.parameters().map((p) => p.data));
      watch.onBackward(step, step * 100); // 100 ms apart: every step sampled
      for (const p of model.parameters()) p.data -= lr * p.grad;
      // No update (a layer whose gradient is 0): NaN, as the worker says it.
      const ratios = model.layers.map((layer, i) => {
        const now = layer.parameters().map((p) => p.data);
        const delta = Math.hypot(...now.map((x, j) => x - before[i][j]));
        return delta > 0 ? Math.log10(delta / Math.hypot(...now)) : NaN;
      });
      expected.push([...grads, ...ratios]);
    }
    watch.close();
    assert.deepEqual(samples.map((s) => s.step), [1, 2, 3]);
    samples.forEach((s, k) => {
      [...s.gradNorms, ...s.updateRatios].forEach((x, i) => assert.ok(Object.is(x, expected[k][i]) || Math.abs(x - expected[k][i]) < 1e-12, `step ${k + 1}, figure ${i}: ${x} vs ${expected[k][i]}`));
    });
  });

  it('a module bound between a sample and its update does not break the step', () => {
    const samples: Array<{ gradNorms: number[]; updateRatios: number[] }> = [];
    const watch = new HealthWatch((s) => samples.push(s));
    watch.addModule('a', new nn.Neuron(2));
    watch.onBackward(1, 0);
    watch.addModule('b', new nn.Neuron(3)); // e.g. a second model made inside the loop
    assert.doesNotThrow(() => watch.onBackward(2, 100));
    watch.close();
    assert.deepEqual(samples.map((s) => [s.gradNorms.length, s.updateRatios.length]), [[1, 1], [2, 2]]);
  });

  it('samples at most every 20 ms of run time, and says when no update was made', () => {
    const samples: Array<{ step: number; updateRatios: number[] }> = [];
    const watch = new HealthWatch((s) => samples.push(s));
    const model = new nn.Neuron(2);
    watch.addModule('n', model);
    for (let step = 1; step <= 10; step++) {
      (model.forward([new Value(1), new Value(2)]) as Value).backward();
      watch.onBackward(step, step * 5); // 5 ms apart
    }
    watch.close();
    assert.deepEqual(samples.map((s) => s.step), [1, 5, 9]);
    assert.ok(samples.every((s) => Number.isNaN(s.updateRatios[0])), 'nothing changed the weights');
  });

  it('counts dead ReLUs and saturated tanh units, tensor elements one each', () => {
    const a = new Value(-2).relu().add(new Value(3).relu()).add(new Value(5).tanh()).add(new Value(0.1).tanh());
    const t = tensor([-1, 2, -3, 4], { requiresGrad: true }).relu().sum().add(a.data);
    assert.deepEqual(activationHealth([a]), { reluUnits: 0, deadRelu: 0, tanhUnits: 0, saturatedTanh: 0 }, 'only the nodes given');
    assert.deepEqual(activationHealth(forwardOrder(a)), { reluUnits: 2, deadRelu: 1, tanhUnits: 2, saturatedTanh: 1 });
    assert.deepEqual(activationHealth(forwardOrder(t)), { reluUnits: 4, deadRelu: 2, tanhUnits: 0, saturatedTanh: 0 });
  });

  it('streams from a run: the seed\'s network healthy, an exploding learning rate not', async () => {
    const training = (lr: number): string => `import { torch } from 'gradlens';
const { nn, optim } = torch;
torch.manualSeed(0);
const X = torch.randn(32, 4);
const Y = X.matmul(torch.tensor([[1.5], [-2], [0.5], [3]]));
const model = new nn.Linear(4, 1);
const optimizer = new optim.SGD(model.parameters(), { lr: ${lr} });
const start = performance.now();
for (let step = 0; step < 40; step++) {
  optimizer.zeroGrad();
  const loss = new nn.MSELoss().call(model.call(X), Y);
  loss.backward();
  optimizer.step();
  while (performance.now() - start < 25 * (step + 1)) {} // 25 ms a step: every step sampled
}
`;
    const ratios = async (lr: number): Promise<number[]> => {
      const events = (await run(training(lr), { mode: 'train' })).events.filter((e): e is HealthEvent => e.type === 'health');
      assert.deepEqual(events[0].groups, ['model.weight', 'model.bias']);
      return events.flatMap((e) => Array.from(e.updateRatios).filter((_, i) => i % 2 === 0));
    };
    const slow = await ratios(0.01);
    const fast = await ratios(1.5);
    assert.ok(slow.length >= 30 && fast.length >= 30, `${slow.length}, ${fast.length} samples`);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    assert.ok(median(slow) < -1.5 && median(slow) > -4, `lr 0.01: ${median(slow)}`);
    assert.ok(median(fast.filter(Number.isFinite)) > -0.5, `lr 1.5: ${median(fast.filter(Number.isFinite))}`);
  });
});
