// Runs a snippet through the real runner (dist/run-process.js, built by test/run-unit.mjs) and
// collects its events.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunError, RunEvent, RunRequest, ResultEvent, StoppedEvent } from '../../src/protocol';
import { Runner, type RunHandle, type RunStatus } from '../../src/runner/run';

export const RUN_PROCESS = resolve(__dirname, '..', '..', 'dist', 'run-process.js');

export interface Collected {
  status: RunStatus;
  events: RunEvent[];
  result: ResultEvent | undefined;
  error: RunError | undefined;
  stopped: StoppedEvent | undefined;
  /** Why a run did not complete, in its own words (for assertion messages: a flake says what it was). */
  why: string;
  losses: number[];
  logs: string[];
  handle: RunHandle;
}

const scratchDirs: string[] = [];
process.on('exit', () => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh folder for files a test writes (imports between user files); removed when the tests end. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-test-'));
  scratchDirs.push(dir);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

export async function run(source: string, options: Partial<RunRequest> & { runner?: Runner; onHandle?: (h: RunHandle) => void; onEvent?: (e: RunEvent, h: RunHandle) => void; keep?: boolean } = {}): Promise<Collected> {
  const runner = options.runner ?? new Runner(RUN_PROCESS);
  const events: RunEvent[] = [];
  const request: RunRequest = {
    fileName: options.fileName ?? join(tmpdir(), 'snippet.ts'),
    source,
    mode: options.mode ?? 'file',
    range: options.range,
    limits: options.limits ?? { timeMs: 20_000, memoryMb: 512 },
    nodeBudget: options.nodeBudget,
    unsaved: options.unsaved,
    fullSpeed: options.fullSpeed,
    liveGraph: options.liveGraph,
    recordMb: options.recordMb,
    gradcheck: options.gradcheck,
  };
  // Filled in once start() returns; events arrive asynchronously, from the run's process.
  const started: { handle?: RunHandle } = {};
  const listener = (e: RunEvent): void => {
    events.push(e);
    options.onEvent?.(e, started.handle!);
  };
  const handle = runner.start(request, listener);
  started.handle = handle;
  options.onHandle?.(handle);
  const status = await handle.done;
  if (!options.keep) handle.dispose();
  if (!options.runner && !options.keep) runner.dispose();
  const error = events.find((e): e is RunError => e.type === 'error');
  const stopped = events.find((e): e is StoppedEvent => e.type === 'stopped');
  return {
    status,
    events,
    handle,
    result: events.find((e): e is ResultEvent => e.type === 'result'),
    error,
    stopped,
    why: stopped ? `stopped (${stopped.reason}): ${stopped.message}` : error ? `${error.kind} error: ${error.message}` : status,
    losses: events.flatMap((e) => (e.type === 'loss' ? [...e.values] : [])),
    logs: events.flatMap((e) => (e.type === 'log' ? e.lines.map((l) => l.text) : [])),
  };
}

/** The offsets of the first occurrence of `text` in `source`. */
export function rangeOf(source: string, text: string): { start: number; end: number } {
  const start = source.indexOf(text);
  if (start < 0) throw new Error(`"${text}" is not in the source`);
  return { start, end: start + text.length };
}
