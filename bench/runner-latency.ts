// R1: latency from code to `result` for the seed's first example, run as a whole file. The first
// run of a fresh Runner is the cold one (its run's process starts, loads the TypeScript compiler
// and compiles for the first time); the runs after it, on the same Runner, are warm (each once the
// spare process is ready), and back to back (the next run right after the last, its process
// still starting).
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
  backToBack: RunLatency[];
}

export async function latency(run: RunToEnd, root: string, warmRuns = 10): Promise<LatencyResult> {
  const fileName = join(root, 'examples', '01-manual-gradients.ts');
  const source = readFileSync(fileName, 'utf8');
  const timed = async (warm: boolean): Promise<RunLatency> => {
    let timing: RunLatency | undefined;
    await run(fileName, source, (event, ms) => {
      if (event.type === 'result') timing = { ...event.timings, wallMs: ms };
    }, { warm });
    return timing!;
  };
  const cold = await timed(false);
  const warm: RunLatency[] = [];
  const backToBack: RunLatency[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(await timed(true));
  for (let i = 0; i < 3; i++) backToBack.push(await timed(false));
  return { cold, warm, backToBack };
}
