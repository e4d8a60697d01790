// The loss chart's data: TensorBoard's debiased EMA (kept incrementally over typed storage),
// metrics aligned on the step axis, what a log scale can draw, a bounded saved state, and the
// run's pace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChartData, DebiasedEma, smooth } from '../../../webview/chart-data';

const cols = (steps: number[], values: number[], times = steps.map((s) => s * 10)) => ({ steps, values, times });

describe('loss chart data', () => {
  it('smooths as TensorBoard does: EMA divided by 1 − w^n, starting at the first point', () => {
    const w = 0.6;
    const ys = [1, 2, 3, 4];
    // TensorBoard's loop, written out: last = last·w + (1 − w)·y; smoothed = last / (1 − w^n)
    let last = 0;
    const expected = ys.map((y, i) => ((last = last * w + (1 - w) * y), last / (1 - w ** (i + 1))));
    assert.deepEqual(smooth(ys, w), expected);
    assert.equal(smooth([5], 0.99)[0], 5, 'debiased: the first point is the data itself');
    assert.deepEqual(smooth(ys, 0), ys, 'weight 0: no smoothing');
  });

  it('lets NaN and Inf through unsmoothed without moving the average', () => {
    const ema = new DebiasedEma(0.5);
    assert.equal(ema.next(2), 2);
    assert.ok(Number.isNaN(ema.next(NaN)));
    assert.equal(ema.next(Infinity), Infinity);
    assert.equal(ema.next(2), 2);
  });

  it('aligns loss, smoothed loss and metrics on one step axis; undefined where a series has no point', () => {
    const d = new ChartData(0.5);
    d.appendLoss(cols([2, 3], [2, 1]));
    d.appendMetrics(['acc', 'lr', 'acc'], { steps: [1, 2, 4], values: [0.5, 0.1, 0.75] });
    d.appendLoss(cols([4], [0.5]));
    const [x, loss, smoothed, acc, lr] = d.view(1000).data;
    assert.deepEqual(x, [1, 2, 3, 4]);
    assert.deepEqual(loss, [undefined, 2, 1, 0.5]);
    assert.deepEqual(smoothed, [undefined, ...smooth([2, 1, 0.5], 0.5)]);
    assert.deepEqual(acc, [0.5, undefined, undefined, 0.75]);
    assert.deepEqual(lr, [undefined, 0.1, undefined, undefined]);
    assert.deepEqual(d.metricNames(), ['acc', 'lr']);
    assert.deepEqual(d.lastLoss(), { step: 4, value: 0.5, smoothed: smooth([2, 1, 0.5], 0.5)[2] });
    assert.equal(new ChartData(0).view(1000).data.length, 2, 'no smoothing: no smoothed series');
  });

  it('draws no NaN, Inf or (on a log scale) non-positive loss, but marks, keeps and counts them', () => {
    const d = new ChartData(0, true);
    d.appendLoss(cols([1, 2, 3, 4], [1, 0, NaN, 0.1]));
    assert.deepEqual(d.view(1000).data[1], [1, null, null, 0.1]);
    assert.deepEqual(d.view(1000).marks.map((m) => m.step), [2, 3]);
    assert.deepEqual(d.view(1000).y, [0.1, 1]);
    assert.equal(d.nonFinite, 1);
    d.setLogScale(false);
    assert.deepEqual(d.view(1000).data[1], [1, 0, null, 0.1]);
    assert.deepEqual(d.view(1000).y, [0, 1]);
    assert.deepEqual(d.saved().values.map(String), ['1', '0', 'NaN', '0.1']);
  });

  it('keeps the smoothed curve exact over 200k points arriving in batches, and after a change of weight', () => {
    const n = 200_000;
    const values = Array.from({ length: n }, (_, i) => Math.exp(-i / 5e4) * (1 + Math.sin(i)));
    const d = new ChartData(0.9);
    for (let at = 0; at < n; at += 7919) {
      const steps = Array.from({ length: Math.min(7919, n - at) }, (_, k) => at + k + 1);
      d.appendLoss(cols(steps, steps.map((s) => values[s - 1])));
    }
    const check = (weight: number): void => {
      const expected = smooth(values, weight);
      const [x, , smoothed] = d.view(300).data;
      assert.ok(x.length < 3000, `${x.length} points drawn of ${n}`);
      x.forEach((step, i) => smoothed[i] !== undefined && assert.equal(smoothed[i], expected[step! - 1], `smoothed at step ${step}`));
      assert.equal(d.lastLoss()!.smoothed, expected[n - 1]);
    };
    check(0.9);
    d.setSmoothing(0.99);
    check(0.99);
  });

  it('saves a long run bounded, keeping its extremes, its NaN and its last point', () => {
    const n = 1_000_000;
    const steps = Float64Array.from({ length: n }, (_, i) => i + 1);
    const values = Float64Array.from(steps, (s) => 1 + Math.sin(s / 1000));
    values[123_456] = 1e30;
    values[654_321] = NaN;
    values[n - 1] = 0.5;
    const d = new ChartData(0.6);
    d.appendLoss({ steps, values, times: steps });
    const saved = d.saved();
    assert.ok(saved.steps.length <= 15_002, `${saved.steps.length} points saved`);
    assert.ok(saved.values.includes(1e30) && saved.values.some(Number.isNaN));
    const lowest = values.reduce((m, v) => (v < m ? v : m), Infinity);
    assert.equal(Math.min(...saved.values.filter(Number.isFinite)), lowest);
    assert.deepEqual([saved.steps.at(-1), saved.values.at(-1), saved.times.at(-1)], [n, 0.5, n]);
    const again = new ChartData(0.6);
    again.appendLoss(saved);
    assert.equal(again.lastLoss()?.step, n, 'a saved state reads back');
  });

  it('ignores a loss step that does not increase (a batch sent twice)', () => {
    const d = new ChartData(0);
    d.appendLoss(cols([1, 2, 3], [3, 2, 1]));
    d.appendLoss(cols([3, 4], [9, 0.5]));
    assert.deepEqual(d.view(1000).data[1], [3, 2, 1, 0.5]);
  });

  it('measures steps per second over the last second of run time', () => {
    const d = new ChartData();
    d.appendLoss(cols([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], [0, 500, 1000, 1500, 2000]));
    assert.equal(d.stepsPerSecond(), 2);
    assert.equal(d.lastTime, 2000);
  });
});
