// A training loop long enough to watch (and to stop): a small micrograd MLP on two moons.
import { Value, nn, makeMoons, manualSeed } from 'gradlens';

manualSeed(3);
const { X, y } = makeMoons(40, { noise: 0.1 });
const model = new nn.MLP(2, [8, 8, 1]);

for (let step = 0; step < 100000; step++) {
  const scores = X.map((row) => model.forward(row.map((v) => new Value(v))) as Value);
  const losses = scores.map((s, i) => s.mul(-(y[i] * 2 - 1)).add(1).relu());
  const loss = losses.reduce((a, b) => a.add(b)).div(losses.length);
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.05 * p.grad;
}
