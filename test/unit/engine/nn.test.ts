// Modules: micrograd's Neuron/Layer/MLP (and its two-moons demo), PyTorch-style modules, their
// parameter names, and reproducible initialisation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor, Value, makeMoons, manualSeed, nn, optim, randn, tensor } from '../../../src/engine';

describe("micrograd's nn", () => {
  it('lists parameters neuron by neuron, weights then bias, layer by layer', () => {
    manualSeed(0);
    const mlp = new nn.MLP(3, [4, 4, 1]);
    assert.equal(mlp.parameters().length, 4 * 4 + 4 * 5 + 1 * 5);
    const names = mlp.namedParameters().map(([name]) => name);
    assert.deepEqual(names.slice(0, 5), ['layers.0.neurons.0.w.0', 'layers.0.neurons.0.w.1', 'layers.0.neurons.0.w.2', 'layers.0.neurons.0.b', 'layers.0.neurons.1.w.0']);
    assert.equal(names.at(-1), 'layers.2.neurons.0.b');
    const neuron = mlp.layers[0].neurons[0];
    assert.deepEqual(mlp.parameters().slice(0, 4), [...neuron.w, neuron.b]);
  });

  it('computes b + Σ w·x with ReLU on hidden layers and a linear last layer', () => {
    const n = new nn.Neuron(2);
    n.w[0].data = 2;
    n.w[1].data = -3;
    n.b.data = 0.5;
    assert.equal(n.forward([1, 1]).data, 0, 'ReLU clips 2 - 3 + 0.5');
    const linear = new nn.Neuron(2, { nonlin: false });
    [linear.w[0].data, linear.w[1].data, linear.b.data] = [2, -3, 0.5];
    assert.equal(linear.forward([1, 1]).data, -0.5);
    const mlp = new nn.MLP(2, [3, 1]);
    assert.equal(mlp.layers[1].neurons[0].nonlin, false);
    assert.equal(mlp.layers[0].neurons[0].nonlin, true);
    assert.ok(mlp.forward([1, 2]) instanceof Value, 'a one-neuron output is a single Value');
    assert.equal(String(mlp), 'MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]');
  });

  it('zeroGrad() clears every parameter', () => {
    const mlp = new nn.MLP(2, [2, 1]);
    (mlp.forward([1, -1]) as Value).backward();
    mlp.zeroGrad();
    assert.ok(mlp.parameters().every((p) => p.grad === 0));
  });

  it('trains the micrograd demo to 100% accuracy on two moons in 100 steps', () => {
    manualSeed(1337);
    const { X, y } = makeMoons(100, { noise: 0.1 });
    const labels = y.map((l) => l * 2 - 1);
    const model = new nn.MLP(2, [16, 16, 1]);
    for (let step = 0; step < 100; step++) {
      const scores = X.map((row) => model.forward(row.map((v) => new Value(v))) as Value);
      const losses = scores.map((s, i) => s.mul(-labels[i]).add(1).relu());
      const dataLoss = losses.reduce((a, l) => a.add(l)).mul(1 / losses.length);
      const reg = model.parameters().reduce((a, p) => a.add(p.mul(p)), new Value(0)).mul(1e-4);
      const total = dataLoss.add(reg);
      model.zeroGrad();
      total.backward();
      const lr = 1 - (0.9 * step) / 100;
      for (const p of model.parameters()) p.data -= lr * p.grad;
    }
    const predictions = X.map((row) => (model.forward(row) as Value).data > 0);
    const accuracy = predictions.filter((positive, i) => positive === labels[i] > 0).length / X.length;
    assert.equal(accuracy, 1);
  });

  it('optim.SGD and optim.Adam also update micrograd Values', () => {
    const w = new Value(3);
    const sgd = new optim.SGD([w], { lr: 0.1 });
    w.mul(w).backward();
    sgd.step();
    assert.equal(w.data, 3 - 0.1 * 6);
    const v = new Value(1);
    const adam = new optim.Adam([v], { lr: 0.5 });
    v.mul(4).backward();
    adam.step();
    assert.ok(Math.abs(v.data - 0.5) < 1e-6, 'the first Adam step moves by lr');
  });
});

describe('PyTorch-style modules', () => {
  class Net extends nn.Module {
    fc1 = new nn.Linear(2, 4);
    act = new nn.Tanh();
    fc2 = new nn.Linear(4, 1, { bias: false });
    forward(x: Tensor): Tensor {
      return this.fc2.call(this.act.call(this.fc1.call(x)));
    }
  }

  it('finds parameters by field path, in declaration order', () => {
    const net = new Net();
    assert.deepEqual(net.namedParameters().map(([n, p]) => [n, p.shape]), [['fc1.weight', [4, 2]], ['fc1.bias', [4]], ['fc2.weight', [1, 4]]]);
    const seq = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU(), new nn.Linear(2, 1));
    assert.deepEqual(seq.namedParameters().map(([n]) => n), ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
    assert.deepEqual(seq.call(randn(5, 3)).shape, [5, 1]);
  });

  it('initialises nn.Linear within ±1/√in, as PyTorch does', () => {
    const layer = new nn.Linear(100, 50);
    const bound = 1 / Math.sqrt(100);
    assert.ok(layer.weight.data.every((w) => Math.abs(w) <= bound));
    assert.ok(layer.weight.data.some((w) => Math.abs(w) > bound / 2), 'the weights spread over the range');
  });

  it('zeroGrad() sets gradients to null', () => {
    const net = new Net();
    net.call(tensor([[1, 2]])).sum().backward();
    assert.ok(net.parameters().every((p) => p.grad !== null));
    net.zeroGrad();
    assert.ok(net.parameters().every((p) => p.grad === null));
  });

  it('SGD with momentum follows the PyTorch update', () => {
    const p = tensor([1], { requiresGrad: true });
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    for (let i = 0; i < 2; i++) {
      opt.zeroGrad();
      p.mul(p).sum().backward(); // grad = 2p
      opt.step();
    }
    // step 1: buf = 2, p = 0.8; step 2: buf = 0.9*2 + 1.6 = 3.4, p = 0.8 - 0.34
    assert.ok(Math.abs(p.item() - 0.46) < 1e-12);
  });
});

describe('manualSeed', () => {
  it('makes initialisation and sampling reproducible', () => {
    manualSeed(42);
    const a = [new nn.MLP(2, [3, 1]).parameters().map((p) => p.data), randn(3).toArray(), new nn.Linear(3, 2).weight.toArray()];
    manualSeed(42);
    const b = [new nn.MLP(2, [3, 1]).parameters().map((p) => p.data), randn(3).toArray(), new nn.Linear(3, 2).weight.toArray()];
    assert.deepEqual(a, b);
    manualSeed(43);
    assert.notDeepEqual(randn(3).toArray(), a[1]);
  });

  it('draws standard normals with mean ~0 and variance ~1', () => {
    manualSeed(1);
    const x = randn(20000);
    const mean = x.mean().item();
    const variance = x.sub(mean).pow(2).mean().item();
    assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
  });
});
