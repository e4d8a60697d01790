// GradLens benchmarks: `npm run bench` builds dist/, runs W1–W4 (the engine), R1–R10 (the runner)
// and P1 (the panel's chart) in order and prints one table of figures, each next to its target
// (README.md). Nothing passes or fails; it measures. `... bench/index.ts runner [R1 … R10]` runs the
// runner's only.
import { cpus } from 'node:os';
import { DEFAULT_MEMORY_MB, YOUNG_GENERATION_MB } from '../src/runner/limits';
import { inChildProcess, inWorker, mean, median, progress } from './util';
import { chartBench } from './panel/chart';
import { runnerBenchmarks } from './runner';
import { atMost, fixed, printTable, row } from './table';
import { micrograd, type MicrogradResult } from './w1-micrograd';
import type { ChainResult } from './w2-chain';
import type { SumResult } from './w3-sum';
import type { TensorMlpResult } from './w4-tensor-mlp';

function reportW1(name: string, r: MicrogradResult): number {
  const ms = median(r.msPerStep);
  const met = ms <= 8 ? 'yes (stretch too)' : ms <= 15 ? 'yes (stretch: no)' : false;
  row(name, 'median ms/step', fixed(ms, 2), ['≤ 15 (stretch ≤ 8)', met]);
  row('', 'mean ms/step', fixed(mean(r.msPerStep), 2));
  row('', 'accuracy: trained model (step 99)', `${fixed(r.finalAccuracy, 2)} (${fixed(r.lastStepAccuracy, 2)})`, ['1.00', r.finalAccuracy === 1]);
  row('', 'final loss', fixed(r.loss, 4));
  return ms;
}

/** W2 and W3: time, memory and the gradient check of one big graph. */
function reportGraph(name: string, r: ChainResult | SumResult, limits?: { ms: number; mb: number }): void {
  const leaves = 'leavesMs' in r ? r.leavesMs : 0;
  const total = leaves + r.buildMs + r.backwardMs;
  const parts = `${leaves ? `leaves ${fixed(leaves, 0)} + ` : ''}build ${fixed(r.buildMs, 0)} + backward ${fixed(r.backwardMs, 0)}`;
  row(name, 'ms: total (parts)', `${fixed(total, 0)} (${parts})`, limits && atMost(total, limits.ms));
  row('', 'MB: peak RSS (baseline RSS, graph heap)', `${fixed(r.peakRssMb, 0)} (${fixed(r.baselineRssMb, 0)}, ${fixed(r.graphMb, 0)})`,
    limits && atMost(r.peakRssMb, limits.mb));
  const values = 'dydx' in r ? ` (dy/dx ${r.dydx.toPrecision(8)}, dy/dc ${r.dydc.toPrecision(8)})` : '';
  row('', 'gradient error', `${r.gradError.toExponential(1)}${values}`, ['< 1e-9', r.gradError < 1e-9]);
}

async function engineBenchmarks(): Promise<void> {
  progress('W1a: micrograd demo, main thread');
  const mainMs = reportW1('W1a micrograd demo, main thread', micrograd());

  progress('W1b: micrograd demo, worker');
  const limits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: DEFAULT_MEMORY_MB };
  const workerMs = reportW1(`W1b ... in a worker, young gen ${YOUNG_GENERATION_MB} MB`, await inWorker<MicrogradResult>(limits, 'micrograd'));
  row('', 'speedup over W1a', `${fixed(mainMs / workerMs, 2)}x`);

  for (const n of [1e4, 1e5, 1e6]) {
    progress(`W2: chain of ${n}, child process`);
    const r = await inChildProcess<ChainResult>('chain', n);
    reportGraph(`W2 deep chain, N = ${n.toExponential()}`, r, n === 1e6 ? { ms: 1000, mb: 400 } : undefined);
  }

  progress('W3: sum of 1e6 products, child process');
  reportGraph('W3 Σ a_i·b_i, N = 1e6', await inChildProcess<SumResult>('sumOfProducts', 1e6), { ms: 2500, mb: 700 });

  progress('W4: tensor MLP, GradLens in 3 child processes, then tfjs');
  const runs: TensorMlpResult[] = [];
  for (let i = 0; i < 3; i++) runs.push(await inChildProcess<TensorMlpResult>('gradlens'));
  const tf = await inChildProcess<TensorMlpResult & { leakedTensors: number }>('tfjs');
  const ours = median(runs.map((r) => r.msPerStep));
  row('W4 tensor MLP 784-128-10, batch 256', 'GradLens ms/step: median (3 processes)', `${fixed(ours)} (${runs.map((r) => fixed(r.msPerStep)).join(', ')})`, atMost(ours, 40));
  row('', 'tfjs-backend-cpu ms/step', fixed(tf.msPerStep));
  row('', 'speedup over tfjs', `${fixed(tf.msPerStep / ours, 2)}x`, ['≥ 1.9x', tf.msPerStep / ours >= 1.9]);
  row('', 'loss, step 1 → 25: GradLens; tfjs', `${fixed(runs[0].firstLoss, 3)} → ${fixed(runs[0].lastLoss, 3)}; ${fixed(tf.firstLoss, 3)} → ${fixed(tf.lastLoss, 3)}`);
  row('', 'tfjs tensors leaked', String(tf.leakedTensors), ['0', tf.leakedTensors === 0]);
}

async function main(): Promise<void> {
  if (process.argv[2] !== 'runner') await engineBenchmarks();
  await runnerBenchmarks(process.argv.slice(3));
  if (process.argv[2] !== 'runner') await chartBench((what, figure, value) => row(`P1 loss chart: ${what}`, figure, value));
  printTable(`GradLens benchmarks — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
