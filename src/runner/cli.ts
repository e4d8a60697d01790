// `node dist/cli.js file.ts [more.ts ...]`: runs files with the same runner (and worker, and
// limits) the extension uses, and prints what the panel would show: logs, the loss curve's ends,
// the root and the gradients of every bound variable. Exits 1 if any run fails.

import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Binding, RunEvent } from '../protocol';
import { DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT_S } from './limits';
import { Runner } from './run';

const fmt = (x: number | null): string => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(4));

function describe(b: Binding): string {
  if (b.kind === 'value' || (b.kind === 'tensor' && b.data !== null)) return `data ${fmt(b.data)}  grad ${fmt(b.grad)}`;
  if (b.kind === 'tensor') return `shape [${b.shape}]  mean ${fmt(b.summary!.mean)}  |grad| max ${b.gradSummary ? fmt(Math.max(Math.abs(b.gradSummary.min), Math.abs(b.gradSummary.max))) : '—'}`;
  return b.kind;
}

async function runFile(runner: Runner, file: string): Promise<boolean> {
  const name = relative(process.cwd(), file);
  console.log(`\n▶ ${name}`);
  const losses: number[] = [];
  const handle = runner.start(
    { fileName: file, source: readFileSync(file, 'utf8'), mode: 'file', limits: { timeMs: DEFAULT_TIME_LIMIT_S * 1000, memoryMb: DEFAULT_MEMORY_MB }, fullSpeed: true },
    (event: RunEvent) => {
      switch (event.type) {
        case 'log':
          for (const line of event.lines) console.log(`  ${line.text.replace(/\n/g, '\n  ')}`);
          break;
        case 'loss':
          losses.push(...event.values);
          break;
        case 'result': {
          const root = event.graph.nodes.find((n) => n.id === event.graph.root)!;
          const shown = event.bindings.filter((b) => b.kind === 'value' || b.kind === 'tensor');
          console.log(`  root ${root.label || root.op} = ${fmt(root.data)} (${event.rootReason}); graph of ${event.graph.totalNodes} nodes`);
          if (losses.length > 1) console.log(`  loss: ${losses.length} backward() calls, ${fmt(losses[0])} → ${fmt(losses[losses.length - 1])}`);
          for (const b of shown.slice(0, 12)) console.log(`    ${b.name.padEnd(12)} line ${b.loc.line + 1}: ${describe(b)}`);
          console.log(`  ${event.timings.runMs.toFixed(0)} ms run, ${event.timings.transpileMs.toFixed(0)} ms transpile`);
          break;
        }
        case 'error':
          console.log(`  ✖ ${event.kind} error at ${event.file ? relative(process.cwd(), event.file) : name}:${(event.line ?? 0) + 1}:${(event.col ?? 0) + 1}: ${event.message}`);
          break;
        case 'stopped':
          console.log(`  ■ ${event.message}`);
          break;
      }
    },
  );
  const status = await handle.done;
  handle.dispose();
  return status === 'completed';
}

const USAGE = `usage: node dist/cli.js FILE.ts [MORE.ts ...]

Runs each file as GradLens's "Compute gradients" does on a whole file, in its own process with the
default limits (${DEFAULT_TIME_LIMIT_S} s, ${DEFAULT_MEMORY_MB} MB), and prints its console output, its loss curve's ends,
the root and the gradient of every bound variable, at full speed (a file's "gradlens: pace" comment
is for watching the panel's chart). Exits 0 if every run completed, 1 otherwise.

  -h, --help   print this message`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.find((a) => a.startsWith('-'));
  if (args.length === 0 || unknown) {
    console.error(unknown ? `unknown option ${unknown}\n\n${USAGE}` : USAGE);
    process.exit(2);
  }
  const files = args.map((f) => resolve(f));
  const runner = new Runner(join(__dirname, 'run-process.js'));
  let ok = true;
  for (const file of files) ok = (await runFile(runner, file)) && ok;
  runner.dispose();
  process.exit(ok ? 0 : 1);
}

void main();
