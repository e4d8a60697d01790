// Entry point of the runner benchmarks' child process: util.ts's inRunnerProcess bundles this file
// and runs `node <bundle> <workload> <repo root> <runner bundle>`; the result goes to stdout as JSON.
// The runner (the host side, its own bundle) is loaded here, timed, rather than imported, as the
// extension loads it; the TypeScript compiler loads in each run's process (part of a cold run).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RunEvent, RunRequest } from '../src/protocol';
import { DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT_S } from '../src/runner/limits';
import { boundary } from './runner-boundary';
import { latency } from './runner-latency';
import { lens } from './runner-lens';
import { lossStream } from './runner-losses';
import { overhead } from './runner-overhead';
import { scrub } from './runner-scrub';
import { explore } from './runner-explore';
import { kernelLatency } from './runner-kernel';
import type { Runner as HostRunner } from '../src/runner/run';

/**
 * Runs `source` as the whole file `fileName` (mode 'file', the default limits) to its end; `warm`:
 * once the spare process is ready, as when a user runs again after a moment.
 */
export type RunToEnd = (fileName: string, source: string, listener?: (event: RunEvent, msSinceStart: number) => void, options?: { warm?: boolean; request?: Partial<RunRequest> }) => Promise<void>;

type Workload = (run: RunToEnd, root: string, runner: HostRunner, limits: RunRequest['limits']) => Promise<object>;
const workloads: Record<string, Workload> = {
  latency: (run, root) => latency(run, root),
  overhead: (run) => overhead(run),
  overheadOperators: (run) => overhead(run, true),
  overheadLive: (run) => overhead(run, false, true),
  lossStream: (run, root) => lossStream(run, root),
  boundary: (_run, _root, runner, limits) => boundary(runner, limits),
  lens: (_run, _root, runner, limits) => lens(runner, limits),
  scrub: async (_run, _root, runner, limits) => ({ runs: await scrub(runner, limits) }),
  explore: (_run, _root, runner, limits) => explore(runner, limits),
  kernel: (_run, root, _runner, limits) => kernelLatency(root, limits),
};

async function main(name: string, root: string, runnerBundle: string): Promise<void> {
  const start = performance.now();
  const { Runner } = createRequire(__filename)(runnerBundle) as typeof import('../src/runner/run');
  const loadMs = performance.now() - start;
  const runner = new Runner(join(root, 'dist', 'run-process.js'));
  const limits = { timeMs: DEFAULT_TIME_LIMIT_S * 1000, memoryMb: DEFAULT_MEMORY_MB };

  const run: RunToEnd = async (fileName, source, listener = () => {}, options = {}) => {
    if (options.warm) await runner.prewarm(limits);
    const request: RunRequest = { fileName, source, mode: 'file', limits, ...options.request };
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

  const result = await workloads[name](run, root, runner, limits);
  runner.dispose();
  process.stdout.write(JSON.stringify({ loadMs, ...result }));
}

void main(process.argv[2], process.argv[3], process.argv[4]);
