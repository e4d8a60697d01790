// micrograd's Value: every op against central finite differences, the seed example, gradient
// accumulation, and graphs deeper than any recursion could walk.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '../../../src/engine';
import { assertClose, numericGradient, testRandom } from '../../helpers/numeric';

/** Checks d f / d inputs from backward() against finite differences at the given point. */
function checkGradient(f: (xs: Value[]) => Value, point: number[], tol = { rtol: 1e-5, atol: 1e-7 }): void {
  const xs = point.map((x) => new Value(x));
  f(xs).backward();
  const values = [...point];
  const numeric = numericGradient(() => f(values.map((v) => new Value(v))).data, values);
  xs.forEach((x, i) => assertClose(x.grad, numeric[i], tol, `d/dx${i} at ${point}`));
}

describe('Value', () => {
  it('computes the seed example: c = a*b, d = c + a gives a.grad 4, b.grad 2', () => {
    const a = new Value(2, { label: 'a' });
    const b = new Value(3, { label: 'b' });
    const c = a.mul(b);
    const d = c.add(a);
    d.backward();
    assert.equal(d.data, 8);
    assert.equal(a.grad, 4);
    assert.equal(b.grad, 2);
    assert.equal(c.grad, 1);
    assert.equal(d.grad, 1);
    assert.equal(a.label, 'a');
    assert.equal(c.op, 'mul');
  });

  describe('matches central finite differences', () => {
    const rand = testRandom(7);
    const points = Array.from({ length: 5 }, () => [rand() * 4 - 2, rand() * 4 - 2]);
    const positive = points.map(([x, y]) => [Math.abs(x) + 0.1, Math.abs(y) + 0.1]);
    const cases: Array<[string, (v: Value[]) => Value, number[][]]> = [
      ['add', ([x, y]) => x.add(y), points],
      ['sub', ([x, y]) => x.sub(y), points],
      ['mul', ([x, y]) => x.mul(y), points],
      ['div', ([x, y]) => x.div(y), positive],
      ['add number', ([x]) => x.add(1.5), points],
      ['mul number', ([x]) => x.mul(-2.5), points],
      ['sub number', ([x]) => x.sub(0.25), points],
      ['div number', ([x]) => x.div(3), points],
      ['pow 3', ([x]) => x.pow(3), points],
      ['pow -1.5', ([x]) => x.pow(-1.5), positive],
      ['pow with a Value exponent', ([x, y]) => x.pow(y), positive],
      ['x ** x', ([x]) => x.pow(x), positive],
      ['neg', ([x]) => x.neg(), points],
      ['relu', ([x]) => x.relu(), points],
      ['tanh', ([x]) => x.tanh(), points],
      ['exp', ([x]) => x.exp(), points],
      ['log', ([x]) => x.log(), positive],
      ['sigmoid', ([x]) => x.sigmoid(), points],
      ['a composite', ([x, y]) => x.mul(y).tanh().add(y.exp().mul(x)).sigmoid().div(x.pow(2).add(1)), points],
    ];
    for (const [name, f, at] of cases) {
      it(name, () => at.forEach((p) => checkGradient(f, p)));
    }
  });

  it('pow with a Value exponent follows PyTorch where the rules meet 0', () => {
    const base = new Value(0);
    const k = new Value(2);
    base.pow(k).backward();
    assert.deepEqual([base.grad, k.grad], [0, 0], '0 ** 2: no gradient to the exponent (PyTorch masks log 0)');
    const x = new Value(3);
    const zero = new Value(0);
    x.pow(zero).backward();
    assert.deepEqual([x.grad, zero.grad], [0, Math.log(3)], 'x ** 0: flat in x');
  });

  it('accumulates through reused nodes and diamonds', () => {
    const x = new Value(1.5);
    const y = x.mul(x); // x used twice
    const z = y.add(y.mul(x)).add(y.tanh()); // y used three times
    z.backward();
    const f = (v: number): number => v * v + v * v * v + Math.tanh(v * v);
    const point = [1.5];
    assertClose(x.grad, numericGradient(() => f(point[0]), point)[0], { rtol: 1e-6 });
  });

  it('adds leaf gradients over two backward() calls, as PyTorch does, but not intermediates', () => {
    const a = new Value(2);
    const b = new Value(3);
    const c = a.mul(b);
    const d = c.add(a);
    d.backward();
    d.backward();
    assert.equal(a.grad, 8);
    assert.equal(b.grad, 4);
    assert.equal(c.grad, 1, 'an intermediate shows the last pass only');
  });

  it('backpropagates through a chain of a million nodes without overflowing the stack', () => {
    const x = new Value(0.5);
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = i % 2 === 0 ? y.mul(1.000001) : y.relu();
    y.backward();
    assertClose(x.grad, 1.000001 ** 500_000, { rtol: 1e-9 });
  });

  it('follows PyTorch at the edges: log(0), exp(710), tanh(±400), sigmoid(±800), pow(0, 0)', () => {
    const at = (f: (v: Value) => Value, x: number): [number, number] => {
      const v = new Value(x);
      const out = f(v);
      out.backward();
      return [out.data, v.grad];
    };
    assert.deepEqual(at((v) => v.log(), 0), [-Infinity, Infinity]);
    assert.deepEqual(at((v) => v.exp(), 710), [Infinity, Infinity]);
    assert.deepEqual(at((v) => v.tanh(), 400), [1, 0]);
    assert.deepEqual(at((v) => v.tanh(), -400), [-1, 0]);
    assert.deepEqual(at((v) => v.sigmoid(), 800), [1, 0]);
    assert.deepEqual(at((v) => v.sigmoid(), -800), [0, 0]);
    assert.deepEqual(at((v) => v.pow(0), 0), [1, 0]);
  });

  it('keeps .data writable, for hand-written SGD', () => {
    const w = new Value(1);
    w.mul(3).backward();
    w.data -= 0.1 * w.grad;
    assertClose(w.data, 0.7);
  });
});
