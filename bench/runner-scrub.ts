// R8: the step scrubber. A run records every parameter's data and grad at each step (within the
// default 64 MB cap); afterwards the panel asks for the graph at a step, recomputed in the run's
// process. Two runs: W1 (micrograd's demo, 100 steps of a 65k-node graph) and 10,000 steps of the
// seed's 2-4-1 network. Figures: the record's size, its stride, and the time from asking for a
// step to the answer on the host (20 steps spread over the run).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRequest } from '../src/protocol';
import type { Runner } from '../src/runner/run';
import { SNIPPET as W1 } from './runner-overhead';

const SEED_241 = `import { Value, nn, manualSeed } from 'gradlens';
manualSeed(1);
const model = new nn.MLP(2, [4, 1]);
const xs = [[2, 3], [3, -1], [0.5, 1], [1, 1]];
const ys = [1, -1, -1, 1];
for (let step = 0; step < 10000; step++) {
  const preds = xs.map((x) => model.forward(x) as Value);
  const loss = preds.map((p, i) => p.sub(ys[i]).pow(2)).reduce((a, b) => a.add(b));
  model.zeroGrad();
  loss.backward();
  for (const p of model.parameters()) p.data -= 0.01 * p.grad;
}
`;

export interface ScrubResult {
  name: string;
  steps: number;
  graphNodes: number;
  recordMb: number;
  capMb: number;
  stride: number;
  recorded: number;
  scrubMs: number[];
  exact: boolean;
}

export async function scrub(runner: Runner, limits: RunRequest['limits']): Promise<ScrubResult[]> {
  const out: ScrubResult[] = [];
  for (const [name, source] of [['W1 micrograd demo', W1], ['seed 2-4-1, 10,000 steps', SEED_241]] as const) {
    let result: Extract<import('../src/protocol').RunEvent, { type: 'result' }> | null = null;
    const handle = runner.start({ fileName: join(tmpdir(), 'scrub.ts'), source, mode: 'train', limits, recordMb: 64 }, (event) => {
      if (event.type === 'result') result = event;
    });
    await handle.done;
    const { record, graph } = result!;
    const scrubMs: number[] = [];
    let exact = true;
    for (let k = 0; k < 20; k++) {
      const step = record!.first + Math.round((k * (record!.count - 1)) / 19) * record!.stride;
      const start = performance.now();
      const view = await handle.scrub(step, []);
      scrubMs.push(performance.now() - start);
      exact &&= view?.exact ?? false;
    }
    handle.dispose();
    out.push({ name, steps: result!.backwardCalls, graphNodes: graph.totalNodes, recordMb: record!.bytes / 2 ** 20, capMb: record!.capBytes / 2 ** 20, stride: record!.stride, recorded: record!.count, scrubMs, exact });
  }
  return out;
}
