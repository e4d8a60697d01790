// plotDecisionBoundary in the engine: its arguments are checked with messages in the user's terms;
// outside a run nothing else happens; in a run the hook gets the model and copies of the data.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { nn, plotDecisionBoundary, tensor, tracing, type PlotRequest } from '../../../src/engine';

const model = new nn.MLP(2, [4, 1]);
const X = [[0, 0], [1, 1], [2, 0]];

describe('plotDecisionBoundary', () => {
  afterEach(() => {
    tracing.onPlot = null;
  });

  it('says what is wrong with its arguments', () => {
    const cases: Array<[() => void, RegExp]> = [
      [() => plotDecisionBoundary(42 as never, X, [1, -1, 1]), /model must be a model with forward\(\).*got a number \(42\)/],
      [() => plotDecisionBoundary(new nn.MLP(3, [1]), X, [1, -1, 1]), /the model takes 3 inputs, but a point has 2/],
      [() => plotDecisionBoundary(model, [[0, 0, 1]], [1]), /X must hold 2-D points.*X\[0\] is an array \(\[0, 0, 1\]\)/],
      [() => plotDecisionBoundary(model, tensor([[1, 2, 3]]), [1]), /shape \[n, 2\]; got a Tensor of shape \[1, 3\]/],
      [() => plotDecisionBoundary(model, [[0, NaN]], [1]), /coordinates of X\[0\] must be finite numbers; got \[0, NaN\]/],
      [() => plotDecisionBoundary(model, [], []), /X has no points/],
      [() => plotDecisionBoundary(model, X, [1, -1]), /X has 3 points but y has 2 labels/],
      [() => plotDecisionBoundary(model, X, [1, 2, 1]), /y\[1\] is a number \(2\); labels must be two classes, −1\/1.* or 0\/1/],
      [() => plotDecisionBoundary(model, X, [-1, 0, 1]), /mixes the labels −1 and 0/],
      [() => plotDecisionBoundary(model, X, tensor([[1, 0]])), /one label per point, shape \[n\]/],
      [() => plotDecisionBoundary(model, X, [1, 0, 1], { resolution: 1000 }), /integer from 2 to 200; got 1000/],
      [() => plotDecisionBoundary(model, X, [1, 0, 1], { steps: 3 } as never), /unknown option 'steps'/],
    ];
    for (const [call, message] of cases) assert.throws(call, message);
  });

  it('only checks its arguments outside a GradLens run', () => {
    const before = { ...tracing };
    plotDecisionBoundary(model, X, [1, -1, 1]);
    assert.deepEqual({ ...tracing }, before);
  });

  it('hands the run the model itself and copies of the points and labels', () => {
    const received: PlotRequest[] = [];
    tracing.onPlot = (plot) => received.push(plot);
    const points = X.map((p) => [...p]);
    const labels = [1, -1, 1];
    plotDecisionBoundary(model, points, labels, { resolution: 12 });
    points[0][0] = 99;
    labels[0] = -1;
    assert.equal(received.length, 1);
    assert.equal(received[0].model, model);
    assert.deepEqual(received[0].X, X);
    assert.deepEqual(received[0].y, [1, -1, 1]);
    assert.equal(received[0].negativeLabel, -1);
    assert.equal(received[0].resolution, 12);
  });

  it('reads tensors and 0/1 labels, with 40 cells per side by default', () => {
    const received: PlotRequest[] = [];
    tracing.onPlot = (plot) => received.push(plot);
    const fn = (p: number[]): number => p[0] - p[1];
    plotDecisionBoundary(fn, tensor(X), tensor([[0], [1], [1]]));
    assert.equal(received[0].model, fn);
    assert.deepEqual(received[0].X, X);
    assert.deepEqual(received[0].y, [0, 1, 1]);
    assert.equal(received[0].negativeLabel, 0);
    assert.equal(received[0].resolution, 40);
  });
});
