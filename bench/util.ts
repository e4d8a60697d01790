// Small helpers shared by the workloads: statistics, memory readings, and running a workload in
// a fresh child process or in a worker thread (see child.ts).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const MB = 2 ** 20;

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
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', CHILD, name, ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(JSON.parse(out) as T) : fail(new Error(`${name} ${args.join(' ')}: exit code ${code}`))));
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
