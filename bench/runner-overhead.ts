// R2: what instrumentation costs. W1's training (w1-micrograd.ts, statement for statement) as a
// snippet run through the runner — every statement calls __gl.at, every declaration __gl.bind,
// every node records its line, every backward() is a loss point — to be compared with W1b, the
// bare engine in a worker with the same resourceLimits (runner.ts runs both). Each step is timed
// inside the snippet and sent with report(), outside its own timing; no console.log per step.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunToEnd } from './runner-child';

export const SNIPPET = `import { Value, nn, makeMoons, manualSeed, report } from 'gradlens';

manualSeed(1337);
const { X, y: labels } = makeMoons(100, { noise: 0.1 });
const y = labels.map((l) => l * 2 - 1);
const model = new nn.MLP(2, [16, 16, 1]);
const sum = (xs: Value[]): Value => xs.reduce((acc, x) => acc.add(x));
let loss = 0;

for (let k = 0; k < 100; k++) {
  const start = performance.now();
  const scores = X.map((row) => model.forward(row.map((x) => new Value(x))) as Value);
  const losses = scores.map((score, i) => score.mul(-y[i]).add(1).relu());
  const dataLoss = sum(losses).mul(1 / losses.length);
  const params = model.parameters();
  const regLoss = sum(params.map((p) => p.mul(p))).mul(1e-4);
  const total = dataLoss.add(regLoss);
  const accuracy = scores.filter((score, i) => score.data > 0 === y[i] > 0).length / y.length;

  model.zeroGrad();
  total.backward();
  const lr = 1 - (0.9 * k) / 100;
  for (const p of params) p.data -= lr * p.grad;
  report('stepMs', performance.now() - start);
  loss = total.data;
}
report('loss', loss);
`;

/** The same training written with operators, as micrograd writes it: `(1 + -yi * scorei).relu()`. */
const WITH_OPERATORS = SNIPPET
  .replace('score.mul(-y[i]).add(1).relu()', '(1 + -y[i] * score).relu()')
  .replace('xs.reduce((acc, x) => acc.add(x))', 'xs.reduce((acc, x) => acc + x)')
  .replace('sum(losses).mul(1 / losses.length)', 'sum(losses) * (1 / losses.length)')
  .replace('sum(params.map((p) => p.mul(p))).mul(1e-4)', '1e-4 * sum(params.map((p) => p * p))')
  .replace('dataLoss.add(regLoss)', 'dataLoss + regLoss');

export interface OverheadResult {
  msPerStep: number[];
  /** W1's final loss: equal to W1b's if the snippet trained the same way. */
  loss: number;
  /** Exporting the last step's graph for the panel, after the loop. */
  exportMs: number;
  graphNodes: number;
  /** Live views received (R7), and how many structures they had. */
  liveViews: number;
  liveStructures: number;
}

/** `live`: as Train this model runs it with the live graph on (R7); else as Compute on the file, live off. */
export async function overhead(run: RunToEnd, operators = false, live = false): Promise<OverheadResult> {
  const snippet = operators ? WITH_OPERATORS : SNIPPET;
  if (operators && !snippet.includes('(1 + -y[i] * score).relu()')) throw new Error('R5: the operator version of W1 no longer matches its source');
  const result: OverheadResult = { msPerStep: [], loss: NaN, exportMs: NaN, graphNodes: 0, liveViews: 0, liveStructures: 0 };
  const structures = new Set<number>();
  await run(join(tmpdir(), 'micrograd-demo.ts'), snippet, (event) => {
    if (event.type === 'metric') {
      event.names.forEach((name, i) => (name === 'stepMs' ? result.msPerStep.push(event.values[i]) : (result.loss = event.values[i])));
    } else if (event.type === 'result') {
      result.exportMs = event.timings.exportMs;
      result.graphNodes = event.graph.totalNodes;
    } else if (event.type === 'live') {
      result.liveViews++;
      structures.add(event.graph.structure);
    }
  }, live ? { request: { mode: 'train', liveGraph: true } } : {});
  result.liveStructures = structures.size;
  return result;
}
