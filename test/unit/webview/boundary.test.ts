// The decision boundary's drawing, without a browser: theme colours read, tints by score, the grid's
// rows turned into image rows, data to pixels, the boundary line where the score crosses the
// threshold, ticks inside the grid's range, and the words beside and behind the canvas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecisionBoundary } from '../../../src/protocol';
import { axisTicks, boundaryCaption, boundaryLabel, boundarySegments, cellAlpha, cellPixels, parseRgb, scoreScale, toPixel } from '../../../webview/boundary';

/** A boundary on [0, 4] × [0, 2] with score(x, y) = f(x, y) at each cell centre. */
function boundary(f: (x: number, y: number) => number, nx = 4, ny = 2, threshold = 0): DecisionBoundary {
  const scores = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) scores[j * nx + i] = f(((i + 0.5) * 4) / nx, ((j + 0.5) * 2) / ny);
  return {
    step: 30, x: { min: 0, max: 4 }, y: { min: 0, max: 2 }, nx, ny, scores, threshold,
    points: { xs: Float64Array.of(1, 3, 2), ys: Float64Array.of(1, 1, 0.5), labels: Float64Array.of(-1, 1, 1) },
    accuracy: 2 / 3, ms: 1,
  };
}

describe('decision boundary view', () => {
  it('reads theme colours in the notations a canvas gives back', () => {
    assert.deepEqual(parseRgb('#3794ff'), [0x37, 0x94, 0xff]);
    assert.deepEqual(parseRgb('#f00'), [255, 0, 0]);
    assert.deepEqual(parseRgb('#3794ff80'), [0x37, 0x94, 0xff]);
    assert.deepEqual(parseRgb('rgba(55, 148, 255, 0.5)'), [55, 148, 255]);
    assert.equal(parseRgb('color-mix(in srgb, red, blue)'), null);
  });

  it('tints a cell faintly at the threshold and strongly from the 90th percentile on; NaN not at all', () => {
    const scores = Float64Array.from({ length: 11 }, (_, i) => i); // |s − 1|: 1, 0, 1, …, 9
    assert.equal(scoreScale(scores, 1), 8);
    assert.equal(scoreScale(Float64Array.of(0, 0, NaN), 0), 1, 'no spread: any positive scale');
    assert.equal(cellAlpha(1, 1, 8), 0.08);
    assert.equal(cellAlpha(5, 1, 8), 0.08 + 0.42 / 2);
    assert.equal(cellAlpha(1e9, 1, 8), 0.5);
    assert.equal(cellAlpha(NaN, 1, 8), 0);
  });

  it('colours each cell by its side of the threshold, the top row first', () => {
    const b = boundary((x, y) => (y > 1 ? 1 : -1) * (x > 2 ? 2 : 1));
    const px = cellPixels(b, [0, 0, 255], [255, 0, 0]);
    const rgbaAt = (row: number, col: number): number[] => Array.from(px.slice(4 * (row * 4 + col), 4 * (row * 4 + col) + 4));
    assert.deepEqual(rgbaAt(0, 0).slice(0, 3), [255, 0, 0], 'the top row is the upper half: positive');
    assert.deepEqual(rgbaAt(1, 0).slice(0, 3), [0, 0, 255]);
    assert.ok(rgbaAt(0, 3)[3] > rgbaAt(0, 0)[3], 'further from the threshold: stronger');
  });

  it('maps data to pixels, y upwards', () => {
    const range = { min: -2, max: 3 };
    assert.equal(toPixel(-2, range, 10, 100), 10);
    assert.equal(toPixel(3, range, 10, 100), 110);
    assert.equal(toPixel(3, range, 10, 100, true), 10);
    assert.equal(toPixel(0.5, range, 10, 100, true), 60);
  });

  it('draws the boundary where the score crosses the threshold', () => {
    // score = x − 1.7 on 8 × 4 cells: a vertical line at x = 1.7, from the lowest to the highest cell centre.
    const b = boundary((x) => x - 1.7, 8, 4);
    const segments = boundarySegments(b);
    assert.equal(segments.length, 4 * 3, 'one segment per row of squares');
    for (let k = 0; k < segments.length; k += 2) assert.ok(Math.abs(segments[k] - 1.7) < 1e-12, `x ${segments[k]}`);
    const ys = segments.filter((_, k) => k % 2 === 1);
    assert.deepEqual([Math.min(...ys), Math.max(...ys)], [0.25, 1.75]);

    const threshold = boundary((x) => x / 4, 8, 4, 0.5);
    assert.ok(boundarySegments(threshold).every((v, k) => k % 2 === 1 || Math.abs(v - 2) < 1e-12), 'at the threshold, not at 0');
    assert.deepEqual(boundarySegments(boundary(() => NaN)), []);
    assert.deepEqual(boundarySegments(boundary(() => 1)), [], 'one class everywhere: no line');
  });

  it('joins a saddle by the centre', () => {
    // One square between the centres (1, 0.5), (3, 0.5), (3, 1.5), (1, 1.5); two opposite corners positive.
    const square = (bottomLeft: number, bottomRight: number, topLeft: number, topRight: number): number[] =>
      boundarySegments({ ...boundary(() => 0, 2, 2), scores: Float64Array.of(bottomLeft, bottomRight, topLeft, topRight) });
    // Centre below 0: each positive corner (bottom-left, top-right) cut off by its own segment.
    assert.deepEqual(square(1, -1, -3, 1), [1, 0.75, 2, 0.5, 3, 1, 2.5, 1.5]);
    // Centre above 0: the positive corners join; the negative ones (bottom-right, top-left) are cut off.
    assert.deepEqual(square(1, -1, -1, 3), [2, 0.5, 3, 0.75, 1.5, 1.5, 1, 1]);
  });

  it('puts ticks inside the grid only, fewer on a short axis', () => {
    const wide = axisTicks({ min: -2.1, max: 3.3 }, 400, 56);
    assert.ok(wide.values.every((v) => v >= -2.1 && v <= 3.3) && wide.values.length >= 4, wide.labels.join(' '));
    assert.deepEqual(wide.labels, wide.values.map(String));
    assert.ok(axisTicks({ min: -2.1, max: 3.3 }, 100, 56).values.length < wide.values.length);
  });

  it('says what it shows, in the caption and to a screen reader', () => {
    const b = boundary((x) => x - 2);
    assert.equal(boundaryCaption(b), 'Decision boundary · step 30 · accuracy 67%');
    assert.equal(boundaryLabel(b), 'Decision boundary of the model at step 30: 3 points, 2 labelled 1 (squares) and 1 labelled −1 (circles); 67% on the right side of the boundary. x from 0 to 4, y from 0 to 2.');
  });
});
