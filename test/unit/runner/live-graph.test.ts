// The graph, live: while a program trains, the worker sends the graph of the latest finished step
// a few times a second (never per step), with the same structure while the loop builds the same
// graph, and answers "open this group" while the program is still running.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveEvent, LossEvent, RunEvent } from '../../../src/protocol';
import { Value, forwardOrder } from '../../../src/engine';
import { GraphExport } from '../../../src/runner/graph-view';
import { Runtime } from '../../../src/runner/runtime';
import { run } from '../../helpers/run';

/** micrograd's 2-4-1 network on four points, trained for `ms` of run time. */
const training = (ms: number, extra = ''): string => `import { Value, nn } from 'gradlens';
const model = new nn.MLP(2, [4, 1]);
const xs = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
const ys = [1, -1, -1, 1];
const start = performance.now();
for (let k = 0; performance.now() - start < ${ms}; k++) {
  const preds = xs.map((x) => model.forward(x) as Value);
  let loss = preds.map((p, i) => p.sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));${extra}
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.01 * p.grad;
}
`;

const lives = (events: RunEvent[]): LiveEvent[] => events.filter((e): e is LiveEvent => e.type === 'live');

/** Loss by step, from the loss events (every step: these loops are slow enough not to be thinned). */
function lossByStep(events: RunEvent[]): Map<number, number> {
  const byStep = new Map<number, number>();
  for (const e of events.filter((e): e is LossEvent => e.type === 'loss')) e.steps.forEach((s, i) => byStep.set(s, e.values[i]));
  return byStep;
}

const rootOf = (e: LiveEvent) => e.graph.nodes.find((n) => n.id === e.graph.root)!;

describe('the graph, live while a program trains', () => {
  it('sends the latest finished step a few times a second, numbers of that step, one structure', async () => {
    const r = await run(training(1500), { mode: 'train', liveGraph: true });
    assert.equal(r.status, 'completed', r.why);
    const views = lives(r.events);
    const steps = views.map((v) => v.step);
    // Training shows its first step at once; then one view per ≥ 200 ms of run time.
    assert.equal(steps[0], 1);
    // At least every 200 ms, less often only if a view costs more than 5% of the run (a busy machine).
    assert.ok(views.length >= 3 && views.length <= 9, `${views.length} views in 1.5 s: ${steps}`);
    const lastStep = Math.max(...lossByStep(r.events).keys());
    assert.ok(lastStep > 10 * views.length, `views are taken at a rate, not per step (${views.length} views, ${lastStep} steps)`);
    assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
    // Each view is the graph of its step: the root is that step's loss, with grad 1.
    const losses = lossByStep(r.events);
    for (const view of views) {
      assert.equal(rootOf(view).data, losses.get(view.step), `step ${view.step}`);
      assert.equal(rootOf(view).grad, 1);
    }
    assert.notEqual(rootOf(views[0]).data, rootOf(views[views.length - 1]).data, 'the numbers change as it trains');
    // The loop builds the same graph each step: one structure, the result's too.
    assert.equal(new Set(views.map((v) => v.graph.structure)).size, 1);
    assert.equal(r.result!.graph.structure, views[0].graph.structure);
    assert.deepEqual(r.result!.graph.edges, views[0].graph.edges);
  });

  it('a graph that changes shape is a new structure', async () => {
    // After 600 ms the loss gets one more op (the first step's view comes before that, at once).
    const r = await run(training(1200, `\n  if (performance.now() - start > 600) loss = loss.mul(1);`), { mode: 'train', liveGraph: true });
    const structures = new Set(lives(r.events).map((v) => `${v.graph.structure}:${v.graph.totalNodes}`));
    const byNumber = new Map<number, number>();
    for (const v of lives(r.events)) {
      const known = byNumber.get(v.graph.structure);
      if (known !== undefined) assert.equal(v.graph.totalNodes, known, 'one structure number, one graph');
      byNumber.set(v.graph.structure, v.graph.totalNodes);
    }
    assert.equal(structures.size, 2, `structures seen: ${[...structures]}`);
    assert.equal(r.result!.graph.structure, lives(r.events).at(-1)!.graph.structure);
  });

  it('is off unless asked for, and a computation that ends at once sends none', async () => {
    const off = await run(training(400), { mode: 'train' });
    assert.equal(lives(off.events).length, 0);
    const quick = await run(`import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = a.mul(a);\nb.backward();\n`, { liveGraph: true });
    assert.equal(lives(quick.events).length, 0);
    assert.equal(quick.result!.graph.structure, 1);
  });

  it('opens a group of the live graph while the program runs, and keeps it fresh', async () => {
    let asked = false;
    let ended = false;
    let answeredDuringRun = false;
    let freshAfter = 0;
    let opened = -1;
    const r = await run(training(20_000), {
      mode: 'train',
      liveGraph: true,
      nodeBudget: 50,
      onEvent: (e, handle) => {
        if (e.type === 'result' || e.type === 'stopped') ended = true;
        if (e.type !== 'live') return;
        if (!asked && e.graph.groups.length > 0) {
          asked = true;
          opened = e.graph.groups[0].id;
          void handle.expand(opened).then((view) => {
            answeredDuringRun = !ended;
            assert.equal(view.scope, opened);
            assert.ok(view.nodes.length + view.groups.length > 0);
          });
        } else if (e.scopes.some((s) => s.scope === opened)) {
          freshAfter++;
          if (freshAfter === 2) handle.stop('user');
        }
      },
    });
    assert.equal(r.status, 'stopped');
    assert.ok(answeredDuringRun, 'the group opened while the program ran');
    assert.equal(freshAfter, 2, 'later views carry the opened group');
  });
});

describe('the same graph, built again', () => {
  it('is the same structure only when wired the same way: (p + q)·p is not (p + q)·q', () => {
    const build = (second: 'p' | 'q') => {
      const p = new Value(2, { label: 'p' });
      const q = new Value(3, { label: 'q' });
      return p.add(q).mul(second === 'p' ? p : q);
    };
    const exported = new GraphExport(build('p'), new Runtime([], new Int32Array(1)), 1000, 1);
    assert.equal(exported.matches(forwardOrder(build('p'))), true);
    assert.equal(exported.matches(forwardOrder(build('q'))), false);
  });
});
