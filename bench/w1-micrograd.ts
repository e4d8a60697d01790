// W1: micrograd's demo notebook (demo.ipynb) — an MLP(2, [16, 16, 1]) on 100 moons with the
// max-margin loss plus L2 regularisation, 100 steps of full-batch SGD. Every step builds a graph
// of ~60k Values and drops it: an allocation-heavy workload that is sensitive to the young
// generation size, so index.ts runs it on the main thread and in a worker with GradLens's limits.
import { engine, type Value } from './engine';

const { Value: V, nn, makeMoons, manualSeed } = engine;

export interface MicrogradResult {
  msPerStep: number[];
  /** At the last step (what the demo prints), and of the trained model. */
  lastStepAccuracy: number;
  finalAccuracy: number;
  loss: number;
}

const sum = (xs: Value[]): Value => xs.reduce((acc, x) => acc.add(x));

export function micrograd(steps = 100): MicrogradResult {
  manualSeed(1337);
  const { X, y: labels } = makeMoons(100, { noise: 0.1 });
  const y = labels.map((l) => l * 2 - 1);
  const model = new nn.MLP(2, [16, 16, 1]);
  const msPerStep: number[] = [];
  let lastStepAccuracy = 0;
  let loss = 0;
  const accuracy = (scores: Value[]): number => scores.filter((score, i) => score.data > 0 === y[i] > 0).length / y.length;

  for (let k = 0; k < steps; k++) {
    const start = performance.now();
    const scores = X.map((row) => model.forward(row.map((x) => new V(x))) as Value);
    // svm "max-margin" loss, plus alpha * sum(p * p)
    const losses = scores.map((score, i) => score.mul(-y[i]).add(1).relu());
    const dataLoss = sum(losses).mul(1 / losses.length);
    const params = model.parameters();
    const regLoss = sum(params.map((p) => p.mul(p))).mul(1e-4);
    const total = dataLoss.add(regLoss);
    lastStepAccuracy = accuracy(scores);

    model.zeroGrad();
    total.backward();
    const lr = 1 - (0.9 * k) / 100;
    for (const p of params) p.data -= lr * p.grad;
    msPerStep.push(performance.now() - start);
    loss = total.data;
  }
  const finalAccuracy = accuracy(X.map((row) => model.forward(row) as Value));
  return { msPerStep, lastStepAccuracy, finalAccuracy, loss };
}
