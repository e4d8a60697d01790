// R6: what the "Train this model" lens costs after an edit of a 2,000-line file: the host asks a
// run's process (the warm spare) for the file's training loops — the parser never loads in the
// editor's process — and gets them back. Wall time from the question to the answer, and the host
// thread's own CPU time for it (sending the text, receiving the loops).
import type { RunLimits } from '../src/protocol';
import type { Runner } from '../src/runner/run';

export interface LensResult {
  lines: number;
  loops: number;
  wallMs: number[];
  hostCpuMs: number[];
}

/** A file of `lines` lines: helper functions, and a training loop every ~200 lines. */
export function bigFile(lines: number): string {
  const out = ["import { Value, nn } from 'gradlens';", 'const model = new nn.MLP(2, [4, 1]);'];
  let i = 0;
  while (out.length < lines) {
    i++;
    if (i % 20 === 0) {
      out.push(`for (let step = 0; step < 10; step++) {`, `  const loss = model.forward([new Value(${i}), new Value(1)]) as Value;`, '  model.zeroGrad();', '  loss.backward();', '}');
    } else {
      out.push(`function helper${i}(x: number): number {`, `  const y = x * ${i} + 1;`, '  return y > 0 ? y : -y;', '}', '');
    }
  }
  return out.slice(0, lines).join('\n');
}

export async function lens(runner: Runner, limits: RunLimits, rounds = 20): Promise<LensResult> {
  const source = bigFile(2000);
  await runner.prewarm(limits);
  await runner.findTrainingLoops(source, '/tmp/big.ts', limits); // the parser's first use
  const result: LensResult = { lines: source.split('\n').length, loops: 0, wallMs: [], hostCpuMs: [] };
  for (let i = 0; i < rounds; i++) {
    const edited = source.replace('const model', `const model${i}`); // an edit: a new text each time
    const cpu = process.cpuUsage();
    const start = performance.now();
    const loops = await runner.findTrainingLoops(edited, '/tmp/big.ts', limits);
    result.wallMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    result.hostCpuMs.push((used.user + used.system) / 1000);
    result.loops = loops.length;
  }
  return result;
}
