// plotDecisionBoundary() in a run: the boundary comes at the call, again while the model trains
// (at most every 200 ms of run time), and once more for the trained model; a call with a model
// that cannot be plotted fails at the user's line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BoundaryEvent } from '../../../src/protocol';
import { run } from '../../helpers/run';

const MOONS = `import { Value, nn, makeMoons, manualSeed, plotDecisionBoundary } from 'gradlens';
manualSeed(1337);
const { X, y } = makeMoons(40, { noise: 0.1 });
const labels = y.map((l) => l * 2 - 1);
const model = new nn.MLP(2, [8, 8, 1]);
plotDecisionBoundary(model, X, labels);
const start = performance.now();
for (let k = 0; performance.now() - start < 1200; k++) {
  const scores = X.map((row) => model.forward(row.map((x) => new Value(x))) as Value);
  const loss = scores.map((s, i) => s.mul(-labels[i]).add(1).relu()).reduce((a, b) => a.add(b)).div(X.length);
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.1 * p.grad;
}
`;

describe('plotDecisionBoundary in a run', () => {
  it('sends the boundary at the call, while training, and for the trained model', async () => {
    const r = await run(MOONS, { mode: 'train' });
    assert.equal(r.status, 'completed', r.why);
    const boundaries = r.events.filter((e): e is BoundaryEvent => e.type === 'boundary').map((e) => e.boundary);
    assert.equal(boundaries[0].step, 0, 'at the call, before any step');
    assert.ok(boundaries.length >= 3 && boundaries.length <= 12, `${boundaries.length} boundaries in 1.2 s`);
    const steps = boundaries.map((b) => b.step);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
    const last = boundaries[boundaries.length - 1];
    assert.ok(last.accuracy > boundaries[0].accuracy, `accuracy ${boundaries[0].accuracy} → ${last.accuracy}`);
    assert.equal(last.points.xs.length, 40);
    assert.notDeepEqual(Array.from(last.scores), Array.from(boundaries[0].scores), 'the boundary moved');
    // The boundary's work is not part of the graph: the result is the training's last step.
    assert.equal(r.result!.rootReason, 'backward');
  });

  it('a model that cannot be plotted fails at its line', async () => {
    const r = await run(`import { nn, plotDecisionBoundary } from 'gradlens';\nconst model = new nn.MLP(3, [1]);\nplotDecisionBoundary(model, [[0, 1], [1, 0]], [1, -1]);\n`);
    assert.equal(r.status, 'failed');
    assert.equal(r.error!.line, 2);
    assert.match(r.error!.message, /plotDecisionBoundary/);
  });
});
