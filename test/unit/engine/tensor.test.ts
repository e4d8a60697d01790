// Tensors: every op's gradient against central finite differences (broadcasting, batches and
// negative dims included), PyTorch's shapes for results, and clear errors for misuse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, arange, manualSeed, nn, noGrad, ones, rand, randn, tensor, torch, zeros } from '../../../src/engine';
import { assertAllClose, numericGradient } from '../../helpers/numeric';

/**
 * Checks every input's gradient of sum(f(inputs) * w), for a fixed random w, against finite
 * differences. Inputs are drawn in (lo, hi).
 */
function checkGradients(shapes: number[][], f: (xs: Tensor[]) => Tensor, [lo, hi] = [-2, 2]): void {
  manualSeed(shapes.length * 31 + shapes.flat().length);
  const xs = shapes.map((s) => rand(s).mul(hi - lo).add(lo));
  for (const x of xs) x.requiresGrad = true;
  const out = f(xs);
  const w = randn(out.shape);
  const loss = (): number => noGrad(() => f(xs).mul(w).sum().item());
  out.mul(w).sum().backward();
  xs.forEach((x, i) => {
    assert.deepEqual(x.grad!.shape, x.shape, `grad ${i} has the input's shape`);
    assertAllClose(x.grad!.data, numericGradient(loss, x.data), { rtol: 1e-5, atol: 1e-7 }, `d/dx${i}`);
  });
}

describe('tensor gradients match central finite differences', () => {
  const pairs: Array<[number[], number[]]> = [[[2, 3], [2, 3]], [[2, 3], [3]], [[3, 1], [1, 4]], [[2, 3], []], [[], [2, 2]], [[2, 1, 3], [4, 1]]];
  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    for (const [a, b] of pairs) {
      it(`${op} ${JSON.stringify(a)} with ${JSON.stringify(b)}`, () =>
        checkGradients([a, b], ([x, y]) => x[op](op === 'div' ? y.mul(y).add(0.5) : y)));
    }
  }
  for (const op of ['neg', 'relu', 'tanh', 'sigmoid', 'exp'] as const) {
    it(op, () => checkGradients([[3, 4]], ([x]) => x[op]()));
  }
  it('log', () => checkGradients([[3, 4]], ([x]) => x.log(), [0.2, 3]));
  it('pow', () => checkGradients([[3, 4]], ([x]) => x.pow(2.5), [0.2, 3]));
  it('matmul [3,4]@[4,2]', () => checkGradients([[3, 4], [4, 2]], ([a, b]) => a.matmul(b)));
  it('matmul [4]@[4,2] and [3,4]@[4]', () => {
    checkGradients([[4], [4, 2]], ([a, b]) => a.matmul(b));
    checkGradients([[3, 4], [4]], ([a, b]) => a.matmul(b));
  });
  it('matmul with broadcast batches [2,1,3,4]@[3,4,5]', () => checkGradients([[2, 1, 3, 4], [3, 4, 5]], ([a, b]) => a.matmul(b)));
  for (const dim of [undefined, 0, 1, -1]) {
    it(`sum and mean over dim ${dim}`, () => {
      checkGradients([[2, 3, 4]], ([x]) => x.sum(dim));
      checkGradients([[2, 3, 4]], ([x]) => x.mean(dim));
    });
  }
  it('reshape, view and transpose', () => {
    checkGradients([[2, 3, 4]], ([x]) => x.reshape(4, -1).transpose().mul(x.view([6, 4]).sum(1).reshape(6, 1)));
    checkGradients([[2, 3, 4]], ([x]) => x.transpose(0, 2));
  });
  it('nn.Linear on a batch with extra leading dims: input, weight and bias', () => {
    manualSeed(3);
    const layer = new nn.Linear(4, 3);
    const x = randn([2, 5, 4], { requiresGrad: true });
    const w = randn(2, 5, 3);
    const loss = (): number => noGrad(() => layer.call(x).tanh().mul(w).sum().item());
    layer.call(x).tanh().mul(w).sum().backward();
    for (const [name, t] of [['x', x], ['weight', layer.weight], ['bias', layer.bias!]] as const) {
      assertAllClose(t.grad!.data, numericGradient(loss, t.data), { rtol: 1e-5, atol: 1e-7 }, `d/d${name}`);
    }
  });
  it('pow with a tensor exponent, broadcast', () => {
    checkGradients([[3, 4], [4]], ([x, k]) => x.abs().add(0.1).pow(k), [-2, 2]);
    checkGradients([[3, 1], [1, 4]], ([x, k]) => x.abs().add(0.1).pow(k.mul(2)));
  });
  it('relu passes NaN through, with gradient 1 there (PyTorch)', () => {
    const x = tensor([NaN, -1, 2], { requiresGrad: true });
    const y = x.relu();
    y.sum().backward();
    assert.deepEqual(y.toArray(), [NaN, 0, 2]);
    assert.deepEqual(x.grad!.toArray(), [1, 0, 1]);
  });
  it('max() shares its gradient among equal values, max(dim) gives it to the index', () => {
    const x = tensor([1, 3, 3, 2], { requiresGrad: true });
    x.max().backward();
    assert.deepEqual(x.grad!.toArray(), [0, 0.5, 0.5, 0]);
    const m = tensor([[1, 3, 3], [4, 4, 0]], { requiresGrad: true });
    m.max(1).values.sum().backward();
    assert.deepEqual(m.grad!.toArray(), [[0, 1, 0], [1, 0, 0]]);
    const n = tensor([[1, 3, 3], [4, 4, 0]], { requiresGrad: true });
    n.amax(1).sum().backward();
    assert.deepEqual(n.grad!.toArray(), [[0, 0.5, 0.5], [0.5, 0.5, 0]]);
    assert.equal(tensor([1, NaN, 5, NaN]).argmax().item(), 1, 'argmax: the first NaN');
    assert.ok(Number.isNaN(tensor([1, NaN, 5]).max().item()), 'max: NaN');
  });
  it('abs and sqrt', () => {
    checkGradients([[3, 4]], ([x]) => x.abs());
    checkGradients([[3, 4]], ([x]) => x.sqrt(), [0.2, 3]);
  });
  for (const dim of [undefined, 0, -1]) {
    it(`max and min (values, amax, amin) over dim ${dim}, with keepdim`, () => {
      checkGradients([[3, 4]], ([x]) => (dim === undefined ? x.max() : x.max(dim).values));
      checkGradients([[3, 4]], ([x]) => (dim === undefined ? x.min() : x.min(dim, true).values).mul(x));
      checkGradients([[3, 4]], ([x]) => x.amax(dim).mul(x.amin(dim, true).sum()));
      checkGradients([[2, 3, 4]], ([x]) => x.sum(dim, true).mul(x).mean(dim, true));
    });
  }
  it('.T reverses the dims', () => checkGradients([[2, 3, 4]], ([x]) => x.T.mul(x.T)));
  it('nn.functional.softmax and logSoftmax', () => {
    checkGradients([[3, 4]], ([x]) => nn.functional.softmax(x.mul(2), 1));
    checkGradients([[3, 4]], ([x]) => nn.functional.logSoftmax(x, 0));
  });
  it('cross-entropy with class indices and with probabilities', () => {
    const loss = new nn.CrossEntropyLoss();
    checkGradients([[4, 5]], ([z]) => loss.call(z.mul(3), tensor([0, 4, 2, 2])));
    const probs = tensor([[0.2, 0.8, 0, 0, 0], [0, 0, 1, 0, 0], [0.25, 0.25, 0.25, 0.25, 0], [0.1, 0.2, 0.3, 0.2, 0.2]]);
    checkGradients([[4, 5]], ([z]) => loss.call(z, probs));
    checkGradients([[4, 5]], ([z]) => nn.functional.crossEntropy(z, tensor([0, -100, 2, 1]), { labelSmoothing: 0.2 }));
    checkGradients([[4, 5], [4, 5]], ([z, t]) => nn.functional.crossEntropy(z, t.abs(), { labelSmoothing: 0.3, reduction: 'none' }));
  });
});

describe('the tutorial API (issue 13): gradients match central finite differences', () => {
  const F = nn.functional;
  it('unsqueeze, squeeze, flatten (views through reshape)', () => {
    checkGradients([[2, 1, 3]], ([x]) => x.squeeze().unsqueeze(0).mul(x.squeeze(1).unsqueeze(-1).flatten(-2)).flatten());
    checkGradients([[2, 3, 4]], ([x]) => x.flatten(1).mul(x.flatten(0, 1).transpose(0, 1).flatten().reshape(2, 12)));
  });
  it('cat along dims 0, 1 and −1, of three inputs, and stack', () => {
    checkGradients([[2, 3], [1, 3], [4, 3]], ([a, b, c]) => torch.cat([a, b, c, a]));
    checkGradients([[2, 3, 2], [2, 1, 2]], ([a, b]) => torch.cat([b, a, b], 1).mul(torch.cat([a, b, b], -2)));
    checkGradients([[2, 3], [2, 4]], ([a, b]) => torch.cat([a.mul(b.sum()), b], -1));
    checkGradients([[2, 3], [2, 3]], ([a, b]) => torch.stack([a, b, a.mul(b)], 1));
    checkGradients([[2, 3], [2, 3]], ([a, b]) => torch.stack([a, b], -1));
  });
  it('gather, index, select and slice (repeated positions add up)', () => {
    checkGradients([[3, 4]], ([x]) => x.gather(1, tensor([[0, 3, 3], [1, 1, 2], [2, 0, 0]])));
    checkGradients([[3, 4]], ([x]) => x.gather(0, tensor([[2, 0, 0, 1], [1, 1, 2, 0]])));
    checkGradients([[4, 3]], ([x]) => x.index(1).mul(x.index(-1)).add(x.select(1, 2).sum()));
    checkGradients([[5, 4]], ([x]) => x.slice(0, 1, -1, 2).mul(x.slice(1, -3, 3).slice(0, 0, 2).sum()));
  });
  it('clamp (both bounds, one bound), where with broadcasting', () => {
    checkGradients([[3, 4]], ([x]) => x.clamp(-0.5, 0.7).mul(x));
    checkGradients([[3, 4]], ([x]) => x.clamp(0.1).add(torch.clamp(x, undefined, -0.3)));
    checkGradients([[2, 3], [3]], ([a, b]) => torch.where(tensor([[1, 0, 1], [0, 0, 1]]), a, b));
    checkGradients([[2, 3], [2, 1]], ([a, b]) => torch.where(a.gt(0), a.mul(b), b));
  });
  for (const dim of [undefined, 0, -1]) {
    it(`var and std over dim ${dim}, unbiased, biased and with a correction`, () => {
      checkGradients([[3, 4]], ([x]) => x.var(dim));
      checkGradients([[3, 4]], ([x]) => x.var(dim, { unbiased: false, keepdim: true }).mul(x));
      checkGradients([[3, 4]], ([x]) => x.std(dim, { correction: 2 }));
    });
  }
  it('leakyRelu, gelu (exact and tanh)', () => {
    checkGradients([[3, 4]], ([x]) => x.leakyRelu(0.2));
    checkGradients([[3, 4]], ([x]) => x.mul(3).gelu());
    checkGradients([[3, 4]], ([x]) => x.mul(3).gelu('tanh'));
  });
  it('BCE (input and target), BCE with logits, NLL of logSoftmax', () => {
    checkGradients([[3, 4], [3, 4]], ([p, t]) => F.binaryCrossEntropy(p, t, { reduction: 'none' }), [0.05, 0.95]);
    checkGradients([[3, 4], [3, 4]], ([p, t]) => F.binaryCrossEntropy(p, t), [0.05, 0.95]);
    checkGradients([[3, 4], [3, 4]], ([x, t]) => F.binaryCrossEntropyWithLogits(x.mul(4), t, { reduction: 'sum' }));
    checkGradients([[3, 4], [3, 4], [4], [3, 1]], ([x, t, pw, w]) => F.binaryCrossEntropyWithLogits(x.mul(4), t, { posWeight: pw.add(3), weight: w, reduction: 'none' }));
    checkGradients([[3, 4], [3, 4], [4]], ([p, t, w]) => F.binaryCrossEntropy(p, t, { weight: w }), [0.05, 0.95]);
    checkGradients([[4, 5]], ([z]) => F.nllLoss(F.logSoftmax(z.mul(2), 1), tensor([0, 4, 2, 2])));
    checkGradients([[4, 5]], ([z]) => F.nllLoss(F.logSoftmax(z, 1), tensor([1, 0, 3, 2]), { reduction: 'none' }));
  });
  it('layerNorm (input, weight, bias) and embedding', () => {
    checkGradients([[2, 3, 4], [4], [4]], ([x, w, b]) => F.layerNorm(x, [4], w, b));
    checkGradients([[2, 3, 4]], ([x]) => F.layerNorm(x, [3, 4]));
    checkGradients([[5, 3]], ([w]) => F.embedding(tensor([[0, 4], [4, 2]]), w));
  });
});

describe('tensor semantics follow PyTorch', () => {
  it('reductions and item-like results are 0-d, reduced dims are dropped', () => {
    const x = arange(6).reshape(2, 3);
    assert.deepEqual(x.sum().shape, []);
    assert.deepEqual(x.sum(0).shape, [3]);
    assert.deepEqual(x.mean(-1).toArray(), [1, 4]);
    assert.deepEqual(tensor([1, 2, 3]).matmul(tensor([4, 5, 6])).shape, []);
    assert.equal(x.sum().item(), 15);
  });

  it('max/min of everything is a value, along a dim values and indices; keepdim keeps a dim of 1, .T transposes', () => {
    const x = tensor([[1, 5, 2], [7, 0, 3]]);
    assert.deepEqual(x.max(1).values.toArray(), [5, 7]);
    assert.deepEqual(x.max(1).indices.toArray(), [1, 0]);
    const [values, indices] = x.min(0, true);
    assert.deepEqual(values.toArray(), [[1, 0, 2]]);
    assert.deepEqual(indices.toArray(), [[0, 1, 0]]);
    assert.deepEqual(x.amax(0).toArray(), [7, 5, 3]);
    assert.equal(x.max().item(), 7);
    assert.deepEqual(x.sum(1, true).shape, [2, 1]);
    assert.deepEqual(x.T.toArray(), [[1, 7], [5, 0], [2, 3]]);
    assert.equal(x.dim(), 2);
  });

  it('creates tensors from nested arrays, numbers and factory shapes', () => {
    assert.deepEqual(tensor([[1, 2], [3, 4]]).shape, [2, 2]);
    assert.deepEqual(tensor(3).shape, []);
    assert.deepEqual(zeros(2, 3).shape, [2, 3]);
    assert.deepEqual(ones([4]).toArray(), [1, 1, 1, 1]);
    assert.equal(randn(2, 2, { requiresGrad: true }).requiresGrad, true);
    assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  });

  it('.grad accumulates across backward() calls, as PyTorch\'s leaves and retain_grad() tensors do', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x);
    const first = y.sum();
    first.backward();
    const second = y.sum();
    second.backward();
    assert.deepEqual(x.grad!.toArray(), [4, 8, 12]);
    assert.deepEqual(y.grad!.toArray(), [2, 2, 2], 'y took part in both passes');
    assert.deepEqual([first.grad!.item(), second.grad!.item()], [1, 1], 'each sum in one');
  });

  it('.data is writable in place and builds no graph', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.data[0] = 5;
    const loss = w.mul(w).sum();
    loss.backward();
    assert.deepEqual(w.grad!.toArray(), [10, 4]);
    assert.ok(w.isLeaf);
  });

  it('builds no graph inside noGrad and for tensors that do not require grad', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    assert.equal(noGrad(() => w.mul(2)).requiresGrad, false);
    assert.equal(tensor([1]).mul(2).requiresGrad, false);
    assert.equal(w.mul(2).requiresGrad, true);
  });

  it('softmax rows sum to 1, logSoftmax is finite at ±1000, and F.crossEntropy is the mean NLL of logSoftmax', () => {
    const z = tensor([[1000, -1000, 0], [1, 2, 3]]);
    assert.deepEqual((nn.functional.softmax(z).sum(1).toArray() as number[]).map((v) => Math.round(v * 1e12) / 1e12), [1, 1]);
    assert.ok(nn.functional.logSoftmax(z).data.every(Number.isFinite));
    const logp = nn.functional.logSoftmax(z);
    const nll = -(logp.toArray() as number[][]).reduce((sum, row, i) => sum + row[[0, 2][i]], 0) / 2;
    assert.ok(Math.abs(nn.functional.crossEntropy(z, [0, 2]).item() - nll) < 1e-12);
  });

  it('stays finite for extreme logits: cross-entropy of ±1000', () => {
    const z = tensor([[1000, -1000, 0], [-1000, 1000, 999]], { requiresGrad: true });
    const loss = new nn.CrossEntropyLoss().call(z, tensor([0, 2]));
    loss.backward();
    assert.ok(Number.isFinite(loss.item()));
    assert.ok(z.grad!.data.every(Number.isFinite));
  });
});

describe('misuse gets a clear error', () => {
  it('backward() on a non-scalar names the shape', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    assert.throws(() => x.mul(2).backward(), /scalar.*shape \[2, 2\]/);
  });
  it('backward() with an explicit gradient works on a non-scalar', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(3).backward(tensor([1, 10]));
    assert.deepEqual(x.grad!.toArray(), [3, 30]);
  });
  it('backward() on a tensor without grad says how to ask for one', () => {
    assert.throws(() => tensor(2).mul(3).backward(), /requiresGrad: true/);
  });
  it('shape mismatches name both shapes', () => {
    assert.throws(() => zeros(2, 3).add(zeros(4)), /\[2, 3\] and \[4\]/);
    assert.throws(() => zeros(2, 3).matmul(zeros(2, 3)), /\[2, 3\] and \[2, 3\].*2x3 and 2x3/);
    assert.throws(() => zeros(2, 3).reshape(4, 2), /\[4, 2\] is invalid for input of size 6/);
    assert.throws(() => zeros(2, 3).sum(2), /dimension out of range/);
    assert.throws(() => tensor([[1, 2], [3]]), /rectangular/);
    assert.throws(() => tensor(5).item.call(zeros(2)), /2 elements/);
  });
});
