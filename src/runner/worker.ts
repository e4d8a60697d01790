// The thread a run's user code executes in (bundled to dist/worker.js), inside the run's process
// (run-process.ts). It starts before there is a run, with the engine loaded, and gets its run as
// a message. It runs the instrumented program, streams events (the graph too, live, while it
// trains: live-graph.ts), and at the end (or on Stop) exports the graph of the root. It then stays
// alive, holding that graph, to answer "expand this group" until its process is ended.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { format, inspect } from 'node:util';
import { runInThisContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import * as engine from '../engine';
import { Tensor, Value, tracing, type PlotRequest } from '../engine';
import type { Binding, LogLevel, ResultEvent, RunError, RunEvent } from '../protocol';
import { EventBatcher } from './batcher';
import { evaluateBoundary } from './decision-boundary';
import { AskReader } from './ask-ring';
import type { GraphExport } from './graph-view';
import { gradcheck, snapshotLeaves } from './gradcheck';
import { HealthWatch } from './health';
import { GradientLints, type WatchedModule } from './lints';
import { LIVE_INTERVAL_MS, LiveGraph } from './live-graph';
import { LossWatch, describeNonFinite } from './non-finite';
import { pacer } from './pace';
import { ExitSignal, Runtime, StopSignal, isScalar } from './runtime';
import { Questions } from './questions';
import { StepRecord } from './step-record';
import { stopMessage, stopReasonOf } from './stop';
import { RUNTIME, emptyView, type ToWorker, type WorkerBoot, type WorkerInput, type WorkerMessage } from './worker-protocol';

const boot = workerData as WorkerBoot;
const stopFlag = new Int32Array(boot.stopFlag);
// Deep enough to reach the user's frame under Node's module loader (a failing require).
Error.stackTraceLimit = 50;
const port = parentPort!;
const post = (message: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

// The state of one run. A run's process runs one program; a notebook's kernel runs a cell after
// another in this worker, each with state of its own (begin()), while the cells' globals stay.
let started = 0;
// The worker's own clock, taken before any program runs (a cell may declare a global `performance`).
const now = performance.now.bind(performance);
const clock = (): number => now() - started;
let batcher!: EventBatcher;
let input!: WorkerInput;
let runtime!: Runtime;
let steps = 0;
let losses!: LossWatch;
let live!: LiveGraph;
let health!: HealthWatch;
let record: StepRecord | null = null;
let lints!: GradientLints;
/** The modules the program bound, each once: what health, the record and the lints watch. */
let modules: WatchedModule[] = [];
let seenModules = new WeakSet<object>();
/** The last plotDecisionBoundary() call, redrawn at most every LIVE_INTERVAL_MS while the model trains. */
let plot: PlotRequest | null = null;
let nextPlot = 0;
const ringAsks = new AskReader(boot.askRing);
let questions!: Questions;
/** Ends the program that is running (null when none is). */
let endRun: ((interruption: RunEvent | null) => void) | null = null;
/** A kernel's latest cells' graphs by execution order, for expand requests about their outputs. */
const cellGraphs = new Map<number, GraphExport>();
const KEPT_CELL_GRAPHS = 8;

/** report(name, value): a custom metric, plotted beside the loss. */
function report(name: string, value: number): void {
  batcher.metric(String(name), steps, Number(value));
}

const gradlensModule = { ...engine, report };
const moduleCache = new Map<string, { exports: unknown }>();

// A program idle in its event loop (awaiting a timer) never reaches a statement that reads the stop
// flag: the process says so by message too. Questions wait for the program's end (questions.ts).
port.on('message', (message: ToWorker) => {
  if (message.type === 'run') {
    if (!endRun) startWhenSettled(message.input);
  } else if (message.type === 'stop') {
    if (stopFlag[0] !== 0) queueMicrotask(() => endRun?.(stopRequested()));
  } else questions.ask(message);
});
// Errors in detached work (a timer callback, a promise nobody awaits) end the run the same way,
// with the user's line; so does a Stop that reaches such work. (After a kernel's cell, there is no
// run to end: the cell's output is given.)
process.on('uncaughtException', (error) => endRun?.(describeInterruption(error)));
process.on('unhandledRejection', (error) => endRun?.(describeInterruption(error)));
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as LogLevel[]) {
  console[level] = (...args: unknown[]) => batcher.log({ level, text: format(...args), line: runtime.currentLoc?.line ?? null });
}
process.exit = ((code?: number) => {
  throw new ExitSignal(code ?? 0);
}) as typeof process.exit;
// A global, as documented (and importable from 'gradlens'); a program's own `report` shadows it.
Object.defineProperty(globalThis, 'report', { value: report, writable: true, configurable: true });

/**
 * A cell stopped while it awaited (a timer) has code still to run: its next statement must see
 * the stop, so the flag stays up for it — until it settles, or STOPPED_CELL_GRACE_MS have passed
 * — before the next cell starts with the flag down.
 */
let unsettledCell: Promise<unknown> | null = null;
const STOPPED_CELL_GRACE_MS = 2000;

function startWhenSettled(next: WorkerInput): void {
  const start = (): void => {
    Atomics.store(stopFlag, 0, 0);
    begin(next);
  };
  if (!unsettledCell || stopFlag[0] === 0) return start();
  const grace = new Promise((resolve) => setTimeout(resolve, STOPPED_CELL_GRACE_MS).unref());
  void Promise.race([unsettledCell.then(undefined, () => undefined), grace]).then(start);
}

function begin(next: WorkerInput): void {
  input = next;
  started = now();
  batcher = new EventBatcher(post, clock);
  steps = 0;
  losses = new LossWatch();
  health = new HealthWatch((sample) => batcher.health(health.names, sample.step, sample.gradNorms, sample.updateRatios));
  lints = new GradientLints();
  modules = [];
  seenModules = new WeakSet();
  plot = null;
  nextPlot = 0;
  graphExport = null;
  leavesAtBackward = null;
  moduleCache.clear();
  questions = new Questions(post, {
    graph: (execution) => (execution === undefined ? graphExport : (cellGraphs.get(execution) ?? null)),
    record: () => record,
    steps: () => steps,
  });
  // A cell's top-level names are globals of its kernel (cell-scope.ts); a module is strict code,
  // where assigning a name nobody declared throws.
  for (const name of input.cellGlobals) if (!(name in globalThis)) Object.assign(globalThis, { [name]: undefined });
  runtime = new Runtime(input.sites, stopFlag, input.rootVariable);
  const pace = input.stepsPerSecond ? pacer(input.stepsPerSecond, stopFlag) : null;
  // Training (Train this model) shows its first step's graph at once; any other run only once it
  // has gone on for a moment — a computation's result follows in milliseconds anyway.
  live = new LiveGraph(runtime, input.nodeBudget, input.mode === 'train' ? 0 : LIVE_INTERVAL_MS);
  runtime.onModule = (name, module, loc) => {
    health.addModule(name, module);
    if (!seenModules.has(module)) modules.push({ name, loc, params: module.namedParameters() });
    seenModules.add(module);
  };
  tracing.beforeBackward = (root) => lints.beforeBackward(root as Value | Tensor, runtime.currentLoc, modules);
  tracing.onGradRead = (tensor) => lints.gradRead(tensor as Tensor, runtime.currentLoc, modules);
  record = input.recordBytes > 0 ? new StepRecord(input.recordBytes, () => health.parameters) : null;
  // Evaluated at once: a model that cannot be plotted fails at the user's plotDecisionBoundary() line.
  tracing.onPlot = (request) => {
    plot = request;
    postBoundary();
  };
  tracing.onBackward = (root, value) => {
    runtime.onBackward(root as Value | Tensor);
    // A gradient check nudges the leaves from where this backward() saw them (a training loop's
    // step moves them after it).
    if (input.gradcheck) leavesAtBackward = { root: root as Value | Tensor, values: snapshotLeaves(root as Value | Tensor) };
    const now = clock();
    batcher.loss(++steps, value, now);
    losses.onLoss(steps, value);
    health.onBackward(steps, now);
    record?.onBackward(steps, value);
    if (input.liveGraph && live.due(now)) postLive(root as Value | Tensor, now);
    if (plot && now >= nextPlot) postBoundary();
    pace?.();
  };
  main();
}

/** The plotted model as it is now (after `steps` backward() calls). */
function postBoundary(): void {
  const site = runtime.currentSite;
  post({ type: 'boundary', boundary: evaluateBoundary(plot!, steps) });
  runtime.restore(site); // a model given as a function ran instrumented code
  nextPlot = clock() + LIVE_INTERVAL_MS;
}

/**
 * The graph of the step that just finished, for the panel (after the loss points up to it), with
 * answers to what the panel asked meanwhile (questions.ts).
 */
function postLive(root: Value | Tensor, now: number): void {
  batcher.flush();
  const { graph, scopes, activations } = questions.atLiveView(ringAsks.take(), (opening, withGraph) => live.snapshot(root, now, opening, withGraph));
  post({ type: 'live', step: steps, graph, scopes, activations, record: record?.info ?? null });
}

function requireFrom(file: string): (specifier: string) => unknown {
  const nodeRequire = createRequire(file);
  return (specifier: string) => {
    if (specifier === 'gradlens') return gradlensModule;
    const resolved = input.modules[file]?.deps[specifier];
    return resolved ? load(resolved, false) : nodeRequire(specifier);
  };
}

/** Evaluates one compiled module; the main one as an async function, so top-level await works. */
function load(file: string, main: boolean): unknown {
  const cached = moduleCache.get(file);
  if (cached) return cached.exports;
  const module = { exports: {} as unknown };
  moduleCache.set(file, module);
  const { js } = input.modules[file];
  // The module's code sits in a block of its own, so its top-level names may be anything, even
  // the wrapper's parameters (`const module = …` is legal in an ES module); on a line of its own,
  // so line numbers are the generated code's (lineOffset) and columns are untouched.
  const strict = /^\s*["']use strict["']/.test(js) ? '"use strict";' : '';
  // A notebook cell's `module` is the user's, a global of the kernel (cell-scope.ts): not a parameter here.
  const moduleParameter = main && input.mode === 'cell' ? `${RUNTIME}_module` : 'module';
  const wrapper = `(${main ? 'async ' : ''}function (exports, require, ${moduleParameter}, __filename, __dirname, ${RUNTIME}) {${strict}{\n${js}\n}})`;
  const fn = runInThisContext(wrapper, { filename: file, lineOffset: -1 }) as (...args: unknown[]) => unknown;
  const result = fn(module.exports, requireFrom(file), module, file, dirname(file), runtime);
  return main ? result : module.exports;
}

/**
 * Runs the program, then reports. A program that throws ends at once; one that completes waits
 * until its event loop is empty ('beforeExit'), so work it started without awaiting it — the
 * common `main().catch(console.error)` — is part of the run, under the same limits and Stop.
 */
function main(): void {
  let settled = false;
  const cell = input.mode === 'cell';
  const end = (endRun = (interruption: RunEvent | null): void => {
    if (endRun !== end) return;
    endRun = null;
    finish(interruption);
  });
  // A kernel's cell is over when its code is: the kernel stays, and so may the work it started.
  if (!cell) {
    process.once('beforeExit', () => settled && end(stopRequested()));
    // Listening must not keep alive a program that is done.
    port.unref();
  }
  const program = Promise.resolve().then(() => load(input.mainFile, true));
  if (cell) {
    // Until it settles, a stop that ends this cell leaves code of it waiting (startWhenSettled).
    const forget = (): void => {
      if (unsettledCell === program) unsettledCell = null;
    };
    unsettledCell = program;
    void program.then(forget, forget);
  }
  void program.then(
    () => {
      settled = true;
      if (cell) end(stopRequested());
    },
    (error: unknown) => {
      settled = true;
      end(describeInterruption(error));
    },
  );
}

/** A stop that ended detached async work (its StopSignal was caught or logged by the program). */
function stopRequested(): RunEvent | null {
  const code = stopFlag[0];
  return code === 0 ? null : describeInterruption(new StopSignal(code));
}

/**
 * The program is over: reports it. Whatever goes wrong in reporting, the run still ends
 * ('finished'): a run left 'ending' would wait for no one — a stop no longer kills it.
 */
function finish(interruption: RunEvent | null): void {
  // The process now gives the export its own time (a stop was heard).
  post({ type: 'ending' });
  try {
    reportEnd(interruption);
  } catch (error) {
    const message = `GradLens could not report this run's end: ${error instanceof Error ? error.message : String(error)}`;
    post({ type: 'error', kind: 'internal', message, name: null, file: input.mainFile, line: null, col: null, stack: null });
    post({ type: 'finished', runMs: clock(), exportMs: 0 });
  }
  questions.programEnded(ringAsks.take());
  port.ref();
}

function reportEnd(interruption: RunEvent | null): void {
  tracing.loc = null;
  const runMs = clock();
  const exportStart = now();
  const partial = interruption !== null;
  // A failed run still shows the last step it completed, if there was one.
  // GradLens's own backward() of a root nobody differentiated is not the program's: no lint for it.
  tracing.beforeBackward = null;
  tracing.onGradRead = null;
  const outcome = partial ? (runtime.lastBackward ? exportResult(true) : null) : exportResult(false);
  tracing.onBackward = null;
  tracing.onPlot = null;
  health.close();
  if (plot) {
    try {
      postBoundary(); // the trained model, after its last update
    } catch {
      // a model given as a function may end in the Stop that ended the program: its last plot stands
    }
  }
  batcher.close();
  if (input.mode === 'cell' && !interruption) postCellValue();
  if (outcome && outcome.type === 'result') post(outcome);
  const exported = graphExport;
  const found = lints.finish(runtime.lastBackward && exported ? modules : [], (p) => exported?.nodeIdOf(p) !== null);
  if (found.length > 0) post({ type: 'lints', lints: found });
  if (interruption) post(interruption);
  else if (outcome && outcome.type === 'error') post(outcome);
  post({ type: 'finished', runMs, exportMs: now() - exportStart });
  if (input.mode === 'cell' && graphExport) keepCellGraph(input.execution, graphExport);
}

/** A cell that ends with an expression shows its value, as Jupyter's Out[n] does (nothing for undefined). */
function postCellValue(): void {
  if (!input.endsWithExpression || runtime.lastValue === undefined) return;
  post({ type: 'cellValue', text: inspect(runtime.lastValue, { depth: 4, breakLength: 100, maxArrayLength: 50 }) });
}

function keepCellGraph(execution: number, exported: GraphExport): void {
  cellGraphs.set(execution, exported);
  for (const old of cellGraphs.keys()) if (cellGraphs.size > KEPT_CELL_GRAPHS) cellGraphs.delete(old);
}

let graphExport: GraphExport | null = null;
let leavesAtBackward: { root: Value | Tensor; values: ReturnType<typeof snapshotLeaves> } | null = null;

function describeInterruption(error: unknown): RunEvent {
  if (error instanceof StopSignal) {
    const reason = stopReasonOf(error.code);
    return { type: 'stopped', reason, message: stopMessage(reason, input.limits, input.mode === 'cell') };
  }
  if (error instanceof ExitSignal) {
    return { type: 'stopped', reason: 'exit', message: `The program called process.exit(${error.exitCode}).` };
  }
  return runtimeError(error);
}

function runtimeError(error: unknown): RunError {
  const loc = runtime.currentLoc;
  // `throw { code: 42 }` is shown as the object it is, not as "[object Object]".
  const thrown = error instanceof Error;
  const err = thrown ? error : new Error(`Uncaught ${inspect(error, { depth: 3, breakLength: Infinity })}`);
  const missingModule = (err as { code?: string }).code === 'MODULE_NOT_FOUND';
  const message = missingModule
    ? `${err.message.split('\n')[0]}: install it in the workspace (npm install) or check its name.`
    : err.message;
  return {
    type: 'error',
    kind: missingModule ? 'import' : 'runtime',
    message,
    name: thrown ? err.name : null,
    file: loc?.file ?? input.mainFile,
    line: loc?.line ?? null,
    col: loc?.col ?? null,
    stack: err.stack ?? null,
  };
}

function cellWithoutGraph(partial: boolean): ResultEvent {
  const timings = { transpileMs: 0, startMs: 0, runMs: 0, exportMs: 0 };
  return { type: 'result', rootReason: 'none', graph: emptyView(), bindings: describeBindings(), timings, partial, nonFinite: null, backwardCalls: steps, record: null };
}

const describeBindings = (): Binding[] => [...runtime.bindings.values()].map((b) => describeBinding(b.name, b.site, b.value));

const isLeafNode = (node: Value | Tensor): boolean => (node instanceof Value ? node.a === null : node.isLeaf);

function noRoot(message: string): RunError {
  return { type: 'error', kind: 'no-root', message, name: null, file: input.mainFile, line: null, col: null, stack: null };
}

/**
 * Picks the root (see RunRequest), calls backward() on it if nobody did, and exports it. A
 * notebook cell may have no graph (it imports, it prints) and its root keeps its gradients as they
 * are: the kernel's values are the user's, and a later cell may call backward() itself.
 */
function exportResult(partial: boolean): ResultEvent | RunError {
  const cell = input.mode === 'cell';
  const [root, rootReason] = runtime.explicitRoot
    ? [runtime.explicitRoot, 'expression' as const]
    : runtime.lastBackward
      ? [runtime.lastBackward, 'backward' as const]
      : runtime.lastExpression
        ? [runtime.lastExpression, 'last-expression' as const]
        : [runtime.lastDeclared, 'last-variable' as const];
  // A cell's lone leaf (`const a = new Value(2)`) is its value, shown as text: no graph.
  if (cell && (!root || !isScalar(root) || isLeafNode(root))) return cellWithoutGraph(partial);
  if (!root) {
    return noRoot('Nothing to differentiate: select an expression that evaluates to a scalar Value or Tensor (or code that calls .backward() on one).');
  }
  if (!isScalar(root)) {
    return noRoot(`The selection evaluates to a Tensor of shape [${(root as Tensor).shape.join(', ')}], not a scalar: reduce it first (e.g. .sum() or .mean()) to see gradients.`);
  }
  if (!runtime.backwardCalled.has(root) && !cell) {
    try {
      root.backward();
    } catch (error) {
      return noRoot(error instanceof Error ? error.message : String(error));
    }
  }
  graphExport = live.exportOf(root);
  return {
    type: 'result',
    rootReason,
    graph: graphExport.view(),
    bindings: describeBindings(),
    timings: { transpileMs: 0, startMs: 0, runMs: 0, exportMs: 0 },
    partial,
    nonFinite: nonFiniteReport(graphExport),
    backwardCalls: steps,
    record: record?.info ?? null,
    ...(input.gradcheck ? { gradcheck: gradcheck(root, leavesAtBackward?.root === root ? leavesAtBackward.values : snapshotLeaves(root)) } : {}),
  };
}

/** The first NaN/Inf of the graph, named after the user's variable that holds it (or its statement's). */
function nonFiniteReport(exported: GraphExport): ResultEvent['nonFinite'] {
  const index = exported.firstNonFinite;
  if (index < 0) return null;
  const node = exported.order[index];
  const { loc } = node;
  const bound = [...runtime.bindings.values()];
  const own = bound.find((b) => b.value === node);
  const sameStatement = loc && bound.find((b) => {
    const at = runtime.locs[b.site];
    return at.file === loc.file && at.line >= loc.line && at.line <= loc.endLine;
  });
  const name = own?.name ?? (sameStatement ? sameStatement.name : null) ?? (node.label || null);
  const data = node instanceof Tensor ? Array.from(node.data) : [node.data];
  const finite = data.every(Number.isFinite);
  const values = finite ? Array.from(node instanceof Tensor ? (node.grad?.data ?? []) : [node.grad]) : data;
  const message = describeNonFinite({ name, op: node.op, isNaN: values.some(Number.isNaN), inGradient: finite, loc }, losses);
  return { message, loc };
}

const PREVIEW = 8;

function describeBinding(name: string, site: number, value: unknown): Binding {
  const base = { name, loc: runtime.locs[site], op: '', data: null, grad: null, shape: null, summary: null, gradSummary: null, preview: null, gradPreview: null, nodeId: graphExport?.nodeIdOf(value) ?? null };
  if (value instanceof Value || value instanceof Tensor) {
    // The same description the graph gives the node, plus the first values of a tensor.
    const { kind, op, data, grad, shape, summary, gradSummary } = engine.describeNode(value, -1);
    const preview = (t: Float64Array | undefined): number[] | null => (t ? Array.from(t.subarray(0, PREVIEW)) : null);
    const tensor = value instanceof Tensor ? value : null;
    return { ...base, kind, op, data, grad, shape, summary, gradSummary, preview: preview(tensor?.data), gradPreview: preview(tensor?.grad?.data) };
  }
  if (typeof value === 'number') return { ...base, kind: 'number', data: value };
  if (value instanceof engine.nn.Module) return { ...base, kind: 'module', op: value.constructor.name };
  return { ...base, kind: 'other' };
}

