// Records what the panel receives for a few programs, by running them through the real runner
// (dist/worker.js: run `npm run build` first): the run's start, its loss, metric and console
// batches, the result, the end, and the groupView answers for the groups of a grouped graph.
// Typed arrays are stored as plain arrays (the harness turns them back). Writes test/browser/fixtures/<name>.json.
// Usage: node --import tsx test/browser/make-fixtures.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GraphView, HostToPanel, ResultEvent, RunError, RunRequest, StepView, StoppedEvent } from '../../src/protocol';
import { Runner } from '../../src/runner/run';
import { plain, type Fixture } from './fixture';

const ROOT = resolve(__dirname, '..', '..');
const OUT = join(__dirname, 'fixtures');

const EXAMPLES: Record<string, string> = {
  manual: 'examples/01-manual-gradients.ts',
  'simple-nn': 'examples/02-simple-nn.ts',
  'tensor-mlp': 'examples/04-tensor-mlp.ts',
  neuron: 'examples/05-neuron.ts',
  exploding: 'examples/07-exploding-lr.ts',
};

/** Programs written for the tests, as a user would write them. */
const SOURCES: Record<string, string> = {
  // Karpathy's classic micrograd example at three sizes: ~100, ~370 and ~980 nodes, all under the
  // runner's node budget (so they arrive node by node); and the largest stopped earlier (the same
  // structure with other numbers).
  'mlp-100': classic([4, 4, 1], 1, 20),
  'mlp-300': classic([4, 4, 1], 4, 20),
  'mlp-1000': classic([8, 8, 1], 4, 20),
  'mlp-1000-step5': classic([8, 8, 1], 4, 5),
  // micrograd's moons demo on 150 samples: one step's graph has ~100k scalar nodes, sent grouped.
  'moons-100k': `import { Value, nn, makeMoons, manualSeed } from 'gradlens';

manualSeed(1337);
const { X, y } = makeMoons(150, { noise: 0.1 });
const labels = y.map((label) => label * 2 - 1);
const model = new nn.MLP(2, [16, 16, 1]);

for (let step = 0; step < 3; step++) {
  const scores = X.map((row) => model.forward(row.map((x) => new Value(x))) as Value);
  const losses = scores.map((score, i) => score.mul(-labels[i]).add(1).relu());
  const dataLoss = losses.reduce((sum, l) => sum.add(l)).div(losses.length);
  const regLoss = model.parameters().reduce((sum, p) => sum.add(p.mul(p)), new Value(0)).mul(1e-4);
  const totalLoss = dataLoss.add(regLoss);
  model.zeroGrad();
  totalLoss.backward();
  for (const p of model.parameters()) p.data -= 0.5 * p.grad;
}
`,
  // Trained as "Train this model" does, with the live graph: views of one structure while it
  // trains (grouped: ~8k nodes), then the result; its decision boundary as it learns.
  'live-moons': `// gradlens: pace 6 steps/s
import { Value, nn, makeMoons, manualSeed, plotDecisionBoundary } from 'gradlens';

manualSeed(1337);
const { X, y } = makeMoons(12, { noise: 0.1 });
const labels = y.map((label) => label * 2 - 1);
const model = new nn.MLP(2, [16, 16, 1]);
plotDecisionBoundary(model, X, labels);

for (let step = 0; step < 8; step++) {
  const scores = X.map((row) => model.forward(row.map((x) => new Value(x))) as Value);
  const losses = scores.map((score, i) => score.mul(-labels[i]).add(1).relu());
  const totalLoss = losses.reduce((sum, l) => sum.add(l)).div(losses.length);
  model.zeroGrad();
  totalLoss.backward();
  for (const p of model.parameters()) p.data -= 0.5 * p.grad;
}
`,
  // Labels that are HTML: the panel must show them as text.
  xss: `import { Value } from 'gradlens';

const evil = new Value(2, { label: '<img src=x onerror=alert(1)>' });
const b = new Value(-3, { label: '<b>bold</b>' });
const out = evil.mul(b).tanh();
out.backward();
`,
  // log of a negative number: NaN flows from "bad" to the loss.
  nan: `import { Value } from 'gradlens';

const a = new Value(-2);
const w = new Value(0.5);
const ok = a.mul(w).tanh();
const bad = a.log();
const scaled = bad.mul(w);
const loss = scaled.add(ok).add(1);
loss.backward();
`,
  // A short training loop that reports a metric beside its loss.
  metrics: `import { Value, nn, manualSeed, report } from 'gradlens';

manualSeed(5);
const model = new nn.MLP(2, [4, 1]);
const xs = [[1, 2], [-1, 0.5], [0.3, -2], [2, 2]];
const ys = [1, -1, -1, 1];
for (let step = 0; step < 60; step++) {
  const preds = xs.map((x) => model.forward(x.map((v) => new Value(v))) as Value);
  const loss = preds.map((p, i) => p.sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.05 * p.grad;
  report('accuracy', preds.filter((p, i) => p.data > 0 === ys[i] > 0).length / ys.length);
}
`,
};

function classic(nouts: number[], samples: number, steps: number): string {
  const xs = [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]].slice(0, samples);
  const ys = [1, -1, -1, 1].slice(0, samples);
  return `import { Value, nn, manualSeed } from 'gradlens';

manualSeed(3);
const model = new nn.MLP(3, ${JSON.stringify(nouts)});
const xs = ${JSON.stringify(xs)};
const ys = ${JSON.stringify(ys)};

for (let step = 0; step < ${steps}; step++) {
  const ypred = xs.map((x) => model.forward(x.map((v) => new Value(v))) as Value);
  const loss = ypred.map((yp, i) => yp.sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.01 * p.grad;
}
`;
}

/** Fixtures recorded as Train this model runs them (the live graph on). */
const TRAINED = new Set(['live-moons', 'exploding']);

async function record(runner: Runner, name: string, fileName: string, source: string): Promise<Fixture> {
  const runId = 1;
  const mode = TRAINED.has(name) ? 'train' : 'file';
  const messages: HostToPanel[] = [{ type: 'runStarted', runId, title: name, mode, live: mode === 'train' }];
  let error: RunError | null = null;
  let stopped: StoppedEvent | null = null;
  let result: ResultEvent | null = null;
  const request: RunRequest = { fileName, source, mode, limits: { timeMs: 120_000, memoryMb: 2048 }, liveGraph: mode === 'train', recordMb: mode === 'train' ? 64 : 0 };
  const handle = runner.start(request, (event) => {
    if (event.type === 'loss') messages.push({ type: 'loss', runId, event });
    else if (event.type === 'metric') messages.push({ type: 'metric', runId, event });
    else if (event.type === 'log') messages.push({ type: 'log', runId, event });
    else if (event.type === 'live') messages.push({ type: 'live', runId, event });
    else if (event.type === 'health') messages.push({ type: 'health', runId, event });
    else if (event.type === 'boundary') messages.push({ type: 'boundary', runId, event });
    else if (event.type === 'result') {
      result = event;
      messages.push({ type: 'result', runId, event });
    } else if (event.type === 'error') error = event;
    else if (event.type === 'stopped') stopped = event;
  });
  const status = await handle.done;
  const groupViews: Record<number, GraphView> = {};
  const groups = (result as ResultEvent | null)?.graph.groups ?? [];
  for (const group of groups) {
    const view = await handle.expand(group.id);
    groupViews[group.id] = view;
    // One level deeper for the first groups inside, so tests can open a group within a group.
    for (const inner of view.groups.slice(0, 2)) groupViews[inner.id] = await handle.expand(inner.id);
  }
  // The scrubber's answers for up to 10 recorded steps of a trained run (evenly spaced, the last included).
  const stepViews: Record<number, StepView> = {};
  const record = (result as ResultEvent | null)?.record;
  const picks = record ? [...new Set(Array.from({ length: Math.min(10, record.count) }, (_, k) => Math.round((k * (record.count - 1)) / Math.max(1, Math.min(10, record.count) - 1))))] : [];
  for (const i of picks) {
    const step = record!.first + i * record!.stride;
    const view = await handle.scrub(step, []);
    if (view) stepViews[step] = view;
  }
  handle.dispose();
  messages.push({ type: 'runEnded', runId, status, error, stopped });
  return { name, messages: plain(messages), groupViews: plain(groupViews), ...(record ? { stepViews: plain(stepViews) } : {}) };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const runner = new Runner(join(ROOT, 'dist', 'run-process.js'));
  const only = process.argv.slice(2);
  const jobs: [string, string, string][] = [
    ...Object.entries(EXAMPLES).map(([name, file]): [string, string, string] => [name, join(ROOT, file), readFileSync(join(ROOT, file), 'utf8')]),
    // Run as if the file were in examples/, so source locations look like a user's.
    ...Object.entries(SOURCES).map(([name, source]): [string, string, string] => [name, join(ROOT, 'examples', `${name}.ts`), source]),
  ].filter(([name]) => only.length === 0 || only.includes(name));
  for (const [name, fileName, source] of jobs) {
    const fixture = await record(runner, name, fileName, source);
    const result = fixture.messages.find((m) => m.type === 'result');
    const graph = result?.type === 'result' ? result.event.graph : null;
    const text = JSON.stringify(fixture);
    writeFileSync(join(OUT, `${name}.json`), text);
    const ended = fixture.messages[fixture.messages.length - 1];
    console.log(
      `${name}: ${ended.type === 'runEnded' ? ended.status : '?'}, ${fixture.messages.length} messages, graph of ${graph?.totalNodes ?? 0} nodes ` +
        `(${graph?.nodes.length ?? 0} shown, ${graph?.groups.length ?? 0} groups), ${Object.keys(fixture.groupViews).length} group views, ${(text.length / 1024).toFixed(0)} KB`,
    );
  }
  runner.dispose();
}

void main();
