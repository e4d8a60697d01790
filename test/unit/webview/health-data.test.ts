// The panel's training-health series and what they say in words (webview/health-data.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HealthEvent } from '../../../src/protocol';
import { HealthData, compact, percent } from '../../../webview/health-data';

/** One batch: `rows[i]` = [grad, ratio] per group at step steps[i]. */
function event(groups: string[], steps: number[], rows: number[][][]): HealthEvent {
  return {
    type: 'health',
    groups,
    steps: Float64Array.from(steps),
    gradNorms: Float64Array.from(rows.flatMap((r) => r.map(([g]) => g))),
    updateRatios: Float64Array.from(rows.flatMap((r) => r.map(([, u]) => u))),
  };
}

const steady = (n: number, grad: (i: number) => number, ratio: (i: number) => number, from = 1): HealthEvent =>
  event(['w'], Array.from({ length: n }, (_, i) => from + i), Array.from({ length: n }, (_, i) => [[grad(i), ratio(i)]]));

describe('training health in the panel', () => {
  it('keeps one series per group across batches; a group that appears later starts then', () => {
    const data = new HealthData();
    data.append(event(['a'], [1, 2], [[[1, -3]], [[2, -3.1]]]));
    data.append(event(['a', 'b'], [3, 4], [[[3, -3], [-Infinity, -Infinity]], [[4, -3], [0.5, -2.9]]]));
    assert.deepEqual(data.groups.get('a')!.steps, [1, 2, 3, 4]);
    assert.deepEqual(data.groups.get('b')!.steps, [4]);
    assert.deepEqual(data.groups.get('b')!.gradNorms, [0.5]);
  });

  it('is quiet about healthy training, and about tiny updates once the gradient has fallen (convergence)', () => {
    const healthy = new HealthData();
    healthy.append(steady(50, () => 1, () => -3));
    assert.deepEqual(healthy.warnings(), []);
    const converged = new HealthData();
    converged.append(steady(50, (i) => 10 ** -(i / 5), (i) => -3 - i / 5));
    assert.deepEqual(converged.warnings(), []);
  });

  it('says a learning rate is too high or too low from the latest updates', () => {
    const high = new HealthData();
    high.append(steady(30, () => 1, (i) => (i < 20 ? -3 : -1)));
    assert.match(high.warnings()[0].text, /Updates to w are ~10% of its weights per step: the learning rate may be too high/);
    const low = new HealthData();
    low.append(steady(30, () => 1, () => -6));
    assert.match(low.warnings()[0].text, /tiny \(~1e-6 .*gradient has not shrunk: the learning rate may be too low/);
  });

  it('says a NaN gradient is NaN', () => {
    const data = new HealthData();
    data.append(steady(12, (i) => (i < 10 ? 1 : NaN), () => -3));
    assert.match(data.warnings()[0].text, /The gradient of w is NaN from step 11: training has diverged\./);
  });

  it('names the step a gradient diverged at, and the updates that led there', () => {
    const data = new HealthData();
    data.append(steady(30, (i) => (i < 25 ? 10 ** i : Infinity), () => -0.3));
    const [warning] = data.warnings();
    assert.match(warning.text, /The gradient of w is infinite from step 26: training has diverged\. Before that, updates were ~50% of its weights per step: the learning rate is too high\./);
  });

  it('flags ReLUs when nearly all output 0 (half is normal), and saturated tanh units past half', () => {
    const data = new HealthData();
    data.appendActivations(7, { reluUnits: 20, deadRelu: 11, tanhUnits: 4, saturatedTanh: 1 });
    assert.deepEqual(data.warnings(), [], 'a ReLU is 0 for about half its inputs in a healthy network');
    data.appendActivations(9, { reluUnits: 20, deadRelu: 19, tanhUnits: 4, saturatedTanh: 3 });
    assert.deepEqual(data.warnings().map((w) => w.text), [
      '95% of ReLU outputs are 0 at step 9: almost no gradient flows back through them (dead ReLUs).',
      '75% of tanh outputs are saturated (|t| > 0.97) at step 9: their gradients are nearly 0.',
    ]);
  });

  it('formats labels short', () => {
    assert.deepEqual([0.330716, 9.513313e-6, 6.920961e153, 7.0208, -4, 0, Infinity].map(compact), ['0.33', '9.5e-6', '6.9e153', '7', '-4', '0', '+Inf']);
    assert.deepEqual([0.083, 0.0042, 3.1].map(percent), ['8%', '0.4%', '310%']);
  });
});
