// Drawing a long loss series: the block pyramid answers range extremes exactly, and min/max per
// pixel column keeps every column's extremes, the last point, and the points that cannot be drawn.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimate, search } from '../../../webview/chart-decimate';
import { Column, Extent, NAN, NEG_INF, NON_POSITIVE, POS_INF } from '../../../webview/chart-extremes';

/** A deterministic pseudo-random sequence (so that a failure can be replayed). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function column(values: number[]): Column {
  const c = new Column();
  values.forEach((v) => c.push(v));
  return c;
}

const steps = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i + 1);

describe('loss chart decimation', () => {
  it('finds the extremes of any range through the pyramid as a scan would', () => {
    const rnd = random(7);
    const values = Array.from({ length: 20_000 }, (_, i) => (i % 997 === 0 ? [NaN, Infinity, -Infinity][i % 3] : rnd() * 4 - 1));
    const c = column(values);
    for (let k = 0; k < 300; k++) {
      const lo = Math.floor(rnd() * values.length);
      const hi = lo + 1 + Math.floor(rnd() * (values.length - lo));
      const e = new Extent(c.values.array);
      c.extentOf(e, lo, hi);
      const range = values.slice(lo, hi);
      const finite = range.filter(Number.isFinite);
      assert.equal(values[e.minAt], Math.min(...finite), `min of [${lo}, ${hi})`);
      assert.equal(values[e.maxAt], Math.max(...finite), `max of [${lo}, ${hi})`);
      assert.equal(values[e.minPosAt], Math.min(...finite.filter((v) => v > 0)));
      const bad = range.findIndex((v) => !Number.isFinite(v));
      assert.equal(e.badAt, bad < 0 ? -1 : lo + bad, 'the first non-finite point');
      const flags = (range.some(Number.isNaN) ? NAN : 0) | (range.includes(Infinity) ? POS_INF : 0) | (range.includes(-Infinity) ? NEG_INF : 0);
      assert.equal(e.flags & (NAN | POS_INF | NEG_INF), flags);
    }
  });

  it('finds a column’s edge among uneven steps as a scan would (interpolation, then galloping)', () => {
    const rnd = random(11);
    const xs = new Float64Array(5000);
    for (let i = 1; i < xs.length; i++) xs[i] = xs[i - 1] + (rnd() < 0.1 ? 1 + Math.floor(rnd() * 500) : rnd() < 0.5 ? 0 : 1);
    for (let k = 0; k < 2000; k++) {
      const x = rnd() < 0.5 ? xs[Math.floor(rnd() * xs.length)] : rnd() * (xs[xs.length - 1] + 10) - 5; // on a step, or between
      const lo = Math.floor(rnd() * xs.length);
      const hi = lo + Math.floor(rnd() * (xs.length - lo + 1));
      for (const after of [false, true]) {
        let expected = lo;
        while (expected < hi && (xs[expected] < x || (after && xs[expected] === x))) expected++;
        assert.equal(search(xs, x, lo, hi, after), expected, `x ${x} in [${lo}, ${hi}) after ${after}`);
      }
    }
  });

  it('keeps each column’s min and max and the last point', () => {
    const rnd = random(3);
    const n = 100_000;
    const values = Array.from({ length: n }, (_, i) => Math.exp(-i / 3e4) + rnd() * 0.1);
    const xs = steps(n);
    const { indices, marks } = decimate(xs, column(values), 1, n, 100, false);
    assert.ok(indices.length <= 3 * 100, `${indices.length} points drawn for 100 columns`);
    assert.deepEqual(marks, []);
    assert.equal(indices[indices.length - 1], n - 1, 'the last point');
    const width = (n - 1) / 100;
    for (let c = 0; c < 100; c++) {
      const inColumn = (i: number): boolean => xs[i] >= 1 + c * width && (c === 99 || xs[i] < 1 + (c + 1) * width);
      const all = values.filter((_, i) => inColumn(i));
      const drawn = indices.filter(inColumn).map((i) => values[i]);
      assert.equal(Math.min(...drawn), Math.min(...all), `column ${c} min`);
      assert.equal(Math.max(...drawn), Math.max(...all), `column ${c} max`);
    }
  });

  it('draws every point when there are fewer than columns', () => {
    assert.deepEqual(decimate(steps(5), column([5, 4, 3, 2, 1]), 1, 5, 500, false).indices, [0, 1, 2, 3, 4]);
  });

  it('shows a NaN or an infinity as such: a break in the line and a mark of its kind', () => {
    const values = Array.from({ length: 10_000 }, () => 1);
    values[2500] = NaN;
    values[7000] = Infinity;
    values[9999] = -Infinity;
    const { indices, marks } = decimate(steps(10_000), column(values), 1, 10_000, 50, false);
    for (const at of [2500, 7000, 9999]) assert.ok(indices.includes(at), `point ${at} is drawn (as a gap)`);
    assert.deepEqual(marks, [{ at: 2500, flags: NAN }, { at: 7000, flags: POS_INF }, { at: 9999, flags: NEG_INF }]);
  });

  it('on a log scale, breaks at values ≤ 0 and takes the smallest positive value as the minimum', () => {
    const values = [0.5, 0, 0.25, -3, 2];
    const { indices, marks } = decimate(steps(5), column(values), 1, 5, 1, true);
    assert.deepEqual(indices, [1, 2, 4], 'the first value ≤ 0, the smallest > 0, the largest (also the last)');
    assert.deepEqual(marks, [{ at: 1, flags: NON_POSITIVE }]);
    assert.deepEqual(decimate(steps(5), column(values), 1, 5, 1, false).marks, [], 'a linear scale draws them');
  });

  it('zoomed in, keeps the nearest point on each side so the line reaches the edges', () => {
    // Steps 401..410 are in range; step 400 (index 399) and 411 (index 410) are its neighbours.
    const { indices } = decimate(steps(1000), column(Array.from({ length: 1000 }, (_, i) => i)), 400.5, 410.5, 100, false);
    assert.deepEqual(indices, [399, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410]);
  });
});
