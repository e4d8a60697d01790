// Small helpers shared by the workloads: statistics, memory readings, and running a workload in
// a fresh child process or in a worker thread (see child.ts and runner-child.ts).
import { buildSync } from 'esbuild';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
/** The q-quantile (0..1) of xs, the nearest rank below. */
export const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const MB = 2 ** 20;

export const progress = (what: string): void => void process.stderr.write(`running ${what}\n`);

/** A full collection first (when --expose-gc is on), so readings are the live heap. */
export function memory(): { rss: number; heapUsed: number } {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / MB, heapUsed: heapUsed / MB };
}

/** The process's peak resident set so far, in MB (getrusage's ru_maxrss). */
export const peakRss = (): number => (process.resourceUsage().maxRSS * 1024) / MB;

const CHILD = resolve(__dirname, 'child.ts');

/**
 * Runs child.ts's `name` workload in a fresh `node` process (default flags, plus --expose-gc).
 * tsx is loaded with --require, not --import: its ESM loader adds a hooks thread (+25 MB of RSS)
 * and, measured, makes W4's matmul kernel JIT ~25% slower (45 vs 36 ms/step).
 */
export function inChildProcess<T>(name: string, ...args: (string | number)[]): Promise<T> {
  return spawnForJson<T>(`${name} ${args.join(' ')}`, ['--expose-gc', '--require', 'tsx/cjs', CHILD, name, ...args.map(String)]);
}

let runnerBundles: string[] | null = null;

/**
 * Runs runner-child.ts's `name` workload in a fresh plain `node` process. The runner comes from
 * its own CommonJS bundle with the TypeScript compiler, built as dist/cli.js is, so loading it
 * costs what it costs the extension; the workload, from a second bundle that loads the first.
 * Not through tsx, measured: its require hook adds ~150 ms to loading the compiler, and a run's
 * Worker inherits its parent's execArgv, so under `--import tsx` every run's worker would load
 * tsx too (a warm run: 50 → 200 ms).
 */
export function inRunnerProcess<T>(name: string): Promise<T> {
  if (!runnerBundles) {
    // Files of this bench process (others may be benchmarking at the same time), removed at exit.
    runnerBundles = ['src/runner/run.ts', 'bench/runner-child.ts'].map((entry, i) => {
      const outfile = join(tmpdir(), `gradlens-bench-${process.pid}-${i ? 'child' : 'runner'}.cjs`);
      buildSync({ entryPoints: [resolve(__dirname, '..', entry)], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
      return outfile;
    });
    process.on('exit', () => runnerBundles?.forEach((file) => rmSync(file, { force: true })));
  }
  const [runner, child] = runnerBundles;
  return spawnForJson<T>(name, [child, name, resolve(__dirname, '..'), runner]);
}

/**
 * Runs `entry` (a bench file whose main prints its result as JSON) bundled, as the worker is,
 * in a fresh plain `node` process: measured code then reads the engine as the real worker does
 * (under tsx, every import from another module goes through a getter).
 */
export function inBundledProcess<T>(entry: string, ...args: (string | number)[]): Promise<T> {
  const outfile = join(tmpdir(), `gradlens-bench-${process.pid}-${basename(entry, '.ts')}.cjs`);
  buildSync({ entryPoints: [resolve(__dirname, entry)], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  process.once('exit', () => rmSync(outfile, { force: true }));
  return spawnForJson<T>(entry, [outfile, ...args.map(String)]);
}

/** Starts `node args...` and resolves with the JSON it prints on stdout. */
function spawnForJson<T>(what: string, args: string[]): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out) as T) : fail(new Error(`${what}: exit code ${code}`))));
  });
}

/** Runs child.ts's `name` workload in a worker thread with the given heap limits, as GradLens runs snippets. */
export function inWorker<T>(resourceLimits: ResourceLimits, name: string, ...args: (string | number)[]): Promise<T> {
  // Node 20 does not apply `execArgv: ['--import', 'tsx']` to a worker's own .ts entry point, so
  // the worker's entry is a line of JavaScript that registers tsx (CommonJS only, as in
  // inChildProcess) and then loads child.ts. execArgv: [] — no flags inherited from this process.
  const source = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(CHILD)});`;
  return new Promise((done, fail) => {
    const worker = new Worker(source, { eval: true, execArgv: [], resourceLimits, workerData: { name, args: args.map(String) } });
    worker.once('message', (result: T) => done(result));
    worker.once('error', fail);
    worker.once('exit', (code) => (code === 0 ? undefined : fail(new Error(`worker exited with ${code}`))));
  });
}
