// The gradient table's rows, the saved state, and the number formats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNumber as shared } from '../../../src/engine/number-format';
import { formatCount, formatNumber, numberChars, setPrecision } from '../../../webview/format';
import { shownGraph } from '../../../webview/graph/merge';
import { buildModel } from '../../../webview/graph/model';
import { fromPlain, thin, toPlain } from '../../../webview/state';
import { filterRows, rowsOf, sortRows } from '../../../webview/table-rows';
import { loadFixture, revive } from '../../browser/fixture';

function rows(name: string) {
  const m = revive(loadFixture(name)).messages.find((x) => x.type === 'result');
  assert.ok(m && m.type === 'result');
  return rowsOf(buildModel(shownGraph(m.event.graph)));
}

describe('gradient table rows', () => {
  it('has one row per value node, op nodes folded into their value', () => {
    const r = rows('manual');
    assert.deepEqual(r.map((x) => x.cells), [
      ['a', 'leaf', '2.0000', '4.0000', '4.0000'],
      ['b', 'leaf', '3.0000', '2.0000', '2.0000'],
      ['c', 'mul', '6.0000', '1.0000', '1.0000'],
      ['d (root)', 'add', '8.0000', '1.0000', '1.0000'],
    ]);
  });

  it('sorts by a number column both ways with NaN last, and by text', () => {
    const r = rows('nan');
    const down = sortRows(r, { column: 'grad', descending: true }).map((x) => x.grad);
    const finite = down.filter((g) => !Number.isNaN(g));
    assert.deepEqual(finite, [...finite].sort((a, b) => b - a));
    assert.ok(down.slice(finite.length).every(Number.isNaN), 'NaN last');
    const up = sortRows(r, { column: 'grad', descending: false }).map((x) => x.grad);
    assert.ok(Number.isNaN(up[up.length - 1]), 'NaN last ascending too');
    const labels = sortRows(rows('manual'), { column: 'label', descending: true }).map((x) => x.label);
    assert.deepEqual(labels, ['d', 'c', 'b', 'a']);
  });

  it('filters by label or op, and "nan" finds the non-finite rows', () => {
    const r = rows('nan');
    assert.deepEqual(filterRows(r, 'tanh').map((x) => x.op), ['tanh']);
    assert.ok(filterRows(r, 'nan').every((x) => x.nonFinite));
    assert.ok(filterRows(r, 'nan').length >= 3);
    assert.equal(filterRows(r, '  ').length, r.length);
  });

  it('shows groups with their size and largest gradient', () => {
    const g = rows('moons-100k').filter((x) => x.group);
    assert.equal(g.length, 5);
    assert.equal(g[1].cells[1], 'group of 96,300');
  });
});

describe('saved state', () => {
  it('survives JSON with NaN and ±Infinity and typed arrays', () => {
    const state = { a: NaN, b: [Infinity, -Infinity, 1], c: Float64Array.of(1, 2), d: { nonFinite: true, x: 1 } };
    assert.deepEqual(fromPlain(JSON.parse(JSON.stringify(toPlain(state)))), { a: NaN, b: [Infinity, -Infinity, 1], c: [1, 2], d: { nonFinite: true, x: 1 } });
    assert.equal(fromPlain(undefined), undefined);
  });

  it('thins long loss curves, keeping the last point', () => {
    const n = 50_001;
    const steps = Array.from({ length: n }, (_, i) => i + 1);
    const t = thin({ steps, values: steps, times: steps, metrics: { names: [], steps: [], values: [] } }, 20_000);
    assert.ok(t.steps.length <= 20_001);
    assert.equal(t.steps[t.steps.length - 1], n);
  });
});

describe('number formats', () => {
  it("micrograd's four decimals where they fit, three significant digits beyond", () => {
    assert.deepEqual([2, -0.5, 123.456789, 0, 1234.5, 0.0001234, -1.5e-12, NaN, Infinity, -Infinity, null].map(formatNumber),
      ['2.0000', '-0.5000', '123.4568', '0.0000', '1.23e+3', '1.23e-4', '-1.50e-12', 'NaN', '+Inf', '-Inf', '—']);
    for (const x of [999.99999, -999.9, 1e300, -1e-300, 5e-4]) assert.ok(formatNumber(x).length <= 10, formatNumber(x));
    assert.equal(formatCount(64210), '64,210');
  });

  it('follow gradlens.numberPrecision, the editor\'s formatter with the cells\' compact range, and say +Inf as the editor does', () => {
    try {
      setPrecision(6);
      assert.deepEqual([2, 1234.5, 0.0001234, -Infinity].map(formatNumber), ['2.000000', '1.2345e+3', '1.2340e-4', '-Inf']);
      assert.ok([-0.123456, -1.2345e-7, 999.999].every((x) => formatNumber(x).length <= numberChars() + 1));
      setPrecision(2);
      assert.deepEqual([2, -0.5, 0.0001234].map(formatNumber), ['2.00', '-0.50', '1.2e-4']);
      // The editor's hovers: the same digits and words, e-notation only beyond 1e6 or below 10^-digits.
      assert.deepEqual([2, 1234.5, Infinity].map((x) => shared(x, 2)), ['2.00', '1234.50', '+Inf']);
    } finally {
      setPrecision(4);
    }
  });
});
