// The decision boundary the worker sends: every cell's score is what the model's own forward()
// gives there, the grid covers the points, the accuracy is a direct count — and evaluating it
// leaves the run as it was (no loss point, no plot, the statement location, the model's mode and
// the random stream untouched).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value, makeMoons, manualSeed, nn, randn, tensor, tracing, type PlotModel, type PlotRequest, type Tensor } from '../../../src/engine';
import { cellCentre, evaluateBoundary } from '../../../src/runner/decision-boundary';
import type { DecisionBoundary } from '../../../src/protocol';

manualSeed(1337);
const moons = makeMoons(100, { noise: 0.1 });
const plusMinus = moons.y.map((l) => l * 2 - 1);

const request = (model: PlotModel, y = plusMinus, resolution = 40): PlotRequest => ({ model, X: moons.X, y, negativeLabel: y.includes(-1) ? -1 : 0, resolution });

/** Each cell's centre, row by row from the bottom. */
function centres(b: DecisionBoundary): number[][] {
  const points: number[][] = [];
  for (let j = 0; j < b.ny; j++) for (let i = 0; i < b.nx; i++) points.push([cellCentre(b.x, b.nx, i), cellCentre(b.y, b.ny, j)]);
  return points;
}

const accuracyOf = (score: (p: number[]) => number, y: number[], threshold: number): number =>
  moons.X.filter((p, k) => score(p) > threshold === y[k] > 0).length / y.length;

describe('evaluateBoundary', () => {
  it("gives micrograd's MLP score at every cell, to the bit, and its accuracy on the points", () => {
    const model = new nn.MLP(2, [16, 16, 1]);
    const b = evaluateBoundary(request(model), 7);
    const score = (p: number[]): number => (model.forward(p) as Value).data;
    assert.deepEqual(Array.from(b.scores), centres(b).map(score));
    assert.equal(b.step, 7);
    assert.equal(b.threshold, 0);
    assert.equal(b.accuracy, accuracyOf(score, plusMinus, 0));
    assert.ok(b.accuracy > 0 && b.accuracy < 1, `an untrained model gets some points wrong (${b.accuracy})`);
  });

  it("gives a tensor module's score at every cell, from one batched forward", () => {
    manualSeed(1);
    const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 1));
    const b = evaluateBoundary(request(model, moons.y), 0);
    const score = (p: number[]): number => model.forward(tensor([p])).data[0];
    assert.deepEqual(Array.from(b.scores), centres(b).map(score));
    assert.equal(b.threshold, 0, 'a logit: its sign');
    assert.equal(b.accuracy, accuracyOf(score, moons.y, 0));
  });

  it('reads two class scores as their difference, and 0.5 as the threshold of a probability', () => {
    const twoLogits = new nn.Linear(2, 2);
    const two = evaluateBoundary(request(twoLogits, moons.y), 0);
    const logits = twoLogits.forward(tensor([[0.5, 0.25]])).data;
    const cell = evaluateBoundary({ ...request(twoLogits, moons.y), X: [[0.5, 0.25]], y: [1] }, 0);
    assert.equal(two.threshold, 0);
    assert.equal(cell.accuracy, logits[1] - logits[0] > 0 ? 1 : 0);

    const probability = new nn.Sequential(new nn.Linear(2, 1), new nn.Sigmoid());
    assert.equal(evaluateBoundary(request(probability, moons.y), 0).threshold, 0.5);
    assert.equal(evaluateBoundary(request(probability, plusMinus), 0).threshold, 0, '−1/1 labels: the sign');
  });

  it('evaluates a function of a point, whatever it returns', () => {
    const line = (p: number[]): number => p[0] + p[1] - 0.5;
    for (const model of [line, (p: number[]) => new Value(line(p)), (p: number[]) => tensor([line(p)])] as PlotModel[]) {
      const b = evaluateBoundary(request(model), 0);
      assert.deepEqual(Array.from(b.scores), centres(b).map(line));
      assert.equal(b.accuracy, accuracyOf(line, plusMinus, 0));
    }
  });

  it('covers the points with a margin, on a resolution × resolution grid', () => {
    const b = evaluateBoundary(request((p: number[]) => p[0], plusMinus, 12), 0);
    assert.deepEqual([b.nx, b.ny, b.scores.length], [12, 12, 144]);
    assert.deepEqual(Array.from(b.points.xs), moons.X.map((p) => p[0]));
    assert.deepEqual(Array.from(b.points.labels), plusMinus);
    const [xs, ys] = [moons.X.map((p) => p[0]), moons.X.map((p) => p[1])];
    assert.ok(b.x.min < Math.min(...xs) - 0.5 && b.x.max > Math.max(...xs) + 0.5, `x ${b.x.min}..${b.x.max}`);
    assert.ok(b.y.min < Math.min(...ys) - 0.5 && b.y.max > Math.max(...ys) + 0.5, `y ${b.y.min}..${b.y.max}`);
    assert.ok(b.ms >= 0);
  });

  it('says what a model with the wrong output gives', () => {
    assert.throws(() => evaluateBoundary(request(new nn.Linear(2, 3)), 0), /output for a batch of points \[1700, 2\] has shape \[1700, 3\]/);
    assert.throws(() => evaluateBoundary(request(() => 'yes' as never), 0), /one score per point .* it gave string/);
  });

  it('leaves the run as it was: hooks, statement, the model in training mode, the random stream', () => {
    const loc = { line: 3, col: 0, endLine: 3, endCol: 9 };
    const fired: string[] = [];
    Object.assign(tracing, { loc, onBackward: () => fired.push('backward'), onPlot: () => fired.push('plot') });
    try {
      // User code that itself calls backward() (a loss point) and moves the statement location.
      const noisy = (p: number[]): Value => {
        tracing.loc = { line: 9, col: 0, endLine: 9, endCol: 1 };
        const v = new Value(p[0]);
        v.backward();
        return v;
      };
      evaluateBoundary(request(noisy), 0);
      manualSeed(5);
      const dropout = new nn.Sequential(new nn.Linear(2, 8), new nn.Dropout(0.5), new nn.Linear(8, 1));
      const first = evaluateBoundary(request(dropout), 0);
      const next = randn(3).data;
      assert.deepEqual(first.scores, evaluateBoundary(request(dropout), 0).scores, 'dropout off while evaluating');
      assert.equal(dropout.training && dropout.modules().every((m) => m.training), true);
      manualSeed(5);
      new nn.Sequential(new nn.Linear(2, 8), new nn.Dropout(0.5), new nn.Linear(8, 1));
      assert.deepEqual(randn(3).data, next, 'no random number drawn');
      assert.deepEqual(fired, []);
      assert.equal(tracing.loc, loc);
    } finally {
      Object.assign(tracing, { loc: null, onBackward: null, onPlot: null });
    }
  });

  it('records no graph on a tensor model', () => {
    const model = new nn.Linear(2, 1);
    let output: Tensor | null = null;
    const wrapped = new (class extends nn.Module {
      readonly inner = model;
      forward(x: Tensor): Tensor {
        output = this.inner.forward(x);
        return output;
      }
    })();
    evaluateBoundary(request(wrapped), 0);
    assert.deepEqual([output!.shape, output!.requiresGrad, output!.isLeaf], [[1700, 1], false, true]);
  });
});
