// The API PyTorch tutorials use most (issue 13): each op against PyTorch 1.13's own numbers
// (tutorial.json, made by test/fixtures/torch/generate.py, its Python ported line by line), the
// new optimizers and schedulers over 50 training steps, and the module plumbing (train/eval,
// Dropout, nn.init, stateDict) that has no gradient to compare.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, nn, optim, tensor, torch } from '../../../src/engine';
import { loadFixture, type FixtureTensor } from '../../helpers/fixtures';
import { assertAllClose } from '../../helpers/numeric';

interface Case { name: string; python: string; out: Record<string, FixtureTensor> }
interface Run {
  name: string; optimizer: 'AdamW' | 'RMSprop' | 'Adagrad' | 'SGD' | 'Adam'; hyperparams: Record<string, unknown>;
  scheduler: { name: 'StepLR' | 'CosineAnnealingLR'; options: Record<string, number> } | null;
  losses: number[]; lrs: number[]; last_lr: number[] | null; final_params: Record<string, FixtureTensor>;
}
const fixture = loadFixture<{ cases: Case[]; epochs: number; runs: Run[] }>('tutorial.json');
const cases = new Map(fixture.cases.map((c) => [c.name, c]));
const leaf = (data: Parameters<typeof tensor>[0]): Tensor => tensor(data, { requiresGrad: true });
const c = (data: Parameters<typeof tensor>[0]): Tensor => tensor(data);
const F = nn.functional;

// The fixture's Python, line for line (x[i] is x.index(i), x[a:b:s] is x.slice(0, a, b, s)).
const programs: Record<string, () => Record<string, Tensor | null>> = {
  squeeze_unsqueeze_flatten: () => {
    const x = leaf([[[0.5, -1.25, 2.0]], [[0.3, -0.7, 1.1]]]);
    const a = x.squeeze(), b = x.squeeze(1), cc = x.squeeze(0), d = x.unsqueeze(-1), e = x.flatten(), f = x.flatten(1), g = x.unsqueeze(0).flatten(0, 1);
    a.mul(c([[1, 2, 3], [4, 5, 6]])).sum().backward();
    e.mul(c([0.5, -1, 2, 1.5, 3, -2])).sum().backward();
    return { a, b, c: cc, d, e, f, g, 'x.grad': x.grad };
  },
  cat_dims_and_empty: () => {
    const a = leaf([[0.5, -1.25, 2.0], [0.3, -0.7, 1.1]]);
    const b = leaf([[1.5, -0.8, 0.6]]);
    const cc = leaf([[0.2, -0.9], [1.4, 0.6]]);
    const y0 = torch.cat([a, b], 0);
    const y1 = torch.cat([a, cc, a], -1);
    const y2 = torch.cat([torch.zeros(0), a, torch.zeros(0, 3)]);
    y0.mul(c([[1, 2, 3], [-1, 0.5, 2], [4, -3, 0.25]])).sum().add(y1.mul(y1).sum()).add(y2.mul(3).sum()).backward();
    return { y0, y1, y2, 'a.grad': a.grad, 'b.grad': b.grad, 'c.grad': cc.grad };
  },
  stack_dims: () => {
    const a = leaf([[0.5, -1.25, 2.0], [0.3, -0.7, 1.1]]);
    const b = leaf([[1.5, -0.8, 0.6], [-2.2, 0.9, 1.3]]);
    const s0 = torch.stack([a, b]);
    const s1 = torch.stack([a, b, a], 1);
    const s2 = torch.stack([a, b], -1);
    s0.mul(s0).sum().add(s1.mul(c([[[1], [2], [3]], [[-1], [0.5], [2]]])).sum()).add(s2.mul(c([1, -2])).sum()).backward();
    return { s0, s1, s2, 'a.grad': a.grad, 'b.grad': b.grad };
  },
  clamp_boundaries: () => {
    const x = leaf([-2, -1, -0.5, 0, 0.5, 1, 2, NaN]);
    const y = x.clamp(-1, 1);
    const lo = x.clamp(0);
    const hi = torch.clamp(x, undefined, 0.5);
    const crossed = x.clamp(1, -1);
    const w = c([1, 2, 3, 4, 5, 6, 7, 8]);
    y.mul(w).sum().add(lo.mul(w).mul(10).sum()).add(hi.mul(w).mul(100).sum()).add(crossed.mul(w).mul(1000).sum()).backward();
    return { y, lo, hi, crossed, 'x.grad': x.grad };
  },
  where_broadcast: () => {
    const cond = c([[1, 0, 1]]);
    const a = leaf([[0.5, -1.25, 2.0], [0.3, -0.7, 1.1]]);
    const b = leaf([1.5, -0.8, 0.6]);
    const y = torch.where(cond, a, b);
    const z = torch.where(a.gt(0), a, torch.zerosLike(a));
    y.mul(c([[1, 2, 3], [4, 5, 6]])).sum().add(z.mul(10).sum()).backward();
    return { y, z, 'a.grad': a.grad, 'b.grad': b.grad };
  },
  comparisons: () => {
    const a = c([[1, 2, NaN, 3], [0, -1, 5, 2]]);
    const b = c([1, 3, NaN, 2]);
    return { eq: a.eq(b), ne: a.ne(b), gt: a.gt(b), ge: a.ge(b), lt: a.lt(b), le: a.le(b), gt_scalar: a.gt(1.5) };
  },
  var_std: () => {
    const x = leaf([[0.5, -1.25, 2.0, 0.3], [-0.7, 1.1, 0.9, -1.6]]);
    const v = x.var();
    const v1 = x.var(1);
    const v0 = x.var(0, { unbiased: false });
    const s = x.std(1, { keepdim: true });
    const sc = x.std(-1, { correction: 0 });
    const sa = torch.std(x);
    v.add(v1.mul(c([1, 2])).sum()).add(v0.mul(c([1, -1, 2, 0.5])).sum()).add(s.mul(3).sum()).add(sc.mul(c([-1, 4])).sum()).add(sa).backward();
    return { v, v1, v0, s, sc, sa, 'x.grad': x.grad };
  },
  var_of_one_element: () => {
    const x = leaf([[3], [5]]);
    const v = x.var(1);
    v.sum().backward();
    const y = leaf([[1, 1], [2, 2]]);
    const s = y.std(1);
    s.sum().backward();
    return { v, 'x.grad': x.grad, s, 'y.grad': y.grad };
  },
  leaky_relu: () => {
    const x = leaf([-2, -0.5, 0, 0.5, 2, NaN]);
    const y = F.leakyRelu(x, 0.1);
    const z = new nn.LeakyReLU().call(x);
    y.mul(c([1, 2, 3, 4, 5, 6])).sum().add(z.mul(10).sum()).backward();
    return { y, z, 'x.grad': x.grad };
  },
  gelu_exact_and_tanh: () => {
    const x = leaf([-8, -6, -3, -1, -0.5, 0, 0.3, 1, 2.5, 4, 8]);
    const t = leaf([-8, -6, -3, -1, -0.5, 0, 0.3, 1, 2.5, 4, 8]);
    const y = new nn.GELU().call(x);
    y.sum().backward();
    const z = F.gelu(t, { approximate: 'tanh' });
    z.sum().backward();
    return { y, 'x.grad': x.grad, z, 't.grad': t.grad };
  },
  bce_reductions: () => {
    const p = leaf([[0.2, 0.9, 0.5], [0.01, 0.7, 1.0]]);
    const t = leaf([[0, 1, 0.3], [1, 0, 1]]);
    const mean = new nn.BCELoss().call(p, t);
    const total = F.binaryCrossEntropy(p, t, { reduction: 'sum' });
    const none = new nn.BCELoss({ reduction: 'none' }).call(p, t);
    mean.add(total.mul(2)).add(none.mul(c([[1, 2, 3], [4, 5, 6]])).sum()).backward();
    return { mean, sum: total, none, 'p.grad': p.grad, 't.grad': t.grad };
  },
  bce_at_zero_and_one: () => {
    const p = leaf([0, 1, 0, 1]);
    const loss = F.binaryCrossEntropy(p, c([0, 1, 1, 0]), { reduction: 'none' });
    loss.sum().backward();
    return { loss, 'p.grad': p.grad };
  },
  bce_with_logits_reductions: () => {
    const x = leaf([[-100, -2, 0], [0.5, 3, 50]]);
    const t = leaf([[0, 1, 0.3], [1, 0, 1]]);
    const mean = new nn.BCEWithLogitsLoss().call(x, t);
    const total = F.binaryCrossEntropyWithLogits(x, t, { reduction: 'sum' });
    const none = new nn.BCEWithLogitsLoss({ reduction: 'none' }).call(x, t);
    mean.add(total.mul(2)).add(none.mul(c([[1, 2, 3], [4, 5, 6]])).sum()).backward();
    return { mean, sum: total, none, 'x.grad': x.grad, 't.grad': t.grad };
  },
  bce_weight_and_pos_weight: () => {
    const p = leaf([[0.2, 0.9, 0.5], [0.01, 0.7, 0.999]]);
    const x = leaf([[-100, -2, 0], [0.5, 3, 50]]);
    const t = leaf([[0, 1, 0.3], [1, 0, 1]]);
    const w = c([[2], [0.5]]);
    const pw = c([3, 0.5, 1]);
    const bce = new nn.BCELoss({ weight: w }).call(p, t);
    const logits = new nn.BCEWithLogitsLoss({ posWeight: pw, reduction: 'none' }).call(x, t);
    const both = F.binaryCrossEntropyWithLogits(x, t, { weight: w, posWeight: pw, reduction: 'sum' });
    bce.add(logits.mul(c([[1, 2, 3], [4, 5, 6]])).sum()).add(both).backward();
    return { bce, logits, both, 'p.grad': p.grad, 'x.grad': x.grad, 't.grad': t.grad };
  },
  nll_of_log_softmax: () => {
    const z = leaf([[1, 2, 0.5], [0.1, -1, 3], [0, 0, 0], [2, -2, 1]]);
    const logp = F.logSoftmax(z, 1);
    const target = c([1, 2, 0, 1]);
    const mean = new nn.NLLLoss().call(logp, target);
    const total = F.nllLoss(logp, target, { reduction: 'sum' });
    const none = new nn.NLLLoss({ reduction: 'none' }).call(logp, target);
    mean.add(total.mul(2)).add(none.mul(c([1, 2, 3, 4])).sum()).backward();
    return { mean, sum: total, none, 'z.grad': z.grad };
  },
  nll_ignore_index: () => {
    const z = leaf([[1, 2, 0.5], [0.1, -1, 3], [0, 0, 0], [2, -2, 1]]);
    const logp = F.logSoftmax(z, 1);
    const target = c([1, -100, 0, 2]);
    const mean = F.nllLoss(logp, target);
    const none = new nn.NLLLoss({ reduction: 'none' }).call(logp, target);
    const total = new nn.NLLLoss({ reduction: 'sum', ignoreIndex: 0 }).call(logp, target.clamp(0));
    const noneKept = F.nllLoss(logp.slice(0, 0, 2), c([-100, -100]));
    mean.add(none.mul(c([1, 2, 3, 4])).sum()).add(total).backward();
    return { mean, none, sum: total, all_ignored: noneKept, 'z.grad': z.grad };
  },
  cross_entropy_ignore_index_label_smoothing: () => {
    const z = leaf([[1, 2, 0.5], [0.1, -1, 3], [0, 0, 0], [2, -2, 1]]);
    const s = leaf([[0.2, 0.7, 0.1], [0, 0.5, 0.5], [1, 0, 0], [0.3, 0.3, 0.4]]);
    const target = c([1, -100, 0, 2]);
    const ignored = new nn.CrossEntropyLoss().call(z, target);
    const smooth = F.crossEntropy(z, target, { labelSmoothing: 0.1 });
    const none = new nn.CrossEntropyLoss({ reduction: 'none', ignoreIndex: 2, labelSmoothing: 0.2 }).call(z, target.clamp(0));
    const soft = F.crossEntropy(z, s, { labelSmoothing: 0.3, reduction: 'sum' });
    const allIgnored = F.crossEntropy(z.slice(0, 0, 2), c([-100, -100]));
    ignored.add(smooth.mul(2)).add(none.mul(c([1, 2, 3, 4])).sum()).add(soft).backward();
    return { ignored, smooth, none, soft, all_ignored: allIgnored, 'z.grad': z.grad, 's.grad': s.grad };
  },
  gather_repeated_index: () => {
    const x = leaf([[0.5, -1.25, 2.0, 0.3], [-0.7, 1.1, 0.9, -1.6], [0.25, 1.2, -0.4, -1.5]]);
    const g1 = x.gather(1, c([[0, 2], [3, 3], [1, 0]]));
    const g0 = torch.gather(x, -2, c([[2, 0, 0, 1]]));
    g1.mul(c([[1, 2], [3, 4], [5, 6]])).sum().add(g0.mul(10).sum()).backward();
    return { g1, g0, 'x.grad': x.grad };
  },
  index_and_slice: () => {
    const x = leaf([[0.5, -1.25, 2.0], [0.3, -0.7, 1.1], [-0.9, 1.6, 0.25], [1.2, -0.4, -1.5]]);
    const r = x.index(1), last = x.index(-1), s = x.slice(0, 1, 4, 2), cols = x.slice(1, -2), empty = x.slice(0, 5), col = x.select(1, -1);
    r.mul(1).sum().add(last.mul(2).sum()).add(s.mul(3).sum()).add(cols.mul(4).sum()).add(empty.sum()).add(col.mul(5).sum()).backward();
    return { r, last, s, cols, empty, col, 'x.grad': x.grad };
  },
  layer_norm: () => {
    const x = leaf([[[0.5, -1.25, 2.0, 0.3], [-0.7, 1.1, 0.9, -1.6]], [[0.25, 1.2, -0.4, -1.5], [1.8, -0.6, 0.15, 2.2]]]);
    const ln = new nn.LayerNorm(4);
    ln.weight!.data.set([1, 0.5, -1, 2]);
    ln.bias!.data.set([0.1, 0, -0.2, 0.3]);
    const y = ln.call(x);
    y.mul(c([1, -2, 3, 0.5])).sum().backward();
    return { y, 'x.grad': x.grad, 'weight.grad': ln.weight!.grad, 'bias.grad': ln.bias!.grad };
  },
  embedding_repeated_rows: () => {
    const emb = new nn.Embedding(4, 3);
    emb.loadStateDict({ weight: c([[0.5, -1.25, 2.0], [0.3, -0.7, 1.1], [-0.9, 1.6, 0.25], [1.2, -0.4, -1.5]]) });
    const y = emb.call(c([[0, 2], [2, 3]]));
    y.mul(c([1, 2, 3])).sum().backward();
    return { y, 'weight.grad': emb.weight.grad };
  },
};

describe('the tutorial API against PyTorch 1.13 (tutorial.json)', () => {
  it('covers every fixture case', () => assert.deepEqual([...cases.keys()].sort(), Object.keys(programs).sort()));
  for (const [name, program] of Object.entries(programs)) {
    it(name, () => {
      const actual = program();
      for (const [key, want] of Object.entries(cases.get(name)!.out)) {
        const got = actual[key];
        assert.ok(got, `${name}: ${key} is missing`);
        assert.deepEqual(got.shape, want.shape, `${name}: ${key} shape`);
        assertAllClose(got.data, want.data, { rtol: 1e-10, atol: 1e-12 }, `${name}: ${key}`);
      }
    });
  }
});

describe('optimizers and schedulers against PyTorch 1.13 (tutorial.json runs: XOR, 2-4-1, 50 steps)', () => {
  const training = loadFixture<{ X: FixtureTensor; Y: FixtureTensor; initial_params: Record<string, FixtureTensor> }>('training.json');
  const camel = (options: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(options).map(([k, v]) => [k === 'T_max' ? 'TMax' : k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()), v]));
  class SimpleNN extends nn.Module {
    fc1 = new nn.Linear(2, 4);
    relu = new nn.ReLU();
    fc2 = new nn.Linear(4, 1);
    forward(x: Tensor): Tensor { return this.fc2.call(this.relu.call(this.fc1.call(x))); }
  }
  for (const run of fixture.runs) {
    it(run.name, () => {
      const model = new SimpleNN();
      model.loadStateDict(Object.fromEntries(Object.entries(training.initial_params).map(([k, t]) => [k, new Tensor(Float64Array.from(t.data), t.shape)])));
      const X = new Tensor(Float64Array.from(training.X.data), training.X.shape);
      const Y = new Tensor(Float64Array.from(training.Y.data), training.Y.shape);
      const Optimizer = optim[run.optimizer] as new (p: Tensor[], o: unknown) => optim.Optimizer;
      const optimizer = new Optimizer(model.parameters(), camel(run.hyperparams));
      const Scheduler = run.scheduler && (optim.lrScheduler[run.scheduler.name] as new (o: optim.Optimizer, options: unknown) => optim.lrScheduler.LRScheduler);
      const scheduler = Scheduler ? new Scheduler(optimizer, camel(run.scheduler!.options)) : null;
      const losses: number[] = [];
      const lrs: number[] = [];
      for (let epoch = 0; epoch < fixture.epochs; epoch++) {
        optimizer.zeroGrad();
        const loss = new nn.MSELoss().call(model.call(X), Y);
        losses.push(loss.item());
        lrs.push(optimizer.paramGroups[0].lr);
        loss.backward();
        optimizer.step();
        scheduler?.step();
      }
      assertAllClose(lrs, run.lrs, { rtol: 1e-12, atol: 1e-15 }, 'learning rates');
      if (run.last_lr) assertAllClose(scheduler!.getLastLr(), run.last_lr, { rtol: 1e-12, atol: 1e-15 }, 'getLastLr()');
      assertAllClose(losses, run.losses, { rtol: 1e-9, atol: 1e-12 }, 'losses');
      const state = model.stateDict();
      for (const [name, want] of Object.entries(run.final_params)) assertAllClose(state[name].data, want.data, { rtol: 1e-9, atol: 1e-12 }, name);
    });
  }
});

describe('the tutorial API: semantics and errors', () => {
  it('comparisons are 0/1 tensors without a graph; shape ops keep PyTorch shapes, empty ones included', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    assert.equal(x.gt(1).requiresGrad, false);
    assert.deepEqual(x.le(tensor([[2], [1]])).toArray(), [[1, 1, 0], [1, 0, 0]]);
    assert.deepEqual(torch.zeros(2, 3).unsqueeze(2).shape, [2, 3, 1]);
    assert.deepEqual(torch.zeros(2, 3).unsqueeze(-3).shape, [1, 2, 3]);
    assert.throws(() => torch.zeros(2, 3).unsqueeze(3 + 1), /dimension out of range/);
    assert.deepEqual(torch.zeros(1, 0, 1).squeeze().shape, [0]);
    assert.deepEqual(tensor(5).flatten().shape, [1]);
    assert.deepEqual(torch.cat([torch.zeros(0, 3), torch.ones(2, 3)]).shape, [2, 3]);
    assert.deepEqual(torch.concat([torch.zeros(0), torch.zeros(0)]).shape, [0]);
    assert.deepEqual(torch.stack([tensor(1), tensor(2)]).toArray(), [1, 2]);
    assert.deepEqual(torch.zeros(4, 2).slice(0, 10).shape, [0, 2]);
    assert.ok(Number.isNaN(tensor([1]).var().item()), 'one element, unbiased: NaN as PyTorch');
    assert.equal(tensor([1, 3]).var({ unbiased: false }).item(), 1);
    assert.equal(tensor([1, 3]).std(undefined, { correction: 0 }).item(), 1);
  });

  it('zerosLike, onesLike, randnLike, randLike and randint (seeded, in [low, high))', () => {
    const like = torch.zeros(2, 3);
    assert.deepEqual(torch.onesLike(like).toArray(), [[1, 1, 1], [1, 1, 1]]);
    assert.equal(torch.zerosLike(like, { requiresGrad: true }).requiresGrad, true);
    torch.manualSeed(7);
    const a = [torch.randnLike(like).tolist(), torch.randLike(like).tolist(), torch.randint(3, 10, [1000]).tolist()];
    torch.manualSeed(7);
    const b = [torch.randnLike(like).tolist(), torch.randLike(like).tolist(), torch.randint(3, 10, [1000]).tolist()];
    assert.deepEqual(a, b);
    const ints = a[2] as number[];
    assert.ok(ints.every((v) => Number.isInteger(v) && v >= 3 && v < 10));
    assert.deepEqual(new Set(ints).size, 7, 'every value in [3, 10) occurs');
    assert.deepEqual(torch.randint(5, [2, 2]).shape, [2, 2]);
    assert.throws(() => torch.randint(5, 5, [2]), /from=5 >= to=5/);
    assert.throws(() => torch.randint(2, 3), /randint\(high, shape\)/);
  });

  it('Dropout: scaled mask while training, identity in eval, train()/eval() reach every submodule', () => {
    const model = new nn.Sequential(new nn.Linear(4, 4), new nn.Dropout(0.25), new nn.ModuleList([new nn.Dropout()]) as never);
    assert.equal(model.training, true);
    const drop = model.layers[1] as nn.Dropout;
    torch.manualSeed(1);
    const y = drop.call(torch.ones(100, 100));
    const values = new Set(y.data);
    assert.deepEqual([...values].sort(), [0, 1 / 0.75]);
    const zeros = y.data.filter((v) => v === 0).length / y.data.length;
    assert.ok(Math.abs(zeros - 0.25) < 0.02, `dropped ${zeros}`);
    torch.manualSeed(1);
    assert.deepEqual(drop.call(torch.ones(100, 100)).data, y.data, 'seeded');
    model.eval();
    assert.deepEqual([model.training, ...model.namedModules().map(([, m]) => m.training)], [false, false, false, false, false]);
    const x = torch.randn(3, 4);
    assert.equal(drop.call(x), x);
    model.train();
    assert.ok(model.namedModules().every(([, m]) => m.training));
    assert.equal(new nn.ModuleList([new nn.ReLU()]).length, 1, 'training is not a field of the list');
    assert.deepEqual(nn.functional.dropout(torch.ones(3), { p: 1 }).toArray(), [0, 0, 0]);
    assert.throws(() => new nn.Dropout(1.5), /between 0 and 1, but got 1.5/);
    const w = tensor([1, 2, 3, 4], { requiresGrad: true });
    torch.manualSeed(3);
    const out = nn.functional.dropout(w, { p: 0.5 });
    out.sum().backward();
    assert.deepEqual(w.grad!.toArray(), Array.from(out.data, (v, i) => v / (i + 1)), 'the gradient is the mask');
  });

  it('modules() lists every module; apply() visits children before their parent, in field order', () => {
    const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Sequential(new nn.Linear(3, 3), new nn.Tanh()));
    assert.deepEqual(model.modules().map((m) => m.constructor.name), ['Sequential', 'Linear', 'ReLU', 'Sequential', 'Linear', 'Tanh']);
    const seen: string[] = [];
    assert.equal(model.apply((m) => { seen.push(m.constructor.name); if (m instanceof nn.Linear) nn.init.zeros_(m.weight); }), model);
    assert.deepEqual(seen, ['Linear', 'ReLU', 'Linear', 'Tanh', 'Sequential', 'Sequential']);
    assert.ok(model.parameters().filter((p) => p.ndim === 2).every((w) => w.data.every((v) => v === 0)));
  });

  it('nn.Parameter is a leaf that requires grad and shares the values; a module finds it', () => {
    const data = torch.randn(3);
    const p = nn.Parameter(data);
    assert.ok(p.isLeaf && p.requiresGrad);
    assert.equal(p.data, data.data);
    assert.equal(new nn.Parameter(data).requiresGrad, true);
    assert.equal(nn.Parameter(data, false).requiresGrad, false);
    class Scale extends nn.Module { s = nn.Parameter(torch.ones(2)); forward(x: Tensor): Tensor { return x.mul(this.s); } }
    assert.deepEqual(new Scale().namedParameters().map(([n]) => n), ['s']);
  });

  it('nn.init fills in place from the seeded generator, with PyTorch bounds', () => {
    const w = torch.zeros(200, 50);
    assert.equal(nn.init.uniform_(w, -2, 3), w);
    assert.ok(w.data.every((v) => v >= -2 && v < 3));
    const bound = (t: Tensor): number => Math.max(...Array.from(t.data, Math.abs));
    nn.init.xavierUniform_(w);
    assert.ok(bound(w) <= Math.sqrt(6 / 250) && bound(w) > 0.95 * Math.sqrt(6 / 250));
    nn.init.kaimingUniform_(w, { nonlinearity: 'relu' });
    assert.ok(bound(w) <= Math.sqrt(6 / 50) && bound(w) > 0.95 * Math.sqrt(6 / 50));
    nn.init.kaimingUniform_(w, Math.sqrt(5));
    assert.ok(bound(w) <= 1 / Math.sqrt(50) + 1e-15 && bound(w) > 0.95 / Math.sqrt(50), 'nn.Linear\'s bound');
    nn.init.kaimingUniform_(w, { mode: 'fan_out' });
    assert.ok(bound(w) <= Math.sqrt(6 / 200) && bound(w) > 0.95 * Math.sqrt(6 / 200));
    nn.init.normal_(w, 1, 2);
    const mean = w.mean().item();
    assert.ok(Math.abs(mean - 1) < 0.1 && Math.abs(w.std().item() - 2) < 0.1);
    assert.deepEqual(nn.init.constant_(torch.zeros(2), 0.5).toArray(), [0.5, 0.5]);
    assert.deepEqual(nn.init.ones_(torch.zeros(2)).toArray(), [1, 1]);
    assert.deepEqual(nn.init.zeros_(torch.ones(2)).toArray(), [0, 0]);
    assert.equal(nn.init.calculateGain('leaky_relu', 0), Math.SQRT2);
    assert.equal(nn.init.calculateGain('tanh'), 5 / 3);
    torch.manualSeed(4);
    const a = nn.init.xavierNormal_(torch.zeros(3, 3)).tolist();
    torch.manualSeed(4);
    assert.deepEqual(nn.init.xavierNormal_(torch.zeros(3, 3)).tolist(), a);
    assert.throws(() => nn.init.xavierUniform_(torch.zeros(3)), /fewer than 2 dimensions/);
    assert.throws(() => nn.init.kaimingUniform_(w, { mode: 'fanin' } as never), /'mode' must be one of 'fan_in', 'fan_out'/);
  });

  it('stateDict() copies by parameter name; loadStateDict() copies back in place and names every mismatch', () => {
    const a = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    const b = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    const state = a.stateDict();
    assert.deepEqual(Object.keys(state), ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
    assert.notEqual(state['layers.0.weight'].data, (a.layers[0] as nn.Linear).weight.data, 'a copy');
    const weight = (b.layers[0] as nn.Linear).weight;
    const before = weight.data;
    assert.deepEqual(b.loadStateDict(state), { missingKeys: [], unexpectedKeys: [] });
    assert.equal(weight.data, before, 'in place');
    const x = torch.randn(4, 2);
    assert.deepEqual(b.call(x).tolist(), a.call(x).tolist());
    state['layers.0.weight'].data[0] = 99;
    assert.notEqual((a.layers[0] as nn.Linear).weight.data[0], 99);
    const wrong = { ...state, 'layers.2.weight': torch.zeros(2, 3) };
    assert.throws(() => b.loadStateDict(wrong), /size mismatch for layers\.2\.weight: copying a param with shape \[2, 3\] from checkpoint, the shape in current model is \[1, 3\]/);
    const partial: Record<string, Tensor> = { ...state, extra: torch.zeros(1) };
    delete partial['layers.0.bias'];
    assert.throws(() => b.loadStateDict(partial), /Missing key\(s\) in state_dict: "layers\.0\.bias"\.\n\tUnexpected key\(s\) in state_dict: "extra"\./);
    assert.deepEqual(b.loadStateDict(partial, false), { missingKeys: ['layers.0.bias'], unexpectedKeys: ['extra'] });
    const mlp = new nn.MLP(2, [3, 1]);
    const other = new nn.MLP(2, [3, 1]);
    other.loadStateDict(mlp.stateDict());
    assert.deepEqual(other.parameters().map((p) => p.data), mlp.parameters().map((p) => p.data));
  });

  it('the learning rate is optimizer.lr and paramGroups[0].lr, read and written; options are copied', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const options = { lr: 0.1 };
    const sgd = new optim.SGD([p], options);
    sgd.paramGroups[0].lr = 0.5;
    assert.equal(sgd.lr, 0.5);
    assert.equal(options.lr, 0.1, 'the caller\'s object is left alone');
    p.mul(p).sum().backward();
    sgd.step();
    assert.deepEqual(p.toArray(), [0, 0]);
    assert.equal(new optim.Adam([p]).lr, 1e-3);
    assert.equal(new optim.RMSprop([p]).paramGroups[0].lr, 1e-2);
    assert.throws(() => { sgd.lr = -1; }, /invalid learning rate -1/);
    assert.throws(() => new optim.AdamW([p], { amsgrad: true } as never), /unknown option 'amsgrad'/);
    const steps = new optim.lrScheduler.StepLR(new optim.SGD([p], 1), { stepSize: 2, gamma: 0.5 });
    const lrs = [steps.getLastLr()[0]];
    for (let i = 0; i < 5; i++) { steps.step(); lrs.push(steps.getLastLr()[0]); }
    assert.deepEqual(lrs, [1, 1, 0.5, 0.5, 0.25, 0.25]);
    assert.throws(() => new optim.lrScheduler.StepLR(sgd, { step_size: 2 } as never), /Did you mean stepSize\?/);
    assert.throws(() => new optim.lrScheduler.CosineAnnealingLR(sgd, {} as never), /option 'TMax' is required/);
  });

  it('misuse gets PyTorch\'s message', () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => torch.cat([torch.zeros(2, 3), torch.zeros(2, 2)]), /sizes of tensors must match except in dimension 0: expected size 3 but got size 2 in dimension 1/],
      [() => torch.cat([]), /non-empty list/],
      [() => torch.cat(torch.zeros(2) as never), /expected an array of tensors, e\.g\. torch\.cat\(\[a, b\], 0\), got a Tensor/],
      [() => torch.stack([torch.zeros(2), torch.zeros(3)]), /stack\(\): expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at entry 1/],
      [() => torch.zeros(2, 3).gather(1, tensor([[3]])), /index 3 is out of bounds for dimension 1 with size 3/],
      [() => torch.zeros(2, 3).index(2), /index 2 is out of bounds for dimension 0 with size 2/],
      [() => torch.zeros(2, 3).flatten(1, 0), /start_dim \(1\) cannot come after end_dim \(0\)/],
      [() => torch.zeros(2).clamp(), /at least one of 'min' or 'max'/],
      [() => torch.zeros(2).var(0, { unbiased: true, correction: 1 }), /cannot specify both unbiased and correction/],
      [() => torch.zeros(2).std(0, { unbaised: true } as never), /Did you mean unbiased\?/],
      [() => new nn.BCELoss().call(tensor([1.5]), tensor([1])), /between 0 and 1/],
      [() => new nn.BCEWithLogitsLoss().call(torch.zeros(2, 1), torch.zeros(2)), /target size \(\[2\]\) must be the same as input size \(\[2, 1\]\)/],
      [() => new nn.NLLLoss().call(torch.zeros(2, 3), tensor([0, 3])), /target 3 is out of bounds for 3 classes/],
      [() => new nn.BCEWithLogitsLoss({ pos_weight: tensor([1]) } as never), /Did you mean posWeight\?/],
      [() => new nn.BCELoss({ weight: [1, 2] } as never), /'weight' must be a Tensor, e\.g\. torch\.tensor/],
      [() => new nn.Embedding(3, 2).call([3]), /index 3 is out of range for 3 embeddings/],
      [() => torch.zeros(2, 3).gelu('fast' as never), /approximate must be 'none' or 'tanh'/],
    ];
    for (const [make, message] of cases) assert.throws(make, message);
  });
});

describe('a tutorial training loop, ported line by line', () => {
  it('trains a dropout classifier with BCEWithLogitsLoss, AdamW and StepLR, then evaluates and reloads it', () => {
    torch.manualSeed(0);
    const { X, y } = (() => {
      const X = torch.randn(64, 2);
      const labels = Array.from({ length: 64 }, (_, i) => (X.data[2 * i] * X.data[2 * i + 1] > 0 ? 1 : 0));
      return { X, y: tensor(labels).unsqueeze(1) };
    })();
    class Net extends nn.Module {
      fc1 = new nn.Linear(2, 32);
      act = new nn.GELU();
      drop = new nn.Dropout(0.1);
      fc2 = new nn.Linear(32, 1);
      forward(x: Tensor): Tensor { return this.fc2.call(this.drop.call(this.act.call(this.fc1.call(x)))); }
    }
    const model = new Net();
    model.apply((m) => { if (m instanceof nn.Linear) { nn.init.kaimingUniform_(m.weight, { nonlinearity: 'relu' }); nn.init.zeros_(m.bias!); } });
    const optimizer = new optim.AdamW(model.parameters(), { lr: 0.05 });
    const scheduler = new optim.lrScheduler.StepLR(optimizer, { stepSize: 100, gamma: 0.5 });
    const criterion = new nn.BCEWithLogitsLoss();
    const losses: number[] = [];
    model.train();
    for (let epoch = 0; epoch < 300; epoch++) {
      optimizer.zeroGrad();
      const loss = criterion.call(model.call(X), y);
      loss.backward();
      optimizer.step();
      scheduler.step();
      losses.push(loss.item());
    }
    assert.ok(losses[losses.length - 1] < 0.5 * losses[0], `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
    assert.deepEqual(scheduler.getLastLr(), [0.05 * 0.125]);
    model.eval();
    const accuracy = (m: Net): number => torch.noGrad(() => m.call(X).gt(0).eq(y).mean().item());
    assert.equal(accuracy(model), accuracy(model), 'eval mode is deterministic');
    assert.ok(accuracy(model) > 0.9, `accuracy ${accuracy(model)}`);
    const copy = new Net();
    copy.loadStateDict(model.stateDict());
    copy.eval();
    assert.equal(accuracy(copy), accuracy(model));
  });
});
