// The step scrubber's record: parameters at each step within a memory cap (every 2nd, 4th, …
// step once it is full), and the graph at a recorded step recomputed from them — checked against
// the engine training the same model step by step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value, manualSeed, nn } from '../../../src/engine';
import type { GraphView } from '../../../src/protocol';
import { StepRecord } from '../../../src/runner/step-record';
import { run } from '../../helpers/run';

/** micrograd's 2-4-1 network, full batch: every step builds the same graph from the same inputs. */
const TRAINING = `import { Value, nn, manualSeed } from 'gradlens';
manualSeed(7);
const model = new nn.MLP(2, [4, 1]);
const xs = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
const ys = [1, -1, -1, 1];
for (let k = 0; k < 40; k++) {
  const preds = xs.map((x) => model.forward(x) as Value);
  const loss = preds.map((p, i) => p.sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.05 * p.grad;
}
`;

/** The same training in this process: parameters' data and grads, and the loss, at each step. */
function engineSteps(): Array<{ loss: number; data: number[]; grads: number[] }> {
  manualSeed(7);
  const model = new nn.MLP(2, [4, 1]);
  const xs = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
  const ys = [1, -1, -1, 1];
  const out: Array<{ loss: number; data: number[]; grads: number[] }> = [];
  for (let k = 0; k < 40; k++) {
    const preds = xs.map((x) => model.forward(x) as Value);
    const loss = preds.map((p, i) => p.sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));
    model.zeroGrad();
    loss.backward();
    out.push({ loss: loss.data, data: model.parameters().map((p) => p.data), grads: model.parameters().map((p) => p.grad) });
    for (const p of model.parameters()) p.data -= 0.05 * p.grad;
  }
  return out;
}

const parameters = (view: GraphView) => view.nodes.filter((n) => n.isParameter).sort((a, b) => a.id - b.id);

describe('the step scrubber', () => {
  it('shows any recorded step as the engine computed it, and leaves the final graph as it was', async () => {
    const r = await run(TRAINING, { mode: 'train', recordMb: 64, keep: true });
    try {
      assert.deepEqual(r.result!.record, { first: 1, stride: 1, count: 40, bytes: 40 * 2 * 17 * 8, capBytes: 64 * 1024 * 1024 });
      const expected = engineSteps();
      const labelsInOrder = parameters(r.result!.graph).map((n) => n.label);
      for (const step of [1, 2, 17, 40]) {
        const view = (await r.handle.scrub(step, []))!;
        assert.equal(view.exact, true, `step ${step}`);
        assert.equal(view.graph.structure, r.result!.graph.structure);
        const root = view.graph.nodes.find((n) => n.id === view.graph.root)!;
        assert.ok(Math.abs(root.data! - expected[step - 1].loss) < 1e-12, `loss at step ${step}`);
        // Parameters by label, as the engine's model lists them.
        const byLabel = new Map(parameters(view.graph).map((n) => [n.label, n]));
        const names = new nn.MLP(2, [4, 1]).namedParameters().map(([path]) => path);
        names.forEach((name, j) => {
          const node = byLabel.get(name)!;
          assert.ok(Math.abs(node.data! - expected[step - 1].data[j]) < 1e-12, `${name} data at step ${step}`);
          assert.ok(Math.abs(node.grad! - expected[step - 1].grads[j]) < 1e-12, `${name} grad at step ${step}`);
        });
        assert.deepEqual(parameters(view.graph).map((n) => n.label), labelsInOrder);
      }
      // After scrubbing, the final graph (what a group's inside or another scrub reads) is intact.
      const again = (await r.handle.scrub(40, []))!;
      assert.deepEqual(again.graph.nodes.map((n) => [n.data, n.grad]), (await r.handle.scrub(40, []))!.graph.nodes.map((n) => [n.data, n.grad]));
      assert.equal(await r.handle.scrub(41, []), null, 'a step not recorded');
    } finally {
      r.handle.dispose();
    }
  });

  it("says a step is inexact when its inputs were not the last step's (mini-batches)", async () => {
    const batches = TRAINING.replace('const preds = xs.map((x) => model.forward(x) as Value);', 'const preds = xs.map((x) => model.forward(x.map((v) => v * (1 + (k % 3)))) as Value);');
    const r = await run(batches, { mode: 'train', recordMb: 64, keep: true });
    try {
      assert.equal((await r.handle.scrub(40, []))!.exact, true, 'the last step is its own graph');
      assert.equal((await r.handle.scrub(38, []))!.exact, false);
    } finally {
      r.handle.dispose();
    }
  });

  it('past its memory cap keeps evenly spaced steps from the first to the latest', () => {
    const v = new Value(1);
    const frameBytes = 2 * 8; // one parameter: data and grad
    const record = new StepRecord(10 * frameBytes, () => [v]);
    for (let step = 1; step <= 100; step++) {
      v.data = step;
      record.onBackward(step, step / 10);
    }
    const info = record.info!;
    assert.equal(info.first, 1);
    assert.ok(info.bytes <= info.capBytes, `${info.bytes} bytes under a cap of ${info.capBytes}`);
    assert.equal(info.stride, 16);
    // Steps 1, 17, 33, … 97: spaced by the stride, reaching the end of the run.
    assert.equal(info.first + (info.count - 1) * info.stride, 97);
  });

  it("records nothing without a module's parameters, and is off unless asked for", async () => {
    const manual = await run(`import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = a.mul(a);\nb.backward();\n`, { recordMb: 64 });
    assert.equal(manual.result!.record, null);
    const off = await run(TRAINING, { mode: 'train' });
    assert.equal(off.result!.record, null);
  });
});
