// Where GradLens once differed from PyTorch, against PyTorch's own numbers (parity.json, made by
// test/fixtures/torch/generate.py), and options that are checked instead of ignored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, Value, arange, nn, optim, tensor, torch } from '../../../src/engine';
import { loadFixture, type FixtureTensor } from '../../helpers/fixtures';
import { assertAllClose } from '../../helpers/numeric';

interface Case { name: string; python: string; out: Record<string, FixtureTensor> }
const cases = new Map(loadFixture<{ cases: Case[] }>('parity.json').cases.map((c) => [c.name, c]));
const leaf = (data: Parameters<typeof tensor>[0]): Tensor => tensor(data, { requiresGrad: true });
const F = nn.functional;

// The fixture's Python, line for line.
const programs: Record<string, () => Record<string, Tensor | null>> = {
  relu_nan: () => {
    const x = leaf([NaN, -1, 0, 2]);
    const y = x.relu();
    y.mul(tensor([1, 2, 3, 4])).sum().backward();
    return { y, 'x.grad': x.grad };
  },
  log_relu_negative: () => {
    const x = leaf([-1, 2]);
    const loss = x.log().relu().sum();
    loss.backward();
    return { loss, 'x.grad': x.grad };
  },
  max_all_ties: () => {
    const x = leaf([1, 3, 3, 2]);
    const m = x.max();
    m.backward();
    return { max: m, 'x.grad': x.grad };
  },
  min_all_ties: () => {
    const x = leaf([[2, -1], [-1, 5]]);
    const m = x.min();
    m.mul(3).backward();
    return { min: m, 'x.grad': x.grad };
  },
  max_dim_ties: () => {
    const x = leaf([[1, 3, 3], [4, 4, 0]]);
    const r = x.max(1);
    r.values.mul(tensor([1, 2])).sum().backward();
    return { values: r.values, indices: r.indices, 'x.grad': x.grad };
  },
  amax_dim_ties: () => {
    const x = leaf([[1, 3, 3], [4, 4, 0]]);
    const a = x.amax(1, true);
    a.mul(tensor([[1], [2]])).sum().backward();
    return { amax: a, 'x.grad': x.grad };
  },
  argmax_nan: () => {
    const x = tensor([1, NaN, 5, NaN]);
    const m = tensor([[1, 7, NaN], [9, 2, 3]]);
    return { argmax: x.argmax(), argmax1: m.argmax(1), max: x.max() };
  },
  cross_entropy_soft_target_mean: () => {
    const z = leaf([[1, 2, 0.5], [0.1, -1, 3]]);
    const t = leaf([[0.2, 0.7, 0.1], [0, 0.5, 0.5]]);
    const loss = F.crossEntropy(z, t);
    loss.backward();
    return { loss, 'z.grad': z.grad, 't.grad': t.grad };
  },
  cross_entropy_soft_target_sum: () => {
    const z = leaf([[1, 2, 0.5], [0.1, -1, 3]]);
    const t = leaf([[0.2, 0.7, 0.1], [0, 0.5, 0.5]]);
    const loss = new nn.CrossEntropyLoss({ reduction: 'sum' }).call(z, t);
    loss.backward();
    return { loss, 'z.grad': z.grad, 't.grad': t.grad };
  },
  cross_entropy_indices_none: () => {
    const z = leaf([[1, 2, 0.5], [0.1, -1, 3], [0, 0, 0]]);
    const loss = F.crossEntropy(z, tensor([1, 2, 0]), { reduction: 'none' });
    loss.mul(tensor([1, 2, 3])).sum().backward();
    return { loss, 'z.grad': z.grad };
  },
  mse_none_and_sum: () => {
    const p = leaf([[1, 2], [3, -4]]);
    const target = tensor([[0.5, 2], [1, 0]]);
    const none = new nn.MSELoss({ reduction: 'none' }).call(p, target);
    const total = F.mseLoss(p, target, { reduction: 'sum' });
    none.mul(tensor([[1, 2], [3, 4]])).sum().add(total).backward();
    return { none, sum: total, 'p.grad': p.grad };
  },
  pow_tensor_exponent: () => {
    const x = leaf([[0.5, 2, 0], [3, 0, 1.5]]);
    const k = leaf([2, -1.5, 0]);
    const y = x.pow(k);
    y.mul(tensor([[1, 0.5, 2], [1, 1, -1]])).sum().backward();
    return { y, 'x.grad': x.grad, 'k.grad': k.grad };
  },
  pow_scalar_exponent_tensor: () => {
    const a = leaf(2);
    const b = leaf(3);
    const y = a.pow(b).add(tensor(2).pow(a));
    y.backward();
    return { y, 'a.grad': a.grad, 'b.grad': b.grad };
  },
  batch_norm_1d: () => {
    const bn = new nn.BatchNorm1d(3);
    bn.weight!.data.set([1, 2, 0.5]);
    bn.bias!.data.set([0, -1, 0.25]);
    const x = leaf([[1, 2, 3], [4, -1, 0.5], [0, 0, 2], [2, 5, -3]]);
    const y = bn.call(x);
    y.mul(tensor([[1, 2, 3], [0.5, -1, 2], [1, 1, 1], [-2, 0.5, 1.5]])).sum().backward();
    const x3 = leaf([[[1, 2], [3, 4], [0, 1]], [[-1, 0.5], [2, 2], [5, -2]]]);
    const y3 = bn.call(x3);
    y3.mul(y3).sum().backward();
    bn.eval();
    const e = bn.call(tensor([[1, 1, 1], [0, 2, -1]]));
    return { y, 'x.grad': x.grad, y3, 'x3.grad': x3.grad, 'weight.grad': bn.weight!.grad, 'bias.grad': bn.bias!.grad, running_mean: bn.runningMean, running_var: bn.runningVar, eval: e };
  },
  retained_grad_accumulates: () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(x);
    y.sum().backward();
    y.mul(2).sum().backward();
    return { 'y.grad': y.grad, 'x.grad': x.grad };
  },
};

describe('PyTorch parity, round two (numbers from PyTorch 1.13)', () => {
  it('covers every fixture case', () => assert.deepEqual([...cases.keys()].sort(), Object.keys(programs).sort()));
  for (const [name, program] of Object.entries(programs)) {
    it(name, () => {
      const expected = cases.get(name)!.out;
      const actual = program();
      for (const [key, want] of Object.entries(expected)) {
        const got = actual[key];
        assert.ok(got, `${name}: ${key} is missing`);
        assert.deepEqual(got.shape, want.shape, `${name}: ${key} shape`);
        assertAllClose(got.data, want.data, { rtol: 1e-10, atol: 1e-12 }, `${name}: ${key}`);
      }
    });
  }

  it('a Value exponent matches the tensor one (micrograd and PyTorch agree)', () => {
    const a = new Value(2);
    const b = new Value(3);
    a.pow(b).add(new Value(2).pow(a)).backward();
    const want = cases.get('pow_scalar_exponent_tensor')!.out;
    assertAllClose([a.grad, b.grad], [want['a.grad'].data[0], want['b.grad'].data[0]], { rtol: 1e-12 });
  });
});

describe('options are checked, never ignored', () => {
  const w = (): Tensor => tensor([1, 2], { requiresGrad: true });
  const stepWith = (make: (p: Tensor[]) => optim.SGD): number[] => {
    const p = w();
    p.mul(p).sum().backward();
    make([p]).step();
    return Array.from(p.data);
  };

  it('optim.SGD takes the learning rate alone, as PyTorch does', () => {
    assert.deepEqual(stepWith((p) => new optim.SGD(p, 0.1)), stepWith((p) => new optim.SGD(p, { lr: 0.1 })));
    assert.deepEqual(stepWith((p) => new optim.SGD(p, 0.1)), [0.8, 1.6]);
  });

  it('say what is missing, unknown or of the wrong kind, and suggest the likely name', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => new optim.SGD([w()], {} as never), /optim\.SGD: option 'lr' is required/],
      [() => new optim.SGD([w()], { learningRate: 0.1 } as never), /unknown option 'learningRate'\. Did you mean lr\?/],
      [() => new optim.SGD([w()], { lr: 0.1, weight_decay: 1e-4 } as never), /Did you mean weightDecay\?/],
      [() => new optim.SGD([w()], { lr: -1 }), /invalid learning rate -1/],
      [() => new optim.Adam([w()], { lr: 0.1, betas: 0.9 } as never), /'betas' must be a pair of numbers/],
      [() => tensor([1, 2], { requires_grad: true } as never), /tensor\(\): unknown option 'requires_grad'\. Did you mean requiresGrad\?/],
      [() => tensor([1, 2], { dtype: 'int64' } as never), /'dtype' must be one of 'float64', got a string \('int64'\)/],
      [() => torch.zeros(2, { requiresGrads: true } as never), /zeros\(\): unknown option 'requiresGrads'\. Did you mean requiresGrad\?/],
      [() => new nn.MSELoss({ reduction: 'avg' } as never), /'reduction' must be one of 'mean', 'sum', 'none'/],
      [() => new nn.Linear(2, 3, { bais: false } as never), /Did you mean bias\?/],
      [() => new Value('3' as never), /data must be a number, got a string \('3'\) — Number\("3"\) makes one/],
      [() => tensor([1, 2, 3]).add([1, 2, 3] as never), /add\(\): expected a Tensor or a number, got an array \(\[1, 2, 3\]\) — make it one first: torch\.tensor\(\[1,2,3\]\)/],
      [() => tensor([1, 2, 3]).mul(true as never), /mul\(\): expected a Tensor or a number, got a boolean \(true\)/],
      [() => new Value(1).add('2' as never), /expected a Value or a number, got a string/],
      [() => torch.randn(2, 2, 3).matmul(torch.randn(3, 3, 4)), /matmul: shapes \[2, 2, 3\] and \[3, 3, 4\] cannot be multiplied: their batch dims \[2\] and \[3\] do not broadcast/],
    ];
    for (const [make, message] of cases) assert.throws(make, message);
  });

  it('take options where PyTorch does: arange(5, { requiresGrad: true }), dtype float64', () => {
    const r = arange(5, { requiresGrad: true });
    assert.deepEqual(r.toArray(), [0, 1, 2, 3, 4]);
    assert.ok(r.requiresGrad);
    assert.deepEqual(arange(1, 7, 2, { label: 'odd' }).toArray(), [1, 3, 5]);
    assert.ok(tensor([1], { dtype: 'float64', requiresGrad: true }).requiresGrad);
  });
});

describe('module parameters are found as PyTorch finds them', () => {
  class Net extends nn.Module {
    blocks = new nn.ModuleList([new nn.Linear(2, 3), new nn.Linear(3, 3)]);
    heads = [new nn.Linear(3, 1)];
    scale = tensor(2, { requiresGrad: true });
    hidden: Tensor | null = null;
    forward(x: Tensor): Tensor {
      for (const block of this.blocks) x = block.call(x).relu();
      this.hidden = x; // cached during forward: requires grad, but is not a parameter
      return this.heads[0].call(x).mul(this.scale);
    }
  }

  it('in a ModuleList and an array, with their paths; not a tensor cached by forward()', () => {
    const net = new Net();
    net.call(torch.randn(4, 2)).sum().backward();
    assert.ok(net.hidden?.requiresGrad);
    assert.deepEqual(net.namedParameters().map(([name]) => name), [
      'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'blocks.1.bias', 'heads.0.weight', 'heads.0.bias', 'scale',
    ]);
    assert.equal(net.blocks.length, 2);
    assert.ok(net.parameters().every((p) => p.grad !== null), 'every parameter got a gradient');
  });
});

describe('stateDict saves buffers too, as PyTorch', () => {
  it("BatchNorm1d's running statistics and batch count go with its parameters, and come back", () => {
    const bn = new nn.BatchNorm1d(2);
    bn.call(tensor([[1, 2], [3, 6], [5, 1]]));
    const saved = bn.stateDict();
    assert.deepEqual(Object.keys(saved), ['weight', 'bias', 'runningMean', 'runningVar', 'numBatchesTracked']);
    assert.equal(saved.numBatchesTracked.item(), 1);
    const fresh = new nn.BatchNorm1d(2);
    fresh.loadStateDict(saved);
    assert.deepEqual(Array.from(fresh.runningMean.data), Array.from(bn.runningMean.data));
    assert.deepEqual(Array.from(fresh.runningVar.data), Array.from(bn.runningVar.data));
    assert.deepEqual(fresh.parameters().length, 2, 'buffers are not parameters');
    assert.throws(() => fresh.loadStateDict({ weight: saved.weight, bias: saved.bias }), /Missing key\(s\) in state_dict: "runningMean", "runningVar", "numBatchesTracked"/);
  });
});
