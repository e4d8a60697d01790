// R10: a notebook's kernel (src/runner/kernel.ts), a cell's latency as the notebook sees it: from
// `kernel.run()` to the cell's `done` (its output, graph and SVG included). Cold: `new Kernel` and
// its first cell — the run's process starts, loads and exercises the TypeScript compiler, starts
// its worker. Warm: the same cell run again in that kernel. Started: the first cell of a kernel
// whose start() was awaited first, as the extension could do when a notebook opens.
// The kernel comes bundled into runner-child's bundle (a second copy of the host side, harmless).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRequest } from '../src/protocol';
import { Kernel } from '../src/runner/kernel';

export interface CellLatency {
  cell: string;
  coldMs: number[];
  startMs: number[];
  startedMs: number[];
  warmMs: number[];
}

const TRIVIAL = "import { Value } from 'gradlens';\nconst a = new Value(2);\na * a\n";

type NotebookCell = { source: string | string[] };
const text = (cell: NotebookCell): string => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);

/** The tutorial's neuron: the code cell after the markdown cell "## 4. A neuron". */
function neuronCell(notebook: string): string {
  const { cells } = JSON.parse(readFileSync(notebook, 'utf8')) as { cells: NotebookCell[] };
  const heading = cells.findIndex((cell) => text(cell).startsWith('## 4. A neuron'));
  if (heading < 0) throw new Error(`${notebook}: no cell "## 4. A neuron"`);
  return text(cells[heading + 1]);
}

const time = async (work: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

export async function kernelLatency(root: string, limits: RunRequest['limits'], rounds = 3, warmRuns = 20):
  Promise<{ cells: CellLatency[] }> {
  const processPath = join(root, 'dist', 'run-process.js');
  const notebook = join(root, 'examples', 'tutorial.ipynb');
  const runCell = async (kernel: Kernel, source: string): Promise<void> => {
    const failures: string[] = [];
    const run = await kernel.run({ fileName: `${notebook}#cell1`, source }, (event) => {
      if (event.type === 'error' || event.type === 'stopped') failures.push(event.message);
    });
    const status = await run.done;
    if (status !== 'completed') throw new Error(`kernel cell ${status}: ${failures.join('; ')}`);
  };

  const cells: Array<CellLatency & { source: string }> = [
    { cell: 'trivial: a = new Value(2); a * a', source: TRIVIAL },
    { cell: "the tutorial's neuron cell", source: neuronCell(notebook) },
  ].map((c) => ({ ...c, coldMs: [], startMs: [], startedMs: [], warmMs: [] }));

  // Rounds alternate the cells, so that load from elsewhere on the machine hits both alike.
  for (let round = 0; round < rounds; round++) {
    for (const c of cells) {
      const coldStart = performance.now();
      const kernel = new Kernel(processPath, limits);
      await runCell(kernel, c.source);
      c.coldMs.push(performance.now() - coldStart);
      if (round === 0) for (let i = 0; i < warmRuns; i++) c.warmMs.push(await time(() => runCell(kernel, c.source)));
      kernel.dispose();

      const started = new Kernel(processPath, limits);
      c.startMs.push(await time(() => started.start()));
      c.startedMs.push(await time(() => runCell(started, c.source)));
      started.dispose();
    }
  }
  return { cells };
}
