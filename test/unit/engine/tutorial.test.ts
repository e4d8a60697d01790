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
