// R4: the process boundary. Stop latency on a fast training loop (a one-unit model at ~200k steps
// per second): from stop() to the run's end on the host, TRIES times on one Runner (so runs after
// runs, as a user stops and restarts); the step rate it ran at. Then `new Array(1e9).fill(0)`
// under the default 2,048 MB limit: from start to the message, and that the next run still works.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent, RunRequest } from '../src/protocol';
import type { RunHandle, Runner, RunStatus } from '../src/runner/run';

const TRIES = 20;
const FAST_LOOP = `import { Value } from 'gradlens';
const w = new Value(0.5);
while (true) {
  w.grad = 0;
  const loss = w.mul(w);
  loss.backward();
  w.data -= 1e-6 * w.grad;
}
`;
const FATAL = 'const xs = new Array(1e9).fill(0);\nconsole.log(xs.length);\n';
const HEALTHY = "import { Value } from 'gradlens';\nconst a = new Value(2);\na.mul(3).backward();\n";

export interface BoundaryResult {
  stopMs: number[];
  stepsPerSecond: number[];
  /** Every stopped run kept its last step. */
  keptStep: boolean;
  fatalMs: number;
  fatalMessage: string;
  nextRunOk: boolean;
}

function start(runner: Runner, source: string, limits: RunRequest['limits'], listener: (e: RunEvent, h: RunHandle) => void): { handle: RunHandle; done: Promise<RunStatus> } {
  const fileName = join(tmpdir(), 'gradlens-bench-boundary.ts');
  const box: { handle?: RunHandle } = {};
  const handle = runner.start({ fileName, source, mode: 'file', limits }, (e) => listener(e, box.handle!));
  box.handle = handle;
  return { handle, done: handle.done };
}

export async function boundary(runner: Runner, limits: RunRequest['limits']): Promise<BoundaryResult> {
  const stopMs: number[] = [];
  const stepsPerSecond: number[] = [];
  let keptStep = true;
  for (let i = 0; i < TRIES; i++) {
    await runner.prewarm(limits);
    let stoppedAt = 0;
    let firstLoss = 0;
    let steps = 0;
    let partial = false;
    // Stopped after a varying time (0.3–0.8 s of training), at whatever step it is on.
    const trainFor = 300 + ((i * 97) % 500);
    const run = start(runner, FAST_LOOP, limits, (e, h) => {
      if (e.type === 'loss') {
        if (firstLoss === 0) {
          firstLoss = performance.now();
          setTimeout(() => {
            stoppedAt = performance.now();
            h.stop('user');
          }, trainFor);
        }
        if (stoppedAt === 0) steps = e.steps[e.steps.length - 1];
      }
      if (e.type === 'result') partial = e.partial;
    });
    await run.done;
    stopMs.push(performance.now() - stoppedAt);
    stepsPerSecond.push(steps / ((stoppedAt - firstLoss) / 1000));
    keptStep &&= partial;
    run.handle.dispose();
  }

  await runner.prewarm(limits);
  const fatalStart = performance.now();
  let fatalMessage = '';
  const fatal = start(runner, FATAL, limits, (e) => {
    if (e.type === 'stopped' || e.type === 'error') fatalMessage = e.message;
  });
  await fatal.done;
  const fatalMs = performance.now() - fatalStart;
  let nextRunOk = false;
  const next = start(runner, HEALTHY, limits, (e) => {
    if (e.type === 'result') nextRunOk = e.bindings.find((b) => b.name === 'a')?.grad === 3;
  });
  await next.done;
  return { stopMs, stepsPerSecond, keptStep, fatalMs, fatalMessage, nextRunOk };
}
