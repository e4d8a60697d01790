// gradlens: pace 40 steps/s
// micrograd's moons, slowed down to be watched: the graph, the Health and Boundary tabs follow it.
import { Value, nn, makeMoons, manualSeed, plotDecisionBoundary } from 'gradlens';

manualSeed(1337);
const { X, y } = makeMoons(40, { noise: 0.1 });
const labels = y.map((label) => label * 2 - 1);
const model = new nn.MLP(2, [8, 8, 1]);
plotDecisionBoundary(model, X, labels);

for (let step = 0; step < 200; step++) {
  const scores = X.map((row) => model.forward(row.map((x) => new Value(x))) as Value);
  const losses = scores.map((score, i) => score.mul(-labels[i]).add(1).relu());
  const totalLoss = losses.reduce((sum, l) => sum.add(l)).div(losses.length);
  model.zeroGrad();
  totalLoss.backward();
  for (const p of model.parameters()) p.data -= 0.1 * p.grad;
}
