// R9: understanding one gradient, after a run, in its process: "Check all" on a graph of 1,000
// leaves (the time the panel waits), and "what if" — a leaf given another value, forward and
// backward recomputed — on graphs of 1,001 and 100,001 nodes, as the host sees them (round trip).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRequest } from '../src/protocol';
import type { Runner } from '../src/runner/run';

/** Σ tanh(w_i·cos i) over n named weights: 5n + 1 nodes, n checked leaves. */
const weightedSum = (n: number): string => `import { Value } from 'gradlens';
const ws = Array.from({ length: ${n} }, (_, i) => new Value(Math.sin(i), { label: 'w' + i }));
const loss = ws.reduce((acc, w, i) => acc.add(w.mul(Math.cos(i)).tanh()), new Value(0));
loss.backward();
`;

export interface ExploreResult {
  checkLeaves: number;
  checkNodes: number;
  checkMs: number[];
  allOk: boolean;
  whatIf: Array<{ nodes: number; ms: number[] }>;
}

export async function explore(runner: Runner, limits: RunRequest['limits']): Promise<ExploreResult> {
  const start = async (source: string) => {
    let nodes = 0;
    let leaf = -1;
    const handle = runner.start({ fileName: join(tmpdir(), 'explore.ts'), source, mode: 'file', limits }, (event) => {
      if (event.type === 'result') {
        nodes = event.graph.totalNodes;
        leaf = 0; // forward order: the first node is a leaf (w0)
      }
    });
    await handle.done;
    return { handle, nodes, leaf };
  };
  const check = await start(weightedSum(1000));
  const checkMs: number[] = [];
  let allOk = true;
  let leaves = 0;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const answer = await check.handle.gradcheck(null);
    checkMs.push(performance.now() - t);
    allOk &&= answer?.lines.every((l) => l.ok) ?? false;
    leaves = answer?.lines.length ?? 0;
  }
  check.handle.dispose();
  const whatIf: ExploreResult['whatIf'] = [];
  for (const n of [200, 20_000]) {
    const run = await start(weightedSum(n));
    const ms: number[] = [];
    for (let k = 0; k < 10; k++) {
      const t = performance.now();
      await run.handle.whatIf([[run.leaf, k / 10]], []);
      ms.push(performance.now() - t);
    }
    run.handle.dispose();
    whatIf.push({ nodes: run.nodes, ms });
  }
  return { checkLeaves: leaves, checkNodes: check.nodes, checkMs, allOk, whatIf };
}
