// What a run computes: the root it picks for a file, a selection or a training loop, the names
// and gradients it reports, and the graph it exports.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rangeOf, run, scratchDir, writeFiles } from '../../helpers/run';

const SEED = `import { torch } from 'gradlens';

const a = torch.tensor(2.0, { requiresGrad: true });
const b = torch.tensor(3.0, { requiresGrad: true });
const c = a.mul(b);
const d = c.add(a);
d.backward();
`;

const binding = (r: Awaited<ReturnType<typeof run>>, name: string) => r.result!.bindings.find((b) => b.name === name)!;

describe('a run picks its root and reports gradients', () => {
  it('whole file: the root is the last scalar backward() was called on', async () => {
    const r = await run(SEED);
    assert.equal(r.status, 'completed', r.why);
    assert.equal(r.result!.rootReason, 'backward');
    const g = r.result!.graph;
    assert.deepEqual(g.nodes.map((n) => [n.label, n.data, n.grad]).sort(), [['a', 2, 4], ['b', 3, 2], ['c', 6, 1], ['d', 8, 1]]);
    assert.equal(g.nodes.find((n) => n.id === g.root)!.label, 'd');
    assert.equal(binding(r, 'a').grad, 4);
    assert.equal(binding(r, 'b').grad, 2);
    assert.deepEqual(binding(r, 'c').loc, { line: 4, col: 6, endLine: 4, endCol: 7 });
    assert.deepEqual(g.nodes.find((n) => n.label === 'c')!.loc, { line: 4, col: 0, endLine: 4, endCol: 19 });
  });

  it('a selected expression is the root, with the code above it as context, and gets backward()', async () => {
    const source = `import { Value } from 'gradlens';
const a = new Value(2);
const b = new Value(3);
const unused = a.mul(100);
console.log(a.mul(b).add(a).data);
throw new Error('code after the selection does not run');
`;
    const r = await run(source, { mode: 'selection', range: rangeOf(source, 'a.mul(b).add(a)') });
    assert.equal(r.status, 'completed', r.why);
    assert.equal(r.result!.rootReason, 'expression');
    const root = r.result!.graph.nodes.find((n) => n.id === r.result!.graph.root)!;
    assert.equal(root.data, 8);
    assert.equal(binding(r, 'a').grad, 4);
    assert.equal(binding(r, 'b').grad, 2);
    assert.deepEqual(r.logs, [], 'only the selection runs, not its statement');
  });

  it('selected statements without backward(): the last scalar expression statement is the root', async () => {
    const source = `import { Value } from 'gradlens';
const x = new Value(3);
const y = x.pow(2);
y.add(1);
`;
    const r = await run(source, { mode: 'selection', range: rangeOf(source, 'const y = x.pow(2);\ny.add(1);') });
    assert.equal(r.result!.rootReason, 'last-expression');
    assert.equal(binding(r, 'x').grad, 6);
  });

  it('with no backward() and no expression statement, the last scalar variable declared is the root', async () => {
    const source = `import { torch } from 'gradlens';
const w = torch.tensor([[1, 2], [3, 4]], { requiresGrad: true });
const x = torch.tensor([1, 0.5]);
const lr = torch.tensor(0.1);
const loss = w.matmul(x).pow(2).sum();
const notDifferentiable = torch.tensor(3);
console.log(loss.item());
`;
    const r = await run(source);
    assert.equal(r.status, 'completed', r.why);
    assert.equal(r.result!.rootReason, 'last-variable');
    // loss = (w11 + w12/2)² + (w21 + w22/2)² = 4 + 25; dloss/dw = 2·(w·x)_i · x_j
    assert.equal(binding(r, 'loss').data, 29);
    assert.deepEqual(r.result!.graph.nodes.find((n) => n.label === 'w')!.gradSummary!.max, 10);
  });

  it('train: runs up to the end of the loop and streams one loss point per backward()', async () => {
    const source = `import { Value } from 'gradlens';
const w = new Value(0);
for (let step = 0; step < 50; step++) {
  w.grad = 0;
  const loss = w.sub(3).pow(2);
  loss.backward();
  w.data -= 0.1 * w.grad;
}
throw new Error('after the loop');
`;
    const loop = rangeOf(source, source.slice(source.indexOf('for'), source.indexOf('}\n') + 1));
    const r = await run(source, { mode: 'train', range: loop });
    assert.equal(r.status, 'completed', r.why);
    assert.equal(r.losses.length, 50);
    assert.ok(r.losses[49] < 1e-6 && r.losses[0] === 9);
    assert.ok(Math.abs(binding(r, 'w').data! - 3) < 1e-3);
  });

  it('labels module parameters with their path and groups a big scalar graph', async () => {
    const source = `import { Value, nn, manualSeed } from 'gradlens';
manualSeed(1);
const model = new nn.MLP(2, [16, 16, 1]);
const xs = [[1, 2], [3, -1], [0.5, 0.5], [-2, 1]];
const scores = xs.map((x) => model.forward(x.map((v) => new Value(v))) as Value);
const loss = scores.reduce((s, v) => s.add(v.pow(2)), new Value(0));
loss.backward();
`;
    const r = await run(source, { nodeBudget: 200, keep: true });
    const g = r.result!.graph;
    assert.ok(g.totalNodes > 2000, `${g.totalNodes} nodes`);
    assert.ok(g.groups.length > 0 && g.groups.length <= 100);
    assert.ok(g.nodes.length + g.groups.length <= 200);
    assert.equal(g.groups.reduce((n, grp) => n + grp.count, 0) + g.nodes.length, g.totalNodes, 'every node is shown or in a group');
    const labels = g.groups.map((grp) => grp.label);
    assert.ok(labels.includes('model') && labels.includes('scores'), labels.join(', '));
    const params = g.groups.find((grp) => grp.label === 'model')!;
    const inside = await r.handle.expand(params.id);
    const all = [...inside.nodes];
    for (const sub of inside.groups) all.push(...(await r.handle.expand(sub.id)).nodes);
    assert.equal(all.length, 337);
    assert.ok(all.some((n) => n.label === 'layers.0.neurons.3.w.1' && n.isParameter));
    r.handle.dispose();
  });

  it('names PyTorch-style parameters fc1.weight and reports tensor bindings with shape and summary', async () => {
    const source = `import { torch, Tensor } from 'gradlens';
class Net extends torch.nn.Module {
  fc1 = new torch.nn.Linear(2, 3);
  forward(x: Tensor): Tensor { return this.fc1.call(x).relu(); }
}
const net = new Net();
const out = net.call(torch.tensor([[1, 2]]));
const loss = out.sum();
loss.backward();
`;
    const r = await run(source);
    const labels = r.result!.graph.nodes.map((n) => n.label);
    assert.ok(labels.includes('fc1.weight') && labels.includes('fc1.bias'), labels.join(', '));
    const out = binding(r, 'out');
    assert.equal(out.kind, 'tensor');
    assert.deepEqual(out.shape, [1, 3]);
    assert.equal(out.preview!.length, 3);
    assert.ok(out.summary !== null && out.gradSummary !== null);
  });

  it('imports the user\'s other files, .ts and .js, relative to the file', async () => {
    const dir = scratchDir();
    writeFiles(dir, {
      'model.ts': `import { Value } from 'gradlens';\nexport function square(v: Value): Value { return v.mul(v); }\n`,
      'helpers.js': `exports.three = () => 3;\n`,
    });
    const source = `import { Value } from 'gradlens';\nimport { square } from './model';\nconst { three } = require('./helpers.js');\nconst x = new Value(three());\nsquare(x).backward();\n`;
    const r = await run(source, { fileName: join(dir, 'main.ts') });
    assert.equal(r.status, 'completed', r.why);
    assert.equal(binding(r, 'x').grad, 6);
  });

  it('forwards console output with its line, and report() as a metric', async () => {
    const r = await run(`import { Value, report } from 'gradlens';\nconsole.log('hello', 42);\nreport('accuracy', 0.5);\nnew Value(1).mul(2).backward();\n`);
    const log = r.events.flatMap((e) => (e.type === 'log' ? e.lines : []));
    assert.deepEqual(log, [{ level: 'log', text: 'hello 42', line: 1 }]);
    const metric = r.events.find((e) => e.type === 'metric');
    assert.ok(metric && metric.type === 'metric');
    assert.deepEqual([metric.names, [...metric.values]], [['accuracy'], [0.5]]);
  });

  it('reports the first node that went non-finite', async () => {
    const r = await run(`import { Value } from 'gradlens';\nconst x = new Value(-1);\nconst y = x.log();\nconst z = y.mul(2);\nz.backward();\n`);
    assert.equal(r.status, 'completed', r.why);
    const first = r.result!.graph.firstNonFinite!;
    assert.equal(first.label, 'y');
    assert.equal(first.loc!.line, 2);
    assert.ok(r.result!.graph.nodes.find((n) => n.label === 'z')!.nonFinite);
  });

  it('a backward() in the context above a selection does not make the selection\'s root', async () => {
    const source = `import { Value } from 'gradlens';
const a = new Value(2), b = new Value(3);
const d = a.mul(b);
d.backward();
const e = a.add(b).mul(b);
e.tanh();
`;
    const r = await run(source, { mode: 'selection', range: rangeOf(source, 'const e = a.add(b).mul(b);\ne.tanh();') });
    assert.equal(r.result!.rootReason, 'last-expression');
    assert.equal(r.result!.graph.nodes.find((n) => n.id === r.result!.graph.root)!.op, 'tanh');
  });

  it('names the first value that became non-finite, not a leaf whose gradient did', async () => {
    const r = await run(`import { Value } from 'gradlens';\nconst a = new Value(0);\nconst b = new Value(2);\nconst c = a.mul(b);\nconst d = c.log();\nd.backward();\n`);
    assert.equal(r.result!.graph.firstNonFinite!.label, 'd');
    assert.equal(r.result!.graph.firstNonFinite!.loc!.line, 4);
  });

  it('runs derived classes with parameter properties, and imports JSON data files', async () => {
    const dir = scratchDir();
    writeFiles(dir, { 'data.json': '{ "xs": [1, 2, 3] }' });
    const source = `import { Value, nn } from 'gradlens';
import data from './data.json';
class Scaled extends nn.Module<Value> {
  constructor(private k: number) { super(); }
  forward(x: Value): Value { return x.mul(this.k); }
}
const total = data.xs.reduce((s: Value, x: number) => s.add(new Scaled(2).forward(new Value(x))), new Value(0));
total.backward();
`;
    const r = await run(source, { fileName: join(dir, 'main.ts') });
    assert.equal(r.status, 'completed', r.why);
    assert.equal(binding(r, 'total').data, 12);
  });

  it('async work the program does not await (main().catch(...)) is part of the run', async () => {
    const source = `import { Value } from 'gradlens';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const w = new Value(1);
async function main() {
  for (let step = 0; step < 30; step++) {
    w.grad = 0;
    w.sub(3).pow(2).backward();
    w.data -= 0.1 * w.grad;
    if (step % 10 === 0) await sleep(5);
  }
}
main().catch(console.error);
`;
    const r = await run(source);
    assert.equal(r.status, 'completed', r.why);
    assert.equal(r.losses.length, 30);
    assert.ok(Math.abs(binding(r, 'w').data! - 3) < 0.01);
  });

  it('batches a loop of 100k backward() calls: few messages, every step counted, the extremes kept', async () => {
    const source = `import { Value } from 'gradlens';\nconst w = new Value(1);\nfor (let i = 0; i < 100000; i++) w.mul(i % 1000 === 0 ? -i : i).backward();\n`;
    const r = await run(source);
    const batches = r.events.filter((e) => e.type === 'loss');
    const steps = batches.flatMap((e) => (e.type === 'loss' ? [...e.steps] : []));
    assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]), 'steps increase');
    assert.equal(steps[0], 1);
    assert.equal(steps[steps.length - 1], 100_000, 'the last step is exact');
    // The loss at step s is ±(s - 1): the points kept are the points computed.
    assert.ok(steps.every((s, i) => Math.abs(r.losses[i]) === s - 1));
    // Every dip (a negative loss every 1000 steps) is kept, however thinned the rest.
    assert.equal(r.losses.filter((x) => x < 0).length, 99);
    const seconds = r.result!.timings.runMs / 1000;
    assert.ok(batches.length <= Math.ceil(seconds * 31) + 2, `${batches.length} messages in ${seconds.toFixed(2)} s`);
  });
});
