// R5: what rewriting arithmetic costs (instrument.ts → engine/operators.ts). Number-heavy code, as
// the runner instruments it, with the rewrite on and off: every `*` and `+` of the loop goes
// through the operator functions' number fast path. Run bundled in a fresh process per
// measurement (util.ts's inBundledProcess: `node <bundle> 0|1`), so one variant's JIT state never
// helps the other.
import { instrument, type Site } from '../src/runner/instrument';
import { Runtime } from '../src/runner/runtime';
import { RUNTIME } from '../src/runner/worker-protocol';

const NUMBER_LOOP = `
let s = 0;
let x = 1.0000001;
for (let i = 0; i < 1e7; i++) {
  s = s * 0.999999 + x * i;
}
result(s);
`;

export interface NumberLoopResult {
  ms: number;
  sum: number;
}

export function numberLoop(rewrite: number): NumberLoopResult {
  const sites: Site[] = [];
  const { js } = instrument(NUMBER_LOOP, { fileName: 'loop.ts', sites, operators: rewrite === 1 });
  const runtime = new Runtime(sites, new Int32Array(1));
  let sum = NaN;
  const program = new Function(RUNTIME, 'result', js) as (runtime: Runtime, result: (s: number) => void) => void;
  const start = performance.now();
  program(runtime, (s) => (sum = s));
  return { ms: performance.now() - start, sum };
}

if (require.main === module) process.stdout.write(JSON.stringify(numberLoop(Number(process.argv[2]))));
