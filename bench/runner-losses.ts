// R3: the loss stream of a tight training loop — STEPS backward() calls on a three-node graph,
// three runs on one Runner — as the host receives it: how many points (thinned past the budget,
// steps increasing to STEPS), in
// how many `loss` messages (the worker batches them, ≤ ~30 a second), and how late the host's
// event loop ran meanwhile, probed by a timer every PROBE_MS (the extension host shares its loop
// with every extension). Each run is followed by a control that keeps the worker as busy for as
// long but sends nothing, so that lag from elsewhere (other load on the machine) can be told apart.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunToEnd } from './runner-child';

const STEPS = 1_000_000;
const PROBE_MS = 5;

const snippet = (steps: number): string => `import { Value } from 'gradlens';

const w = new Value(0.5);
for (let step = 0; step < ${steps}; step++) {
  const loss = w.sub(3).pow(2);
  w.grad = 0;
  loss.backward();
  w.data -= 1e-5 * w.grad;
}
`;

const busy = (ms: number): string => `import { Value } from 'gradlens';

const start = performance.now();
while (performance.now() - start < ${ms}) {}
new Value(1).mul(2).backward();
`;

/** The host event loop's largest delay past PROBE_MS while `work` runs. */
async function maxLag(work: () => Promise<void>): Promise<number> {
  let max = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - PROBE_MS);
    last = now;
  }, PROBE_MS);
  await work();
  clearInterval(probe);
  return max;
}

export interface LossStreamRun {
  /** Points delivered (past ~30k steps/s a batch is thinned to its extremes, decimate.ts). */
  points: number;
  /** Steps arrived increasing, the last one STEPS. */
  inOrder: boolean;
  lastStep: number;
  messages: number;
  runMs: number;
  /** Host time from start() to the last `loss` message. */
  lastLossMs: number;
  /** Includes start()'s synchronous transpile (~10 ms warm): it, too, holds up the host. */
  maxLagMs: number;
  controlLagMs: number;
}

export interface LossStreamResult {
  steps: number;
  runs: LossStreamRun[];
}

export async function lossStream(run: RunToEnd, _root: string, runs = 3): Promise<LossStreamResult> {
  const fileName = join(tmpdir(), 'tight-loop.ts');
  // A first, short run: the first transpile of a process compiles the TypeScript compiler's own
  // code and blocks the host for it (R1's cold transpile); that is not the stream's doing.
  await run(fileName, snippet(10));

  const result: LossStreamResult = { steps: STEPS, runs: [] };
  for (let i = 0; i < runs; i++) {
    const r: LossStreamRun = { points: 0, inOrder: true, lastStep: 0, messages: 0, runMs: NaN, lastLossMs: NaN, maxLagMs: 0, controlLagMs: 0 };
    r.maxLagMs = await maxLag(() =>
      run(fileName, snippet(STEPS), (event, ms) => {
        if (event.type === 'loss') {
          r.messages++;
          r.lastLossMs = ms;
          for (const step of event.steps) {
            r.inOrder &&= step > r.lastStep;
            r.lastStep = step;
            r.points++;
          }
        } else if (event.type === 'result') {
          r.runMs = event.timings.runMs;
        }
      }),
    );
    r.controlLagMs = await maxLag(() => run(fileName, busy(Math.round(r.runMs))));
    result.runs.push(r);
  }
  return result;
}
