// R1: latency from code to `result` for the seed's first example, run as a whole file. The first
// run of a fresh process is the cold one (the TypeScript compiler is loaded just before it, see
// runner-child.ts, and compiles for the first time); the runs after it, on the same Runner, warm.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Timings } from '../src/protocol';
import type { RunToEnd } from './runner-child';

/** The result's own timings, plus wall-clock from start() to the `result` event on the host. */
export interface RunLatency extends Timings {
  wallMs: number;
}

export interface LatencyResult {
  cold: RunLatency;
  warm: RunLatency[];
}

export async function latency(run: RunToEnd, root: string, warmRuns = 10): Promise<LatencyResult> {
  const fileName = join(root, 'examples', '01-manual-gradients.ts');
  const source = readFileSync(fileName, 'utf8');
  const runs: RunLatency[] = [];
  for (let i = 0; i <= warmRuns; i++) {
    await run(fileName, source, (event, ms) => {
      if (event.type === 'result') runs.push({ ...event.timings, wallMs: ms });
    });
  }
  return { cold: runs[0], warm: runs.slice(1) };
}
