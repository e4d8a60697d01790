// The panel's "Check gradient": one leaf or all of them, in the run's process after the run, at
// the point the last backward() saw; a kink on the way to the root is named; a wrong rule is caught.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value, forwardOrder } from '../../../src/engine';
import { unaryRules } from '../../../src/engine/rules';
import { checkLeaf, kinkOn, snapshotLeaves } from '../../../src/runner/gradcheck';
import { run } from '../../helpers/run';

const TRAINING = `import { Value, nn, manualSeed } from 'gradlens';
manualSeed(3);
const model = new nn.MLP(2, [4, 1]);
const xs = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
const ys = [1, -1, -1, 1];
for (let k = 0; k < 30; k++) {
  const preds = xs.map((x) => model.forward(x) as Value);
  const loss = preds.map((p, i) => p.sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.05 * p.grad;
}
`;

describe('Check gradient (the panel\'s)', () => {
  it('checks every parameter at the point the last backward() saw, and one node on its own', async () => {
    const r = await run(TRAINING, { mode: 'train', recordMb: 64, keep: true });
    try {
      const all = (await r.handle.gradcheck(null))!;
      assert.equal(all.at, 'last-step');
      assert.equal(all.lines.length, 17, 'the 17 parameters of a 2-4-1 network');
      assert.ok(all.lines.every((l) => l.ok), all.lines.filter((l) => !l.ok).map((l) => `${l.label} ${l.analytic} ${l.numeric}`).join('; '));
      // The analytic side is the gradient the panel shows for that node.
      const param = r.result!.graph.nodes.find((n) => n.isParameter)!;
      const one = (await r.handle.gradcheck(param.id))!;
      assert.equal(one.lines.length, 1);
      assert.equal(one.lines[0].nodeId, param.id);
      assert.ok(Math.abs(one.lines[0].analytic - param.grad!) < 1e-12, `${one.lines[0].analytic} vs the graph's ${param.grad}`);
      assert.equal(await r.handle.gradcheck(r.result!.graph.root).then((a) => a!.lines.length), 0, 'the root is not a leaf');
    } finally {
      r.handle.dispose();
    }
  });

  it('without a record, checks at the values after the run, where it recomputes the gradient too', async () => {
    const r = await run(TRAINING, { mode: 'train', keep: true });
    try {
      const all = (await r.handle.gradcheck(null))!;
      assert.equal(all.at, 'now');
      assert.ok(all.lines.length === 17 && all.lines.every((l) => l.ok));
    } finally {
      r.handle.dispose();
    }
  });

  it('names the kink when relu sits at 0 on the way to the root', async () => {
    const r = await run(`import { Value } from 'gradlens';\nconst x = new Value(0);\nconst w = new Value(3);\nconst y = x.relu().mul(w);\ny.backward();\n`, { keep: true });
    try {
      const answer = (await r.handle.gradcheck(null))!;
      const x = answer.lines.find((l) => l.label === 'x')!;
      assert.equal(x.ok, false, 'relu\'s derivative at 0 is 0; a central difference says 1.5');
      assert.equal(x.kink, 'relu(x) at x = 0');
      const w = answer.lines.find((l) => l.label === 'w')!;
      assert.equal(w.ok, true);
      assert.equal(w.kink, null);
    } finally {
      r.handle.dispose();
    }
  });

  it('catches a deliberately wrong local derivative', () => {
    const a = new Value(0.7, { label: 'a' });
    const b = a.tanh().mul(2);
    const right = unaryRules.tanh.d;
    unaryRules.tanh.d = (x, k, out) => 2 * right(x, k, out); // wrong on purpose
    try {
      b.backward();
      const line = checkLeaf(b, a, snapshotLeaves(b), 'a');
      assert.equal(line.ok, false);
      assert.ok(Math.abs(line.analytic / line.numeric - 2) < 1e-6, `${line.analytic} is twice ${line.numeric}`);
      assert.equal(kinkOn(forwardOrder(b), a), null, 'no kink explains it');
    } finally {
      unaryRules.tanh.d = right;
    }
  });
});
