// The loss chart's y axes: at least two labels at any height, readable numbers for a loss that
// diverges or one that is tiny, powers of ten on a log scale.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStep, formatTick, linearTicks, logTicks, tickCount, type Ticks } from '../../../webview/chart-ticks';

/** What every axis must satisfy: ≥ 2 distinct labels, each reading as its tick, covering the data. */
function assertReadable(t: Ticks, lo: number, hi: number, count: number): void {
  assert.ok(t.values.length >= 2 && t.values.length <= count, `${t.values.length} ticks (at most ${count})`);
  assert.equal(new Set(t.labels).size, t.labels.length, `distinct labels: ${t.labels.join(', ')}`);
  t.labels.forEach((label, i) => {
    const v = t.values[i];
    assert.ok(Math.abs(Number(label) - v) <= Math.abs(v) * 1e-6, `"${label}" reads as ${v}`);
    assert.ok(label.length <= 10, `"${label}" is short`); // 1.000025e5: a narrow range far from 0
  });
  assert.ok(t.min <= lo && t.max >= hi, `[${t.min}, ${t.max}] covers [${lo}, ${hi}]`);
  assert.deepEqual([t.min, t.max], [t.values[0], t.values[t.values.length - 1]], 'ticks at both ends');
}

describe('loss chart ticks', () => {
  it('fits one tick per 20 px, never fewer than two', () => {
    assert.equal(tickCount(60), 4);
    assert.equal(tickCount(10), 2);
  });

  it('labels an exploding loss on a linear axis 60 px tall', () => {
    const t = linearTicks(0.5, 1e30, tickCount(60));
    assertReadable(t, 0.5, 1e30, 4);
    assert.deepEqual(t.labels, ['0', '5e29', '1e30']);
  });

  it('labels a log axis 60 px tall with powers of ten, none of them "0"', () => {
    const t = logTicks(1e-3, 100, tickCount(60));
    assertReadable(t, 1e-3, 100, 4);
    assert.deepEqual(t.labels, ['1e-3', '0.1', '10', '1000']);
    const exploding = logTicks(0.5, 1e30, tickCount(60));
    assertReadable(exploding, 0.5, 1e30, 4);
    assert.ok(exploding.values.every((v) => Number.isInteger(Math.log10(v))), exploding.labels.join(', '));
  });

  it('adds 2× and 5× on a log axis that spans less than a decade', () => {
    assert.deepEqual(logTicks(0.2, 0.5, 8).labels, ['0.1', '0.2', '0.5', '1']);
  });

  it('keeps labels readable for tiny, huge, flat and negative ranges', () => {
    const cases: [number, number][] = [[1e-7, 3e-7], [0.98, 1.02], [3, 3], [-2.5, 0.1], [1e5, 1e5 + 7], [1e300, 1e308], [-1e308, 1e308], [0, 1e-300]];
    for (const [lo, hi] of cases) {
      for (const px of [30, 60, 150, 400]) assertReadable(linearTicks(lo, hi, tickCount(px)), lo, hi, tickCount(px));
    }
    for (const [lo, hi] of [[1e-300, 1e300], [5e-324, 1], [1e-7, 1e-7], [1, 1.7e308]] as [number, number][]) {
      for (const px of [30, 60, 400]) {
        const t = logTicks(lo, hi, tickCount(px));
        assert.ok(t.values.length >= 2 && t.values.every((v) => v > 0 && Number.isFinite(v)), `${lo}..${hi}: ${t.labels.join(', ')}`);
      }
    }
  });

  it('writes ticks and steps compactly', () => {
    assert.deepEqual([1e-3, 0.01, 0.5, 10, 1e6, -2.5e-7, 0].map(formatTick), ['1e-3', '0.01', '0.5', '10', '1e6', '-2.5e-7', '0']);
    assert.deepEqual([950, 2500, 25_000, 1_500_000, 2e9].map(formatStep), ['950', '2,500', '25k', '1.5M', '2B']);
  });
});
