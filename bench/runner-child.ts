// Entry point of the runner benchmarks' child process: util.ts's inRunnerProcess bundles this file
// and runs `node <bundle> <workload> <repo root> <runner bundle>`; the result goes to stdout as JSON.
// The runner (its own bundle, with the TypeScript compiler) is loaded here, timed, rather than
// imported: reading, compiling and evaluating the compiler's 9 MB is part of a cold start.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RunEvent, RunRequest } from '../src/protocol';
import { DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT_S } from '../src/runner/limits';
import { latency } from './runner-latency';
import { lossStream } from './runner-losses';
import { overhead } from './runner-overhead';

/** Runs `source` as the whole file `fileName` (mode 'file', the default limits) to its end. */
export type RunToEnd = (fileName: string, source: string, listener?: (event: RunEvent, msSinceStart: number) => void) => Promise<void>;

const workloads: Record<string, (run: RunToEnd, root: string) => Promise<object>> = { latency, overhead, lossStream };

async function main(name: string, root: string, runnerBundle: string): Promise<void> {
  const start = performance.now();
  const { Runner } = createRequire(__filename)(runnerBundle) as typeof import('../src/runner/run');
  const loadMs = performance.now() - start;
  const runner = new Runner(join(root, 'dist', 'run-process.js'));

  const run: RunToEnd = async (fileName, source, listener = () => {}) => {
    const request: RunRequest = { fileName, source, mode: 'file', limits: { timeMs: DEFAULT_TIME_LIMIT_S * 1000, memoryMb: DEFAULT_MEMORY_MB } };
    const failures: string[] = [];
    const startedAt = performance.now();
    const handle = runner.start(request, (event) => {
      if (event.type === 'error' || event.type === 'stopped') failures.push(event.message);
      listener(event, performance.now() - startedAt);
    });
    const status = await handle.done;
    handle.dispose();
    if (status !== 'completed') throw new Error(`${fileName}: run ${status}: ${failures.join('; ')}`);
  };

  const result = await workloads[name](run, root);
  runner.dispose();
  process.stdout.write(JSON.stringify({ loadMs, ...result }));
}

void main(process.argv[2], process.argv[3], process.argv[4]);
