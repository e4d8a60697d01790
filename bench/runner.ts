// R1–R10: the runner, end to end — the host side (Runner, run.ts; Kernel, kernel.ts) in fresh
// plain `node` processes (runner-child.ts, see util.ts's inRunnerProcess for why not in this one),
// the snippet in a run's process (dist/run-process.js) and its worker (dist/worker.js). Adds its
// rows to the table; index.ts prints it.
import { DEFAULT_MEMORY_MB, YOUNG_GENERATION_MB } from '../src/runner/limits';
import type { Timings } from '../src/protocol';
import { atMost, fixed, row } from './table';
import { inBundledProcess, inRunnerProcess, inWorker, mean, median, progress, quantile } from './util';
import type { LatencyResult, RunLatency } from './runner-latency';
import type { LossStreamResult } from './runner-losses';
import type { OverheadResult } from './runner-overhead';
import type { ScrubResult } from './runner-scrub';
import type { ExploreResult } from './runner-explore';
import type { MicrogradResult } from './w1-micrograd';
import type { BoundaryResult } from './runner-boundary';
import type { NumberLoopResult } from './operators';
import type { LensResult } from './runner-lens';
import type { CellLatency } from './runner-kernel';

type Loaded<T> = T & { loadMs: number };

const PARTS: (keyof Timings)[] = ['transpileMs', 'startMs', 'runMs', 'exportMs'];
/** What the result's timings do not cover: the worker loading dist/worker.js, and messages. */
const rest = (r: RunLatency): number => r.wallMs - PARTS.reduce((sum, part) => sum + r[part], 0);
const parts = (value: (part: keyof Timings | 'rest') => number): string =>
  [...PARTS, 'rest' as const].map((part) => fixed(value(part))).join(' + ');
const spread = (xs: number[], digits = 1): string => `${fixed(median(xs), digits)} (${xs.map((x) => fixed(x, digits)).join(', ')})`;

async function latency(): Promise<void> {
  const runs: Loaded<LatencyResult>[] = [];
  for (let i = 0; i < 3; i++) runs.push(await inRunnerProcess<Loaded<LatencyResult>>('latency'));
  runs.sort((a, b) => a.loadMs + a.cold.wallMs - (b.loadMs + b.cold.wallMs));
  const mid = runs[1];
  const workload = "R1 code → result: examples/01, mode 'file'";
  row(workload, 'cold: load the host side (no compiler), ms: median (3 processes)', spread(runs.map((r) => r.loadMs)));
  row('', 'cold: code → result, ms: median (3 processes)', spread(runs.map((r) => r.cold.wallMs)));
  row('', 'cold total: load + code → result, ms (median process)', fixed(mid.loadMs + mid.cold.wallMs), ['~800 (expected: a process starts)', mid.loadMs + mid.cold.wallMs <= 800]);
  row('', '  split: transpile + wait for the process + run + export + rest', parts((p) => (p === 'rest' ? rest(mid.cold) : mid.cold[p])));
  const warm = runs.flatMap((r) => r.warm);
  const walls = warm.map((r) => r.wallMs);
  row('', `warm (spare process ready): code → result, ms: median (min–max, ${warm.length} runs)`, `${fixed(median(walls))} (${fixed(Math.min(...walls))}–${fixed(Math.max(...walls))})`, atMost(median(walls), 60));
  row('', '  split (medians): transpile + wait for the process + run + export + rest', parts((p) => median(warm.map((r) => (p === 'rest' ? rest(r) : r[p])))));
  const backToBack = runs.flatMap((r) => r.backToBack).map((r) => r.wallMs);
  row('', `back to back (spare still starting): ms: median (${backToBack.length} runs)`, fixed(median(backToBack)));
}

async function boundary(): Promise<void> {
  const r = await inRunnerProcess<Loaded<BoundaryResult>>('boundary');
  const p50 = quantile(r.stopMs, 0.5);
  const p95 = quantile(r.stopMs, 0.95);
  row('R4 process boundary: Stop on a fast training loop', `steps/s while training: median (${r.stepsPerSecond.length} runs on one Runner)`, `${fixed(median(r.stepsPerSecond) / 1000)}k`);
  row('', 'Stop → run ended on the host, ms: p50 / p95 / max', `${fixed(p50)} / ${fixed(p95)} / ${fixed(Math.max(...r.stopMs))}`, atMost(p95, 300));
  row('', 'every stopped run kept its last step', String(r.keptStep), ['true', r.keptStep]);
  row('R4 new Array(1e9).fill(0), 2,048 MB limit', 'start → message, s', fixed(r.fatalMs / 1000, 2));
  row('', 'message', r.fatalMessage.slice(0, 60) + (r.fatalMessage.length > 60 ? '…' : ''));
  row('', 'the next run works (a.grad = 3)', String(r.nextRunOk), ['true', r.nextRunOk]);
}

async function overhead(): Promise<void> {
  // Alternating, so that load from elsewhere on the machine hits both alike.
  const limits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: DEFAULT_MEMORY_MB };
  const bare: MicrogradResult[] = [];
  const runner: OverheadResult[] = [];
  for (let i = 0; i < 3; i++) {
    bare.push(await inWorker<MicrogradResult>(limits, 'micrograd'));
    runner.push(await inRunnerProcess<OverheadResult>('overhead'));
  }
  const bareMs = bare.map((r) => median(r.msPerStep));
  const runnerMs = runner.map((r) => median(r.msPerStep));
  const extra = (median(runnerMs) / median(bareMs) - 1) * 100;
  row('R2 instrumentation overhead: W1 through the runner', 'W1b bare engine in a worker: median ms/step (3 rounds)', spread(bareMs, 2));
  row('', 'through the runner, same limits: median ms/step (3 rounds)', spread(runnerMs, 2));
  row('', 'overhead', `${fixed(extra)}%`, ['< 10%', extra < 10]);
  // Steps slowed by load from elsewhere (2 cores here, shared) move the median; the fastest
  // quarter of the steps is the engine's own speed, so compare that too.
  const p25 = (rs: { msPerStep: number[] }[]): number => quantile(rs.flatMap((r) => r.msPerStep), 0.25);
  row('', 'fastest quarter: p25 ms/step, bare; runner (overhead)', `${fixed(p25(bare), 2)}; ${fixed(p25(runner), 2)} (${fixed((p25(runner) / p25(bare) - 1) * 100)}%)`);
  const same = runner.every((r) => r.loss === bare[0].loss);
  row('', 'same training: final loss (runner; bare)', `${fixed(runner[0].loss, 6)}; ${fixed(bare[0].loss, 6)}`, ['equal', same]);
  row('', `export of the last step's graph (${runner[0].graphNodes} nodes), ms`, spread(runner.map((r) => r.exportMs)));
}

async function lossStream(): Promise<void> {
  const { steps, runs } = await inRunnerProcess<Loaded<LossStreamResult>>('lossStream');
  const counted = runs.every((r) => r.inOrder && r.lastStep === steps);
  // The batcher sends at most one message per 33 ms, plus a last one when the run ends.
  const perSecond = runs.map((r) => r.messages / (r.runMs / 1000));
  const lag = median(runs.map((r) => r.maxLagMs));
  row(`R3 loss stream: ${steps.toExponential()} backward() in a tight loop`, `steps increasing, the last one ${steps} (${runs.length} runs)`, String(counted), ['true', counted]);
  row('', 'thousand steps/s run; thousand points/s delivered: medians', `${fixed(median(runs.map((r) => steps / r.lastLossMs)))}; ${fixed(median(runs.map((r) => r.points / r.lastLossMs)))}`, ['points ≤ ~30', median(runs.map((r) => r.points / r.lastLossMs)) <= 31]);
  row('', '`loss` messages (per second of run time)', runs.map((r, i) => `${r.messages} (${fixed(perSecond[i])}/s)`).join(', '), ['≤ ~30/s', perSecond.every((x) => x <= 31)]);
  row('', 'host event loop max lag, ms: median (3 runs, 5 ms probe)', spread(runs.map((r) => r.maxLagMs)), atMost(lag, 50));
  row('', '  control: worker as busy, sending nothing', spread(runs.map((r) => r.controlLagMs)));
}

async function operators(): Promise<void> {
  // Alternating rounds, each in a fresh process, so that load from elsewhere hits both alike.
  const plain: NumberLoopResult[] = [];
  const rewritten: NumberLoopResult[] = [];
  const methods: OverheadResult[] = [];
  const withOperators: OverheadResult[] = [];
  for (let i = 0; i < 3; i++) {
    plain.push(await inBundledProcess<NumberLoopResult>('operators.ts', 0));
    rewritten.push(await inBundledProcess<NumberLoopResult>('operators.ts', 1));
    methods.push(await inRunnerProcess<OverheadResult>('overhead'));
    withOperators.push(await inRunnerProcess<OverheadResult>('overheadOperators'));
  }
  const loopCost = (median(rewritten.map((r) => r.ms)) / median(plain.map((r) => r.ms)) - 1) * 100;
  row('R5 operators: 1e7 s = s * k + x * i, instrumented', 'ms: operators as written; rewritten (median, 3 processes)',
    `${spread(plain.map((r) => r.ms), 0)}; ${spread(rewritten.map((r) => r.ms), 0)}`);
  row('', 'cost of the rewrite', `${fixed(loopCost)}%`, ['≤ 5%', loopCost <= 5]);
  const stepMs = (rs: OverheadResult[]): number => median(rs.map((r) => median(r.msPerStep)));
  const w1Cost = (stepMs(withOperators) / stepMs(methods) - 1) * 100;
  row('R5 W1 written with operators, through the runner', 'median ms/step: methods; operators (3 rounds)', `${spread(methods.map((r) => median(r.msPerStep)), 2)}; ${spread(withOperators.map((r) => median(r.msPerStep)), 2)}`);
  row('', 'cost of operators', `${fixed(w1Cost)}%`, ['≤ 5%', w1Cost <= 5]);
  const same = withOperators.every((r) => r.loss === methods[0].loss) && rewritten.every((r) => r.sum === plain[0].sum);
  row('', 'same numbers (final loss; loop sum)', String(same), ['true', same]);
}

async function liveGraph(): Promise<void> {
  // Alternating rounds, each in a fresh process, so that load from elsewhere hits both alike.
  const off: OverheadResult[] = [];
  const on: OverheadResult[] = [];
  for (let i = 0; i < 3; i++) {
    off.push(await inRunnerProcess<OverheadResult>('overhead'));
    on.push(await inRunnerProcess<OverheadResult>('overheadLive'));
  }
  // The views land on a few steps: the mean (the training's whole time) is what they cost.
  const stepMs = (rs: OverheadResult[]): number => median(rs.map((r) => mean(r.msPerStep)));
  const cost = (stepMs(on) / stepMs(off) - 1) * 100;
  row('R7 the live graph: W1 through the runner', 'mean ms/step: live off; on (median of 3 rounds)', `${spread(off.map((r) => mean(r.msPerStep)), 2)}; ${spread(on.map((r) => mean(r.msPerStep)), 2)}`);
  row('', 'cost of the live graph', `${fixed(cost)}%`, ['≤ 10%', cost <= 10]);
  const seconds = on.map((r) => r.msPerStep.reduce((a, b) => a + b, 0) / 1000);
  row('', `views sent (${on[0].graphNodes} nodes; per second of training); structures`, on.map((r, i) => `${r.liveViews} (${fixed(r.liveViews / seconds[i], 1)}/s)`).join(', ') + `; ${on.map((r) => r.liveStructures).join(', ')}`);
  const same = on.every((r) => r.loss === off[0].loss);
  row('', 'same training (final loss)', String(same), ['true', same]);
}

async function scrubber(): Promise<void> {
  const { runs } = await inRunnerProcess<{ runs: ScrubResult[] }>('scrub');
  for (const r of runs) {
    row(`R8 step scrubber: ${r.name}`, `record: MB (cap), steps recorded (of ${r.steps}; stride)`, `${fixed(r.recordMb, 2)} (${fixed(r.capMb, 0)}), ${r.recorded} (stride ${r.stride})`);
    row('', `scrub to a step (${r.graphNodes} nodes), ms: median (max, 20 steps)`, `${fixed(median(r.scrubMs))} (${fixed(Math.max(...r.scrubMs))})`);
    row('', 'every step recomputed exactly as recorded', String(r.exact), ['true', r.exact]);
  }
}

async function explorer(): Promise<void> {
  const r = await inRunnerProcess<ExploreResult>('explore');
  row(`R9 Check all: ${r.checkLeaves} leaves (${r.checkNodes} nodes)`, 'ms, ask → answer on the host: median (3)', fixed(median(r.checkMs)));
  row('', 'every leaf ok', String(r.allOk), ['true', r.allOk]);
  for (const w of r.whatIf) {
    row(`R9 what if: a leaf changed, ${w.nodes} nodes`, 'ms, ask → recomputed graph on the host: median (max, 10)', `${fixed(median(w.ms))} (${fixed(Math.max(...w.ms))})`, w.nodes < 2000 ? atMost(median(w.ms), 50) : undefined);
  }
}

async function lensLatency(): Promise<void> {
  const r = await inRunnerProcess<Loaded<LensResult>>('lens');
  row(`R6 the lens after an edit: training loops of a ${r.lines}-line file`, `found by a run's process (${r.loops} loops): ms, median (p95, ${r.wallMs.length} edits)`,
    `${fixed(median(r.wallMs))} (${fixed(quantile(r.wallMs, 0.95))})`, atMost(median(r.wallMs), 100));
  row('', 'host thread CPU for it, ms: median (max)', `${fixed(median(r.hostCpuMs), 2)} (${fixed(Math.max(...r.hostCpuMs), 2)})`, atMost(median(r.hostCpuMs), 5));
  row('', 'the host side loaded (no compiler in it), ms', fixed(r.loadMs));
}

async function kernel(): Promise<void> {
  const { cells } = await inRunnerProcess<{ cells: CellLatency[] }>('kernel');
  for (const c of cells) {
    const kernels = c.coldMs.length;
    row(`R10 notebook kernel, cell → done: ${c.cell}`, `cold: new Kernel + first cell, ms: median (${kernels} kernels)`,
      spread(c.coldMs, 0));
    row('', `warm: the cell again in that kernel, ms: median (max, ${c.warmMs.length} runs)`,
      `${fixed(median(c.warmMs))} (${fixed(Math.max(...c.warmMs))})`);
    row('', `start() awaited first: start, ms; then the first cell, ms (medians, ${kernels} kernels)`,
      `${spread(c.startMs, 0)}; ${spread(c.startedMs)}`);
  }
}

const RUNNER_BENCHMARKS: Array<[name: string, what: string, measure: () => Promise<void>]> = [
  ['R1', 'code → result, cold and warm, 3 child processes', latency],
  ['R2', 'W1 through the runner vs the bare engine in a worker, 3 rounds', overhead],
  ['R3', 'loss stream of a tight loop, child process', lossStream],
  ['R4', 'Stop latency at ~200k steps/s, a fatal allocation', boundary],
  ['R5', 'operators: a number loop rewritten or not, W1 with operators vs methods, 3 rounds', operators],
  ['R6', 'the lens: training loops of a 2,000-line file after an edit', lensLatency],
  ['R7', 'the live graph: W1 trained with it on vs off, 3 rounds', liveGraph],
  ['R8', 'the step scrubber: W1 and 10,000 steps of a 2-4-1 network', scrubber],
  ['R9', 'Check all on 1,000 leaves; what if at 1,000 and 100,000 nodes', explorer],
  ['R10', "a notebook kernel's first cell and later ones, a trivial cell and the tutorial's neuron", kernel],
];

/** R1–R10, or only those named (`... bench/index.ts runner R5`). */
export async function runnerBenchmarks(only: string[] = []): Promise<void> {
  for (const [name, what, measure] of RUNNER_BENCHMARKS) {
    if (only.length > 0 && !only.includes(name)) continue;
    progress(`${name}: ${what}`);
    await measure();
  }
}
