// The loss stream's budget: small batches pass whole; large ones keep, per bucket, the lowest and
// highest loss and the first non-finite one, in step order, and always the last point.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keptIndices } from '../../../src/runner/decimate';

describe('thinning a batch of loss points', () => {
  it('keeps every point of a batch within the budget', () => {
    assert.deepEqual(keptIndices([3, 1, 2], 5), [0, 1, 2]);
  });

  it('keeps each bucket\'s extremes, in order, within the budget, and the last point', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) + (i === 4321 ? 10 : 0) - (i === 777 ? 10 : 0));
    const kept = keptIndices(values, 100);
    assert.ok(kept.length <= 100, `${kept.length} points`);
    assert.ok(kept.every((k, i) => i === 0 || k > kept[i - 1]), 'strictly increasing');
    assert.ok(kept.includes(4321) && kept.includes(777), 'the spike and the dip survive');
    assert.equal(kept[kept.length - 1], 9_999);
    // The overall extremes of every bucket are there: the thinned series spans the same range.
    const shown = kept.map((i) => values[i]);
    assert.equal(Math.max(...shown), Math.max(...values));
    assert.equal(Math.min(...shown), Math.min(...values));
  });

  it('keeps a NaN or an infinity that a bucket holds', () => {
    const values = Array.from({ length: 5_000 }, (_, i) => (i === 2_500 ? NaN : i === 4_000 ? Infinity : 1));
    const kept = keptIndices(values, 60);
    assert.ok(kept.includes(2_500) && kept.includes(4_000));
  });
});
