// The entry point of a run's process (bundled to dist/run-process.js): a child of the extension
// host, started with the host's own executable as VS Code's language servers are. It is what keeps
// a run from hurting the editor. User code runs in a worker thread inside it, so this main thread
// stays free to hear Stop (and raise the worker's stop flag), to watch the memory of the whole
// process — tensors' backing stores live outside any JavaScript heap limit — and to relay events.
// A fatal error in user code (V8 aborts inside a native call such as `new Array(1e9).fill(0)`)
// ends this process only; the host sees it exit and says what happened.
//
// It starts before there is a run, as a warm spare: compiler loaded and exercised, worker online
// with the engine loaded. It runs one run, then holds the worker (and its graph) to answer
// "expand this group" until the host ends it.

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunError, RunEvent, RunRequest } from '../protocol';
import { newAskRing, pushAsk } from './ask-ring';
import { graphSvg } from '../../webview/notebook/graph-svg';
import { instrument } from './instrument';
import { MEMORY_HARD_FACTOR, MEMORY_POLL_MS, STOP_GRACE_MS, STOP_POLL_MS, STOP_WALL_LIMIT_MS, YOUNG_GENERATION_MB } from './limits';
import { paceOf } from './pace';
import { prepare, type Prepared } from './prepare';
import type { SourceMap } from './source-map';
import { HEAP_ARG, type HostToProcess, type ProcessToHost } from './process-protocol';
import { mapStack } from './stack';
import { findTrainingLoops, type TrainingLoop } from './training-loops';
import { STOP_CODES, outOfMemoryMessage } from './stop';
import type { ToWorker, WorkerBoot, WorkerInput, WorkerMessage } from './worker-protocol';

const DEFAULT_NODE_BUDGET = 1000;
/** The largest view (nodes and groups shown) a cell's output carries as SVG (~70 KB at 100). */
const SVG_MAX_ITEMS = 150;
const MB = 1024 * 1024;

const send = (message: ProcessToHost): void => {
  process.send?.(message);
};
// The host is gone (or closed the channel): nothing is listening, and the worker may be stuck in
// a native call that no orderly exit would wait out.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));

const heapMb = Number(process.argv.find((arg) => arg.startsWith(HEAP_ARG))?.slice(HEAP_ARG.length));
const stopFlag = new Int32Array(new SharedArrayBuffer(4));
const askRing = newAskRing();
const boot: WorkerBoot = { stopFlag: stopFlag.buffer as SharedArrayBuffer, askRing };
const worker = new Worker(join(__dirname, 'worker.js'), {
  workerData: boot,
  // Not this process's flags: under a debugger or a loader every run would inherit them.
  execArgv: [],
  // Nor the editor's environment (tokens, paths of its own): a program sees an empty process.env.
  env: {},
  resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
});
const toWorker = (message: ToWorker): void => worker.postMessage(message);

let request: RunRequest | null = null;
let prepared: Prepared | null = null;
/**
 * A kernel's source maps of every cell it ran: a function a cell declared may throw while a later
 * cell runs, and its frame is mapped to its own cell.
 */
const sourceMaps = new Map<string, SourceMap>();
let transpileMs = 0;
let heldResult: Extract<RunEvent, { type: 'result' }> | null = null;
let finished = false;
/** The worker said the program is over (it is exporting the result, or done). */
let programOver = false;
let stopTimer: ReturnType<typeof setInterval> | undefined;

/**
 * The grace a stopped program gets is CPU time, not wall time: a program in a long native call
 * spends it in STOP_GRACE_MS, while one that a busy machine is not running at all (it would stop at
 * its next statement) keeps its last step — up to STOP_WALL_LIMIT_MS of waiting.
 */
function endIfStopIsNotHeard(): ReturnType<typeof setInterval> {
  const cpuAtStop = process.cpuUsage();
  const stoppedAt = performance.now();
  return setInterval(() => {
    if (programOver || finished) return;
    const cpu = process.cpuUsage(cpuAtStop);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (cpuMs >= STOP_GRACE_MS || performance.now() - stoppedAt >= STOP_WALL_LIMIT_MS) process.kill(process.pid, 'SIGKILL');
  }, STOP_POLL_MS).unref();
}

// Warm up: the first transpile loads and compiles the TypeScript compiler (~0.5 s); do it now.
const online = new Promise<void>((resolve) => worker.once('online', () => resolve()));
instrument('const warm: number = 1;\n', { fileName: 'warm-up.ts', sites: [] });
void online.then(() => send({ type: 'ready' }));

process.on('message', (message: HostToProcess) => {
  switch (message.type) {
    case 'run':
      return startRun(message.request);
    case 'stop':
      // The flag ends a busy program at its next statement; the message reaches one idle in its
      // event loop (awaiting a timer).
      Atomics.store(stopFlag, 0, STOP_CODES[message.reason]);
      Atomics.notify(stopFlag, 0); // wakes a paced training loop (pace.ts)
      toWorker({ type: 'stop' });
      // A program inside one long native call never reaches a statement: end the process (the
      // host then reports the stop). Not once the program is over: its export gets its own time.
      stopTimer ??= endIfStopIsNotHeard();
      return;
    case 'expand':
      // A worker busy in the program reads the ring; one that is done, the message.
      if (!programOver) pushAsk(askRing, { requestId: message.requestId, kind: 'expand', arg: message.group });
      return toWorker(message);
    case 'scrub':
      if (!programOver) pushAsk(askRing, { requestId: message.requestId, kind: 'scrub', arg: message.step });
      return toWorker(message);
    case 'gradcheck':
    case 'whatIf':
      return toWorker(message); // answered once the program is over
    case 'findLoops':
      return send({ type: 'loops', requestId: message.requestId, loops: findLoopsSafely(message.source, message.fileName) });
  }
});

function findLoopsSafely(source: string, fileName: string): TrainingLoop[] {
  try {
    return findTrainingLoops(source, fileName);
  } catch {
    return []; // a parser failure must not end a process that may be running a program
  }
}

function startRun(runRequest: RunRequest): void {
  // One run per process, except in a notebook's kernel: a cell after another, in the same worker.
  if (request && !(request.mode === 'cell' && runRequest.mode === 'cell' && finished)) return;
  request = runRequest;
  finished = false;
  programOver = false;
  heldResult = null;
  clearInterval(stopTimer);
  stopTimer = undefined;
  // (A stopped cell's flag is put down by the worker, once that cell's code has seen it.)
  const started = performance.now();
  let outcome: Prepared | RunError;
  try {
    outcome = prepare(runRequest);
  } catch (error) {
    // A compiler failure is ours, not the user's: say so instead of leaving the run hanging.
    const message = `GradLens could not prepare this code: ${error instanceof Error ? error.message : String(error)}`;
    outcome = { type: 'error', kind: 'internal', message, name: null, file: runRequest.fileName, line: null, col: null, stack: null };
  }
  transpileMs = performance.now() - started;
  if ('type' in outcome) {
    send(outcome);
    return end();
  }
  prepared = outcome;
  if (runRequest.mode !== 'cell') sourceMaps.clear();
  for (const [file, map] of outcome.sourceMaps) sourceMaps.set(file, map);
  const input: WorkerInput = {
    mainFile: runRequest.fileName,
    modules: outcome.modules,
    sites: outcome.sites,
    regionIsExpression: outcome.regionIsExpression,
    rootVariable: outcome.rootVariable,
    nodeBudget: runRequest.nodeBudget ?? DEFAULT_NODE_BUDGET,
    limits: runRequest.limits,
    stepsPerSecond: runRequest.fullSpeed ? null : paceOf(runRequest.source),
    gradcheck: runRequest.gradcheck ?? false,
    mode: runRequest.mode,
    liveGraph: runRequest.liveGraph ?? false,
    recordBytes: Math.max(0, runRequest.recordMb ?? 0) * MB,
    execution: runRequest.execution ?? 0,
    cellGlobals: outcome.cellGlobals,
    endsWithExpression: outcome.endsWithExpression,
  };
  watchMemory(runRequest.limits.memoryMb, runRequest.mode === 'cell');
  toWorker({ type: 'run', input });
}

let memoryTimer: ReturnType<typeof setInterval> | undefined;
let kernelBaseline: number | undefined;

/**
 * Resident memory counts everything: JavaScript heaps, typed-array backing stores, native
 * allocations. Past the limit the host is told (it stops the run, keeping the last step); far
 * past it the process ends itself at once, as memory may be growing faster than a stop can act.
 */
function watchMemory(limitMb: number, cell: boolean): void {
  clearInterval(memoryTimer);
  // A kernel's limit is the whole session's: what earlier cells keep counts (Restart frees it).
  const baseline = cell ? (kernelBaseline ??= process.memoryUsage.rss()) : process.memoryUsage.rss();
  let told = false;
  memoryTimer = setInterval(() => {
    const growthMb = (process.memoryUsage.rss() - baseline) / MB;
    if (growthMb > limitMb * MEMORY_HARD_FACTOR) process.kill(process.pid, 'SIGKILL');
    if (growthMb > limitMb && !told) {
      told = true;
      send({ type: 'over-memory-limit', growthMb });
    }
  }, MEMORY_POLL_MS);
  memoryTimer.unref();
}

worker.on('message', (message: WorkerMessage) => {
  switch (message.type) {
    case 'result':
      heldResult = message; // sent once the timings are known ('finished')
      return;
    case 'finished':
      if (heldResult) send({ ...heldResult, timings: { transpileMs, startMs: 0, runMs: message.runMs, exportMs: message.exportMs }, ...cellSvg(heldResult) });
      heldResult = null;
      return end();
    case 'ending':
      programOver = true;
      return send(message);
    case 'error':
      return send(prepared ? mapStack(message, sourceMaps) : message);
    default:
      send(message);
  }
});

worker.on('error', (error: Error & { code?: string }) => {
  if (finished) return;
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' && request) {
    send({ type: 'stopped', reason: 'memory-limit', message: outOfMemoryMessage(request.limits, request.mode === 'cell') });
  } else {
    const event: RunError = { type: 'error', kind: 'runtime', message: error.message, name: error.name, file: request?.fileName ?? null, line: null, col: null, stack: error.stack ?? null };
    send(prepared ? mapStack(event, sourceMaps) : event);
  }
  end();
});

worker.on('exit', () => {
  if (finished || !request) return;
  // The worker's event loop emptied while the program still awaited something.
  send({ type: 'stopped', reason: 'unsettled', message: 'The program ended while awaiting a promise that never settles.' });
  end();
});

/**
 * A notebook cell's graph as SVG, saved in the .ipynb for readers without GradLens: drawn here,
 * off the editor's process. Only views small enough to read (and to keep the notebook small).
 */
function cellSvg(result: Extract<RunEvent, { type: 'result' }>): { svg?: string } {
  const { graph } = result;
  if (request?.mode !== 'cell' || graph.root < 0 || graph.nodes.length + graph.groups.length > SVG_MAX_ITEMS) return {};
  try {
    return { svg: graphSvg(graph, request.numberPrecision ?? 4) };
  } catch {
    return {}; // the picture is a courtesy: its failure must not cost the cell its output
  }
}

function end(): void {
  if (finished) return;
  finished = true;
  clearInterval(memoryTimer);
  send({ type: 'finished' });
}
