// The engine against PyTorch's own numbers (test/fixtures/torch, generated once by generate.py):
// scalar expressions, every op at its edge cases, every tensor op with broadcasting, the layers
// and losses, and three whole training runs of the seed's 2-4-1 network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, Value, nn, optim, tensor } from '../../../src/engine';
import { loadFixture, type FixtureTensor } from '../../helpers/fixtures';
import { assertAllClose, assertClose } from '../../helpers/numeric';

const TOL = { rtol: 1e-10, atol: 1e-12 };
const fromFixture = (t: FixtureTensor, requiresGrad = false): Tensor =>
  new Tensor(Float64Array.from(t.data), t.shape, { requiresGrad });

function assertTensor(actual: Tensor | null, expected: FixtureTensor, what: string, tol = TOL): void {
  assert.ok(actual, `${what} is missing`);
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assertAllClose(actual.data, expected.data, tol, what);
}

describe('scalar expressions match PyTorch', () => {
  interface Case { name: string; values: Record<string, number>; grads: Record<string, number> }
  const cases = new Map(loadFixture<{ cases: Case[] }>('scalar.json').cases.map((c) => [c.name, c]));

  // The same programs as the fixture's `python` sources, written with Value.
  const programs: Record<string, () => Record<string, Value>> = {
    seed: () => {
      const a = new Value(2), b = new Value(3);
      const c = a.mul(b);
      const d = c.add(a);
      d.backward();
      return { a, b, c, d };
    },
    micrograd_sanity: () => {
      const x = new Value(-4);
      const z = x.mul(2).add(2).add(x);
      const q = z.relu().add(z.mul(x));
      const h = z.mul(z).relu();
      const y = h.add(q).add(q.mul(x));
      y.backward();
      return { x, y };
    },
    micrograd_more_ops: () => {
      const a = new Value(-4), b = new Value(2);
      let c = a.add(b);
      let d = a.mul(b).add(b.pow(3));
      c = c.add(c).add(1);
      c = c.add(1).add(c).add(a.neg());
      d = d.add(d.mul(2)).add(b.add(a).relu());
      d = d.add(d.mul(3)).add(b.sub(a).relu());
      const e = c.sub(d);
      const f = e.pow(2);
      let g = f.div(2);
      g = g.add(new Value(10).div(f));
      g.backward();
      return { a, b, g };
    },
    double_backward_accumulates: () => {
      const a = new Value(2), b = new Value(3);
      a.mul(b).add(a).backward();
      a.mul(b).add(a).backward();
      return { a, b };
    },
    diamond: () => {
      const x = new Value(1.5);
      const y = x.mul(x);
      const z = y.add(y.mul(x)).add(y.tanh());
      z.backward();
      return { x, z };
    },
  };

  for (const [name, program] of Object.entries(programs)) {
    it(name, () => {
      const expected = cases.get(name);
      assert.ok(expected, `fixture case ${name}`);
      const vars = program();
      for (const [v, value] of Object.entries(expected.values)) assertClose(vars[v].data, value, TOL, `${v}.data`);
      for (const [v, grad] of Object.entries(expected.grads)) assertClose(vars[v].grad, grad, TOL, `${v}.grad`);
    });
  }
});

describe('unary ops match PyTorch, edge cases included', () => {
  interface Case { op: 'tanh' | 'exp' | 'log' | 'sigmoid' | 'relu' | 'neg' | 'pow'; x: number; k?: number; out: number; grad: number }
  for (const c of loadFixture<{ cases: Case[] }>('unary.json').cases) {
    const name = `${c.op}(${c.x}${c.k === undefined ? '' : `, ${c.k}`})`;
    it(`${name} on a Value and on a tensor`, () => {
      const v = new Value(c.x);
      const out = c.op === 'pow' ? v.pow(c.k!) : v[c.op]();
      out.backward();
      assertClose(out.data, c.out, TOL, `${name} value`);
      assertClose(v.grad, c.grad, TOL, `${name} grad`);

      const t = tensor(c.x, { requiresGrad: true });
      const y = c.op === 'pow' ? t.pow(c.k!) : t[c.op]();
      y.backward();
      assertClose(y.item(), c.out, TOL, `${name} tensor value`);
      assertClose(t.grad!.item(), c.grad, TOL, `${name} tensor grad`);
    });
  }
});

describe('tensor ops match PyTorch (loss = (op(a, b) * weight).sum())', () => {
  interface Case {
    name: string; op: string; args: { k?: number; dim?: number; shape?: number[]; dim0?: number; dim1?: number };
    inputs: { a: FixtureTensor; b?: FixtureTensor }; out: FixtureTensor; weight: FixtureTensor;
    grads: { a: FixtureTensor; b?: FixtureTensor };
  }
  const apply = (c: Case, a: Tensor, b: Tensor | undefined): Tensor => {
    switch (c.op) {
      case 'add': return a.add(b!);
      case 'sub': return a.sub(b!);
      case 'mul': return a.mul(b!);
      case 'div': return a.div(b!);
      case 'matmul': return a.matmul(b!);
      case 'pow': return a.pow(c.args.k!);
      case 'neg': return a.neg();
      case 'relu': return a.relu();
      case 'tanh': return a.tanh();
      case 'sigmoid': return a.sigmoid();
      case 'exp': return a.exp();
      case 'log': return a.log();
      case 'sum': return a.sum(c.args.dim);
      case 'mean': return a.mean(c.args.dim);
      case 'reshape': return a.reshape(c.args.shape!);
      case 'transpose': return a.transpose(c.args.dim0, c.args.dim1);
      default: throw new Error(`no such op in the fixture: ${c.op}`);
    }
  };
  for (const c of loadFixture<{ cases: Case[] }>('tensor.json').cases) {
    it(c.name, () => {
      const a = fromFixture(c.inputs.a, true);
      const b = c.inputs.b && fromFixture(c.inputs.b, true);
      const out = apply(c, a, b);
      assertTensor(out, c.out, 'out');
      out.mul(fromFixture(c.weight)).sum().backward();
      assertTensor(a.grad, c.grads.a, 'a.grad');
      if (b) assertTensor(b.grad, c.grads.b!, 'b.grad');
    });
  }
});

describe('layers and losses match PyTorch', () => {
  interface Case {
    name: string; inputs: Record<string, FixtureTensor>; params: Record<string, FixtureTensor>; out: FixtureTensor;
    weight: FixtureTensor; loss: number; targets: number[]; grads: Record<string, FixtureTensor>;
  }
  const cases = new Map(loadFixture<{ cases: Case[] }>('nn.json').cases.map((c) => [c.name, c]));
  const get = (name: string): Case => cases.get(name)!;

  it('nn.Linear: output and gradients of input, weight and bias', () => {
    const c = get('linear');
    const layer = new nn.Linear(3, 2);
    layer.weight.data.set(c.params.W.data);
    layer.bias!.data.set(c.params.b.data);
    const x = fromFixture(c.inputs.x, true);
    const out = layer.call(x);
    assertTensor(out, c.out, 'out');
    const loss = out.mul(fromFixture(c.weight)).sum();
    assertClose(loss.item(), c.loss, TOL);
    loss.backward();
    assertTensor(x.grad, c.grads.x, 'x.grad');
    assertTensor(layer.weight.grad, c.grads.W, 'weight.grad');
    assertTensor(layer.bias!.grad, c.grads.b, 'bias.grad');
  });

  it('nn.MSELoss', () => {
    const c = get('mse');
    const pred = fromFixture(c.inputs.pred, true);
    const loss = new nn.MSELoss().call(pred, fromFixture(c.inputs.target));
    assert.deepEqual(loss.shape, []);
    assertClose(loss.item(), c.loss, TOL);
    loss.backward();
    assertTensor(pred.grad, c.grads.pred, 'pred.grad');
  });

  for (const name of ['cross_entropy', 'cross_entropy_extreme']) {
    it(`nn.CrossEntropyLoss (${name})`, () => {
      const c = get(name);
      const logits = fromFixture(c.inputs.logits, true);
      const loss = new nn.CrossEntropyLoss().call(logits, tensor(c.targets));
      assertClose(loss.item(), c.loss, TOL);
      loss.backward();
      assertTensor(logits.grad, c.grads.logits, 'logits.grad');
    });
  }
});

describe("the seed's SimpleNN (2-4-1, MSE) trains exactly as in PyTorch", () => {
  interface Run {
    name: string; optimizer: 'SGD' | 'Adam'; hyperparams: { lr: number; momentum?: number };
    losses: number[]; final_params: Record<string, FixtureTensor>; final_output: FixtureTensor;
  }
  const fixture = loadFixture<{ X: FixtureTensor; Y: FixtureTensor; initial_params: Record<string, FixtureTensor>; runs: Run[] }>('training.json');

  class SimpleNN extends nn.Module {
    fc1 = new nn.Linear(2, 4);
    relu = new nn.ReLU();
    fc2 = new nn.Linear(4, 1);
    forward(x: Tensor): Tensor {
      return this.fc2.call(this.relu.call(this.fc1.call(x)));
    }
  }

  for (const run of fixture.runs) {
    it(`${run.name}: 100 epochs, loss at every epoch and final parameters`, () => {
      const model = new SimpleNN();
      for (const [name, p] of model.namedParameters()) p.data.set(fixture.initial_params[name].data);
      const optimizer = run.optimizer === 'SGD' ? new optim.SGD(model.parameters(), run.hyperparams) : new optim.Adam(model.parameters(), run.hyperparams);
      const X = fromFixture(fixture.X);
      const Y = fromFixture(fixture.Y);
      const criterion = new nn.MSELoss();
      const losses: number[] = [];
      for (let epoch = 0; epoch < 100; epoch++) {
        optimizer.zeroGrad();
        const loss = criterion.call(model.call(X), Y);
        losses.push(loss.item());
        loss.backward();
        optimizer.step();
      }
      const tol = { rtol: 1e-8, atol: 1e-10 };
      assertAllClose(losses, run.losses, tol, 'losses');
      for (const [name, p] of model.namedParameters()) assertTensor(p, run.final_params[name], name, tol);
      assertTensor(model.call(X), run.final_output, 'output', tol);
    });
  }
});
