// The loss chart's data: TensorBoard's debiased EMA, metrics aligned on the step axis, what a log
// scale can draw, and the run's pace.
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

  it('appends batches, aligns metrics on the step axis, gaps where a series has no point', () => {
    const d = new ChartData(0);
    d.appendLoss(cols([1, 2, 3], [3, 2, 1]));
    d.appendMetrics(['acc', 'acc'], { steps: [2, 4], values: [0.5, 0.75] });
    d.appendLoss(cols([4], [0.5]));
    assert.deepEqual(d.aligned(), [[1, 2, 3, 4], [3, 2, 1, 0.5], [3, 2, 1, 0.5], [null, 0.5, null, 0.75]]);
    assert.deepEqual(d.metricNames(), ['acc']);
    assert.deepEqual(d.lastLoss(), { step: 4, value: 0.5, smoothed: 0.5 });
  });

  it('puts a metric reported before any loss at its step in order', () => {
    const d = new ChartData(0);
    d.appendLoss(cols([2, 3], [2, 1]));
    d.appendMetrics(['lr'], { steps: [1], values: [0.1] });
    assert.deepEqual(d.aligned(), [[1, 2, 3], [null, 2, 1], [null, 2, 1], [0.1, null, null]]);
  });

  it('draws no NaN, Inf or (on a log scale) non-positive loss, but keeps and counts them', () => {
    const d = new ChartData(0, true);
    d.appendLoss(cols([1, 2, 3, 4], [1, 0, NaN, 0.1]));
    assert.deepEqual(d.loss, [1, null, null, 0.1]);
    assert.equal(d.nonFinite, 1);
    d.setLogScale(false);
    assert.deepEqual(d.loss, [1, 0, null, 0.1]);
    assert.deepEqual(d.saved().values.map(String), ['1', '0', 'NaN', '0.1']);
  });

  it('recomputes the smoothed curve when the weight changes', () => {
    const d = new ChartData(0);
    d.appendLoss(cols([1, 2, 3], [1, 2, 3]));
    d.setSmoothing(0.6);
    assert.deepEqual(d.smoothed, smooth([1, 2, 3], 0.6));
  });

  it('measures steps per second over the last second of run time', () => {
    const d = new ChartData();
    d.appendLoss(cols([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], [0, 500, 1000, 1500, 2000]));
    assert.equal(d.stepsPerSecond(), 2);
    assert.equal(d.lastTime, 2000);
  });
});
