// The NaN/Inf warning in the user's terms: their variable, the step, what can cause it, and —
// after a loss that grew step after step — the learning rate. Through real runs of the examples'
// two ways to go wrong, then the wording's parts on their own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LossWatch, describeNonFinite } from '../../../src/runner/non-finite';
import { run } from '../../helpers/run';

describe('where a NaN or an infinity came from', () => {
  it('log of a negative number: the user\'s variable, its line, the cause; no step in a one-step run', async () => {
    const r = await run(`import { torch } from 'gradlens';\nconst x = torch.tensor([0.5, -1], { requiresGrad: true });\nconst logs = x.log();\nconst loss = logs.sum();\nloss.backward();\n`);
    const bad = r.result!.nonFinite!;
    assert.equal(bad.loc!.line, 2);
    assert.match(bad.message, /^`logs` became NaN here: the log of a value ≤ 0\./);
    assert.doesNotMatch(bad.message, /step/);
  });

  it('an exploding learning rate: the parameter it made infinite, the step the loss went, how it grew, the learning rate named', async () => {
    const source = `import { Value } from 'gradlens';
const w = new Value(1);
for (let step = 0; step < 2000; step++) {
  w.grad = 0;
  const loss = w.mul(3).sub(1).pow(2);
  loss.backward();
  w.data -= 1.5 * w.grad;
}
`;
    const r = await run(source);
    const bad = r.result!.nonFinite!;
    // The loss overflowed first; the update then made w itself non-finite, and w leads the last graph.
    assert.equal(bad.loc!.line, 1);
    assert.match(bad.message, /^`w` is (infinite|NaN): a parameter or input .*; the loss first went infinite at step \d+\./);
    assert.match(bad.message, /the loss grew from 4 at step 1 to [\d.]+e\+\d+ at step \d+: .*learning rate is usually too high/);
  });

  it('a finite run has nothing to report', async () => {
    const r = await run(`import { Value } from 'gradlens';\nconst a = new Value(2);\na.mul(3).backward();\n`);
    assert.equal(r.result!.nonFinite, null);
  });

  it('says nothing of growth when the loss did not grow, and speaks of the gradient when only it went bad', () => {
    const flat = new LossWatch();
    for (let step = 1; step <= 10; step++) flat.onLoss(step, 1);
    flat.onLoss(11, NaN);
    assert.equal(flat.growth(), null);
    const message = describeNonFinite({ name: 'y', op: 'div', isNaN: true, inGradient: false, loc: null }, flat);
    assert.equal(message, '`y` became NaN here at step 11 (the 11th backward()): a division by zero (or of two infinities). Everything computed from it is NaN too.');
    assert.match(describeNonFinite({ name: 'r', op: 'sqrt', isNaN: false, inGradient: true, loc: null }, flat), /^The gradient of `r` became infinite here, though every value was finite/);
  });
});
