// `node dist/cli.js file.ts [more.ts ...]`: runs files with the same runner (and worker, and
// limits) the extension uses, and prints what the panel would show: logs, the loss curve's ends,
// the root and the gradients of every bound variable. Exits 1 if any run fails.

import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Binding, GradcheckLine, RunEvent } from '../protocol';
import { GRADCHECK_ATOL, GRADCHECK_ELEMENTS, GRADCHECK_RTOL } from './gradcheck';
import { DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT_S } from './limits';
import { codeCells } from './ipynb';
import { Kernel } from './kernel';
import { Runner } from './run';

const fmt = (x: number | null): string => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(4));

function describe(b: Binding): string {
  if (b.kind === 'value' || (b.kind === 'tensor' && b.data !== null)) return `data ${fmt(b.data)}  grad ${fmt(b.grad)}`;
  if (b.kind === 'tensor') return `shape [${b.shape}]  mean ${fmt(b.summary!.mean)}  |grad| max ${b.gradSummary ? fmt(Math.max(Math.abs(b.gradSummary.min), Math.abs(b.gradSummary.max))) : '—'}`;
  return b.kind;
}

/** A number as the gradcheck lines print it: as short as it is exact to 10 digits. */
const num = (x: number): string => String(Number(x.toPrecision(10)));

/** `gradcheck <label> analytic <a> numeric <n> relerr <r> ok|MISMATCH`, a line per leaf; false if any is not ok. */
function printGradcheck(lines: GradcheckLine[] | null | undefined): boolean {
  if (!lines) {
    console.error('gradcheck: the graph holds an op the check cannot recompute, so nothing was checked');
    return false;
  }
  if (lines.length === 0) console.error('gradcheck: the root has no named leaf to check');
  for (const l of lines) console.log(`gradcheck ${l.label} analytic ${num(l.analytic)} numeric ${num(l.numeric)} relerr ${l.relerr.toExponential(2)} ${l.ok ? 'ok' : 'MISMATCH'}`);
  return lines.every((l) => l.ok);
}

const LIMITS = { timeMs: DEFAULT_TIME_LIMIT_S * 1000, memoryMb: DEFAULT_MEMORY_MB };

async function runFile(runner: Runner, file: string, gradcheck: boolean): Promise<boolean> {
  const name = relative(process.cwd(), file);
  console.log(`\n▶ ${name}`);
  const printer = new EventPrinter(name, gradcheck);
  const handle = runner.start({ fileName: file, source: readFileSync(file, 'utf8'), mode: 'file', limits: LIMITS, fullSpeed: true, gradcheck }, printer.listener);
  const status = await handle.done;
  handle.dispose();
  return status === 'completed' && printer.checked;
}

/**
 * A notebook, top to bottom in one kernel, as "Run All" does: each code cell's output as a file's,
 * under its cell number. The first cell that fails ends it (the cells after it would read what it
 * did not make).
 */
async function runNotebook(file: string): Promise<boolean> {
  const name = relative(process.cwd(), file);
  let cells;
  try {
    cells = codeCells(readFileSync(file, 'utf8'));
  } catch (error) {
    console.log(`\n✖ ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  const kernel = new Kernel(join(__dirname, 'run-process.js'), LIMITS);
  try {
    for (const cell of cells) {
      console.log(`\n▶ ${name}, cell ${cell.number}`);
      const printer = new EventPrinter(`${name}, cell ${cell.number}`, false);
      const run = await kernel.run({ fileName: join(dirname(file), `${basename(file)}#cell${cell.number}`), source: cell.source, fullSpeed: true }, printer.listener);
      const status = await run.done;
      if (status !== 'completed') {
        console.log(`  ✖ cell ${cell.number} ${status === 'stopped' ? 'was stopped' : 'failed'}: the notebook stops here`);
        return false;
      }
    }
    return true;
  } finally {
    kernel.dispose();
  }
}

/** Prints a run's events as they come: logs, the loss curve's ends, the root and the bound gradients. */
class EventPrinter {
  private readonly losses: number[] = [];
  checked: boolean;

  constructor(private readonly name: string, private readonly gradcheck: boolean) {
    this.checked = !gradcheck;
  }

  readonly listener = (event: RunEvent): void => {
    const { losses, gradcheck, name } = this;
    switch (event.type) {
      case 'log':
        for (const line of event.lines) console.log(`  ${line.text.replace(/\n/g, '\n  ')}`);
        break;
      case 'cellValue':
        console.log(`  = ${event.text.replace(/\n/g, '\n    ')}`);
        break;
      case 'loss':
        losses.push(...event.values);
        break;
      case 'result': {
        const root = event.graph.nodes.find((n) => n.id === event.graph.root);
        const shown = event.bindings.filter((b) => b.kind === 'value' || b.kind === 'tensor');
        if (root) console.log(`  root ${root.label || root.op} = ${fmt(root.data)} (${event.rootReason}); graph of ${event.graph.totalNodes} nodes`);
        if (losses.length > 1) console.log(`  loss: ${losses.length} backward() calls, ${fmt(losses[0])} → ${fmt(losses[losses.length - 1])}`);
        for (const b of shown.slice(0, 12)) console.log(`    ${b.name.padEnd(12)} line ${b.loc.line + 1}: ${describe(b)}`);
        console.log(`  ${event.timings.runMs.toFixed(0)} ms run, ${event.timings.transpileMs.toFixed(0)} ms transpile`);
        if (gradcheck) this.checked = printGradcheck(event.gradcheck);
        break;
      }
      case 'error':
        console.log(`  ✖ ${event.kind} error at ${event.file ? relative(process.cwd(), event.file) : name}:${(event.line ?? 0) + 1}:${(event.col ?? 0) + 1}: ${event.message}`);
        break;
      case 'stopped':
        console.log(`  ■ ${event.message}`);
        break;
      }
  };
}

const USAGE = `usage: node dist/cli.js [--gradcheck] FILE.ts [MORE.ts ...]
       node dist/cli.js NOTEBOOK.ipynb

Runs each file as GradLens's "Compute gradients" does on a whole file, in its own process with the
default limits (${DEFAULT_TIME_LIMIT_S} s, ${DEFAULT_MEMORY_MB} MB), and prints its console output, its loss curve's ends,
the root and the gradient of every bound variable, at full speed (a file's "gradlens: pace" comment
is for watching the panel's chart). Exits 0 if every run completed, 1 otherwise.

  --gradcheck  also check the root's gradients: for each leaf (a named Value, a tensor that requires
               grad), backward()'s gradient against a central difference of the recorded graph's
               forward (the code does not run again), one line each:
                 gradcheck <label> analytic <a> numeric <n> relerr <r> ok|MISMATCH
               (a tensor: its worst element, of up to ${GRADCHECK_ELEMENTS} checked; ok: |a − n| <= ${GRADCHECK_ATOL} + ${GRADCHECK_RTOL}·|n|,
               torch.autograd.gradcheck's tolerance).
               Exits 1 if any is a MISMATCH.
  -h, --help   print this message

A notebook (.ipynb) runs top to bottom in one kernel, as GradLens's notebook kernel runs it (what a
cell declares, the cells after it read): each code cell's console output, its value when it ends
with an expression, and its graph's root. The first cell that fails ends the notebook, named by its
number (markdown cells count). Exits 0 if every cell completed, 1 otherwise.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const gradcheck = args.includes('--gradcheck');
  const paths = args.filter((a) => a !== '--gradcheck');
  const unknown = paths.find((a) => a.startsWith('-'));
  if (paths.length === 0 || unknown) {
    console.error(unknown ? `unknown option ${unknown}\n\n${USAGE}` : USAGE);
    process.exit(2);
  }
  const files = paths.map((f) => resolve(f));
  const runner = new Runner(join(__dirname, 'run-process.js'));
  let ok = true;
  for (const file of files) ok = (await (file.endsWith('.ipynb') ? runNotebook(file) : runFile(runner, file, gradcheck))) && ok;
  runner.dispose();
  process.exit(ok ? 0 : 1);
}

void main();
