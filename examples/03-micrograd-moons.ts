// micrograd's demo: an MLP(2, [16, 16, 1]) of scalar Values separates two moons with a
// max-margin loss, in 100 steps of SGD. Click "Train this model": the graph, the Health tab and
// the Boundary tab (plotDecisionBoundary, the figure that ends micrograd's notebook) follow it
// live; afterwards the Step slider replays any step.
import { Value, nn, makeMoons, manualSeed, plotDecisionBoundary } from 'gradlens';

manualSeed(1337);
const { X, y } = makeMoons(100, { noise: 0.1 });
const labels = y.map((label) => label * 2 - 1); // -1 or +1

const model = new nn.MLP(2, [16, 16, 1]);
console.log(`${model}\nparameters: ${model.parameters().length}`);
plotDecisionBoundary(model, X, labels);

for (let step = 0; step < 100; step++) {
  const scores = X.map((row) => model.forward(row.map((x) => new Value(x))) as Value);
  // SVM max-margin loss, plus L2 regularization — written as micrograd writes it (in a GradLens
  // run, operators on Values build the graph, as .add(), .mul(), … do).
  const losses = scores.map((score, i) => (1 + -labels[i] * score).relu());
  const dataLoss = losses.reduce((sum, l) => sum + l) / losses.length;
  const regLoss = 1e-4 * model.parameters().reduce((sum, p) => sum + p * p, new Value(0));
  const totalLoss = dataLoss + regLoss;
  const accuracy = scores.filter((score, i) => score.data > 0 === labels[i] > 0).length / scores.length;

  model.zeroGrad();
  totalLoss.backward();
  const learningRate = 1 - (0.9 * step) / 100;
  for (const p of model.parameters()) p.data -= learningRate * p.grad;

  if (step % 10 === 0 || step === 99) console.log(`step ${step} loss ${totalLoss.data.toFixed(4)}, accuracy ${(accuracy * 100).toFixed(0)}%`);
}
