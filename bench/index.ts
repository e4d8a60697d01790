// GradLens benchmarks: `npm run bench` builds dist/engine.js and runs W1–W4 in order, then prints
// one table of figures, each next to its target. Nothing here passes or fails; it measures.
import { cpus } from 'node:os';
import { DEFAULT_HEAP_MB, YOUNG_GENERATION_MB } from '../src/runner/limits';
import { micrograd, type MicrogradResult } from './w1-micrograd';
import type { ChainResult } from './w2-chain';
import type { SumResult } from './w3-sum';
import * as w4 from './w4-tensor-mlp';
import { inChildProcess, inWorker, mean, median } from './util';

interface Row {
  workload: string;
  figure: string;
  value: string;
  target?: string;
  met?: string;
}
const rows: Row[] = [];
const row = (workload: string, figure: string, value: string, target?: string, met?: boolean | string): void => {
  rows.push({ workload, figure, value, target, met: typeof met === 'boolean' ? (met ? 'yes' : 'NO') : met });
};
const f = (x: number, digits = 1): string => x.toFixed(digits);
const progress = (what: string): boolean => process.stderr.write(`running ${what}\n`);

function reportW1(name: string, r: MicrogradResult): void {
  const med = median(r.msPerStep);
  const stretch = med <= 8 ? 'yes (stretch too)' : med <= 15 ? 'yes (stretch: no)' : 'NO';
  row(name, 'median ms/step', f(med, 2), '≤ 15 (stretch ≤ 8)', stretch);
  row('', 'mean ms/step', f(mean(r.msPerStep), 2));
  row('', 'final accuracy / loss', `${f(r.accuracy, 2)} / ${f(r.loss, 4)}`, 'accuracy 1.00', r.accuracy === 1);
}

function reportGraph(name: string, r: ChainResult | SumResult, msTarget?: number, mbTarget?: number): void {
  const total = ('leavesMs' in r ? r.leavesMs : 0) + r.buildMs + r.backwardMs;
  const parts = 'leavesMs' in r ? `leaves ${f(r.leavesMs, 0)} + ` : '';
  row(name, 'ms: total (parts)', `${f(total, 0)} (${parts}build ${f(r.buildMs, 0)} + backward ${f(r.backwardMs, 0)})`,
    msTarget === undefined ? undefined : `≤ ${msTarget}`, msTarget === undefined ? undefined : total <= msTarget);
  row('', 'MB: peak RSS (baseline; graph heap)', `${f(r.peakRssMb, 0)} (${f(r.baselineRssMb, 0)}; ${f(r.graphMb, 0)})`,
    mbTarget === undefined ? undefined : `≤ ${mbTarget}`, mbTarget === undefined ? undefined : r.peakRssMb <= mbTarget);
  const detail = 'dydx' in r ? ` (dy/dx ${r.dydx.toPrecision(8)}, dy/dc ${r.dydc.toPrecision(8)})` : '';
  row('', 'gradient error', `${r.gradError.toExponential(1)}${detail}`, '< 1e-9', r.gradError < 1e-9);
}

async function main(): Promise<void> {
  progress('W1a: micrograd demo, main thread');
  reportW1('W1a micrograd demo, main thread', micrograd());

  progress('W1b: micrograd demo, worker');
  const limits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: DEFAULT_HEAP_MB };
  reportW1(`W1b ... in a worker (young ${YOUNG_GENERATION_MB} MB)`, await inWorker<MicrogradResult>(limits, 'micrograd'));

  for (const n of [1e4, 1e5, 1e6]) {
    progress(`W2: chain of ${n} (child process)`);
    const big = n === 1e6;
    reportGraph(`W2 deep chain, N = ${n.toExponential()}`, await inChildProcess<ChainResult>('chain', n), big ? 1000 : undefined, big ? 400 : undefined);
  }

  progress('W3: sum of 1e6 products (child process)');
  reportGraph('W3 Σ a_i·b_i, N = 1e6', await inChildProcess<SumResult>('sumOfProducts', 1e6), 2500, 700);

  progress('W4: tensor MLP, GradLens then tfjs');
  const ours = w4.gradlens();
  const theirs = await w4.tfjs();
  const name = 'W4 tensor MLP 784-128-10, batch 256';
  row(name, 'GradLens median ms/step', f(ours.msPerStep), '≤ ~40', ours.msPerStep <= 40);
  row('', 'tfjs-backend-cpu median ms/step', f(theirs.msPerStep));
  const speedup = theirs.msPerStep / ours.msPerStep;
  row('', 'speedup (tfjs / GradLens)', `${f(speedup, 2)}x`, '≥ 1.9x', speedup >= 1.9);
  row('', 'loss first → last: GradLens; tfjs', `${f(ours.firstLoss, 3)} → ${f(ours.lastLoss, 3)}; ${f(theirs.firstLoss, 3)} → ${f(theirs.lastLoss, 3)}`);
  row('', 'tfjs tensors leaked', String(theirs.leakedTensors));

  printTable();
}

function printTable(): void {
  const header: Row = { workload: 'workload', figure: 'figure', value: 'measured', target: 'target', met: 'met' };
  const cols = ['workload', 'figure', 'value', 'target', 'met'] as const;
  const widths = cols.map((c) => Math.max(...[header, ...rows].map((r) => (r[c] ?? '').length)));
  const line = (r: Row): string => cols.map((c, i) => (r[c] ?? '').padEnd(widths[i])).join('  ').trimEnd();
  console.log(`\nGradLens benchmarks — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) {
    if (r.workload) console.log('');
    console.log(line(r));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
