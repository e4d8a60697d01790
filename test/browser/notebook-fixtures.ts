// Records what a notebook cell's renderer receives, from real runs (dist/run-process.js: run
// `npm run build` first): the CellOutputs a kernel would send for a cell — while it trains (done
// false, the losses so far, the live graph once there is one) and at its end — and the kernel's
// answers to expand requests for the groups of its graph. Writes test/browser/fixtures/notebook-<name>.json.
// Usage: node --import tsx test/browser/notebook-fixtures.ts [names]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CellOutput, GraphView, ResultEvent, RunRequest } from '../../src/protocol';
import { Runner } from '../../src/runner/run';
import { plain } from './fixture';

const ROOT = resolve(__dirname, '..', '..');
const OUT = join(__dirname, 'fixtures');

export interface NotebookFixture {
  name: string;
  /** The outputs of one execution of the cell, in the order the kernel sends them (the last is done). */
  outputs: CellOutput[];
  /** The kernel's answers to expand requests, by group id. */
  groupViews: Record<number, GraphView>;
}

interface Cell {
  source: string;
  title: string;
  /** Below this many nodes the graph comes node by node; above, grouped (as gradlens.graph.nodeBudget). */
  nodeBudget?: number;
}

const CELLS: Record<string, Cell> = {
  // The seed's lesson: a = 2, b = 3, c = a·b, d = c + a; d.backward().
  seed: {
    title: 'Cell 3, run [5]',
    source: `import { Value } from 'gradlens';

const a = new Value(2, { label: 'a' });
const b = new Value(3, { label: 'b' });
const c = a.mul(b);
const d = c.add(a);
d.backward();
`,
  },
  // A training cell: micrograd's MLP on a few points, its graph grouped (a small node budget).
  train: {
    title: 'Cell 7, run [9]',
    nodeBudget: 120,
    source: `import { Value, nn, manualSeed } from 'gradlens';

manualSeed(7);
const xs = [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]];
const ys = [1, -1, -1, 1];
const model = new nn.MLP(3, [4, 4, 1]);

for (let step = 0; step < 40; step++) {
  const ypred = xs.map((x) => model.forward(x.map((v) => new Value(v))) as Value);
  const loss = ypred.map((yp, i) => yp.sub(ys[i]).pow(2)).reduce((s, l) => s.add(l));
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.05 * p.grad;
}
`,
  },
};

async function record(runner: Runner, name: string, cell: Cell): Promise<NotebookFixture> {
  const base = { session: 'fixture-session', execution: 5, title: cell.title, precision: 4 };
  const outputs: CellOutput[] = [];
  const losses: number[] = [];
  let live: GraphView | null = null;
  let result: ResultEvent | null = null;
  const request: RunRequest = {
    fileName: join(ROOT, 'examples', `${name}.ts`), source: cell.source, mode: 'file',
    limits: { timeMs: 60_000, memoryMb: 1024 }, nodeBudget: cell.nodeBudget, liveGraph: true,
  };
  const handle = runner.start(request, (event) => {
    if (event.type === 'loss') {
      losses.push(...event.values);
      // As a kernel replaces the output a few times a second: every batch of losses, here.
      outputs.push({ ...base, graph: live, rootReason: null, losses: [...losses], done: false });
    } else if (event.type === 'live') live = event.graph;
    else if (event.type === 'result') result = event;
  });
  await handle.done;
  const final = result as ResultEvent | null;
  outputs.push({ ...base, graph: final?.graph ?? null, rootReason: final?.rootReason ?? null, losses: [...losses], done: true });
  const groupViews: Record<number, GraphView> = {};
  for (const group of final?.graph.groups ?? []) groupViews[group.id] = await handle.expand(group.id);
  handle.dispose();
  return { name, outputs: plain(outputs), groupViews: plain(groupViews) };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const runner = new Runner(join(ROOT, 'dist', 'run-process.js'));
  const only = process.argv.slice(2);
  for (const [name, cell] of Object.entries(CELLS)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const fixture = await record(runner, name, cell);
    const text = JSON.stringify(fixture);
    writeFileSync(join(OUT, `notebook-${name}.json`), text);
    const last = fixture.outputs[fixture.outputs.length - 1];
    console.log(`notebook-${name}: ${fixture.outputs.length} outputs, ${last.losses.length} losses, graph of ${last.graph?.totalNodes ?? 0} nodes ` +
      `(${last.graph?.nodes.length ?? 0} shown, ${last.graph?.groups.length ?? 0} groups), ${Object.keys(fixture.groupViews).length} group views, ${(text.length / 1024).toFixed(0)} KB`);
  }
  runner.dispose();
}

if (require.main === module) void main();
