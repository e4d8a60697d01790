// Host side of a run. Each run executes in a process of its own (run-process.ts), a child of this
// one started with this process's executable, so nothing a snippet does — a fatal allocation, an
// endless native call — can take the editor down with it. A warm spare process waits for the
// next run. Stop is cooperative first (the worker finishes its statement and reports its last
// step), then the process is killed. One run at a time: starting a new run ends the previous one
// (reason "superseded"), as re-running a notebook cell does.

import { fork, type ChildProcess } from 'node:child_process';
import type { GradcheckAnswer, GraphView, RunEvent, RunLimits, RunRequest, StepView, WhatIfView } from '../protocol';
import { HEAP_ARG, type HostToProcess, type ProcessToHost } from './process-protocol';
import { emptyView } from './worker-protocol';
import { outOfMemoryMessage, stopMessage, type RequestedStop } from './stop';
import type { TrainingLoop } from './training-loops';

export type RunListener = (event: RunEvent) => void;

/** How a run ended. */
export type RunStatus = 'completed' | 'failed' | 'stopped';

/**
 * After asking a run to stop, how long its process may take to answer before the host kills it.
 * The process itself ends a run that does not hear the stop in STOP_GRACE_MS (limits.ts), timed
 * from when it got the request: this only catches a process that cannot even do that.
 */
const UNRESPONSIVE_MS = 3000;
/**
 * A second Stop forces the run's end (its last step is lost) only this long after the first: a
 * double click, or a Stop repeated while the first is on its way, is the same Stop.
 */
const FORCE_STOP_AFTER_MS = 1000;
/** Once it has heard it (the program is over), how long exporting its last step may take. */
const EXPORT_GRACE_MS = 10_000;
/** The next run's process starts when this run ends, or after this long (not competing with its start). */
const SPARE_DELAY_MS = 2000;
/** Enough of a dying process's stderr to say why it died. */
const STDERR_TAIL = 4096;
/** V8's own report of a fatal allocation failure (it aborts the process). */
const FATAL_OOM = /out of memory|Allocation failed|invalid table size|invalid array length/i;
const V8_FATAL_REPORT = /FATAL ERROR|<--- Last few GCs|<--- JS stacktrace|^\s*\d+: 0x[0-9a-f]+ /m;

export class Runner {
  private current: RunHandle | null = null;
  private spare: RunProcess | null = null;
  private spareTimer: ReturnType<typeof setTimeout> | undefined;

  /** `processPath`: the bundled run process (dist/run-process.js, beside dist/worker.js). */
  constructor(private readonly processPath: string) {}

  /**
   * The training loops of a document, found by the TypeScript parser in a run's process (the
   * editor's own process never loads the compiler): the spare's, or the running one's.
   */
  async findTrainingLoops(source: string, fileName: string, limits: RunLimits): Promise<TrainingLoop[]> {
    // A process may end before it answers (a run stopped by force): ask the next one.
    for (let attempt = 0; attempt < 3; attempt++) {
      const running = this.current?.liveProcess;
      const asked = this.spare && !this.spare.exited ? this.spare : running ?? this.spareFor(limits);
      const loops = await asked.findTrainingLoops(source, fileName);
      if (loops) return loops;
    }
    return [];
  }

  /** Starts a spare process now, so that the next run (with these limits) starts warm. */
  prewarm(limits: RunLimits): Promise<void> {
    return this.spareFor(limits).ready;
  }

  start(request: RunRequest, listener: RunListener): RunHandle {
    this.current?.stop('superseded');
    this.current?.dispose();
    const process = this.spareFor(request.limits);
    this.spare = null;
    const handle = new RunHandle(process, request, listener);
    this.current = handle;
    clearTimeout(this.spareTimer);
    const replenish = (): void => {
      clearTimeout(this.spareTimer);
      if (this.current === handle) this.spareFor(request.limits);
    };
    this.spareTimer = setTimeout(replenish, SPARE_DELAY_MS);
    void handle.done.then(replenish);
    return handle;
  }

  dispose(): void {
    clearTimeout(this.spareTimer);
    this.current?.dispose();
    this.current = null;
    this.spare?.kill();
    this.spare = null;
  }

  private spareFor(limits: RunLimits): RunProcess {
    if (this.spare && (this.spare.memoryMb !== limits.memoryMb || this.spare.exited)) {
      this.spare.kill();
      this.spare = null;
    }
    this.spare ??= new RunProcess(this.processPath, limits.memoryMb);
    return this.spare;
  }
}

/** One run's process (or a notebook kernel's), from its start (perhaps as a spare) to its end. */
export class RunProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  exited = false;
  isReady = false;
  private running = false;
  /**
   * Questions asked and not answered yet, by request id (unique in this process, whichever run or
   * kernel cell asked): how to answer each, and what it resolves to if the process goes first.
   * They keep the host waiting for the answer.
   */
  private readonly questions = new Map<number, { resolve(answer: unknown): void; gone: unknown }>();
  private nextQuestion = 0;
  /** The end of its stderr, for the message when it dies. */
  stderrTail = '';

  constructor(path: string, readonly memoryMb: number) {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    // Not the host's loaders or debugger flags: every run would inherit them.
    delete env.NODE_OPTIONS;
    this.child = fork(path, [`${HEAP_ARG}${memoryMb}`], {
      execPath: process.execPath,
      execArgv: [],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const ended = (): void => {
      this.exited = true;
      for (const { resolve, gone } of this.questions.values()) resolve(gone);
      this.questions.clear();
    };
    this.child.on('exit', ended);
    // A spare that fails to start is replaced at the next run; its error must not throw here.
    this.child.on('error', ended);
    this.child.on('message', (message: ProcessToHost) => {
      switch (message.type) {
        case 'loops':
          return this.answered(message.requestId, message.loops);
        case 'view':
        case 'stepView':
        case 'whatIfView':
          return this.answered(message.requestId, message.view);
        case 'gradchecked':
          return this.answered(message.requestId, message.answer);
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-STDERR_TAIL)));
    this.ready = new Promise((resolve) => {
      const onMessage = (message: ProcessToHost): void => {
        if (message.type !== 'ready') return;
        this.isReady = true;
        // A ready spare, or a finished run holding its graph, must not keep this process alive
        // (a CLI, a test); one starting up or running does.
        if (!this.running) this.hold(false);
        this.child.off('message', onMessage);
        resolve();
      };
      this.child.on('message', onMessage);
      this.child.once('exit', () => resolve());
    });
  }

  send(message: HostToProcess): void {
    if (!this.exited && this.child.connected) this.child.send(message);
  }

  /** null: the process ended before it answered. */
  findTrainingLoops(source: string, fileName: string): Promise<TrainingLoop[] | null> {
    return this.ask((requestId) => ({ type: 'findLoops', requestId, source, fileName }), null);
  }

  /** Sends a question; `gone` answers it if the process is (or goes) away first. */
  ask<T>(request: (requestId: number) => HostToProcess, gone: T): Promise<T> {
    if (this.exited) return Promise.resolve(gone);
    const requestId = this.nextQuestion++;
    const answer = new Promise<T>((resolve) => this.questions.set(requestId, { resolve: resolve as (answer: unknown) => void, gone }));
    this.hold(this.running); // until the answer is in
    this.send(request(requestId));
    return answer;
  }

  private answered(requestId: number, answer: unknown): void {
    this.questions.get(requestId)?.resolve(answer);
    this.questions.delete(requestId);
    this.hold(this.running);
  }

  /** Whether this process keeps the host's event loop alive: while it runs, or owes an answer. */
  hold(running: boolean): void {
    this.running = running;
    const keep = running || this.questions.size > 0;
    const handles = [this.child, this.child.channel, this.child.stdout, this.child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null | undefined>;
    for (const handle of handles) (keep ? handle?.ref : handle?.unref)?.call(handle);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

export class RunHandle {
  /** Resolves once the run has reported its last event. */
  readonly done: Promise<RunStatus>;
  private resolveDone!: (status: RunStatus) => void;
  private stopReason: RequestedStop | null = null;
  private stopAskedAt = 0;
  private ending = false;
  private finished = false;
  private sawError = false;
  private sawStop = false;
  private overMemory = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly detach: () => void;
  private readonly startedAt = performance.now();
  /** How long the run waited for its process to be ready (0 with a warm spare). */
  private waitedMs = 0;

  constructor(private readonly process: RunProcess, readonly request: RunRequest, private readonly listener: RunListener) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const { child } = process;
    if (!process.isReady) void process.ready.then(() => (this.waitedMs = performance.now() - this.startedAt));
    const onMessage = (message: ProcessToHost): void => this.onMessage(message);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => this.onExit(code, signal);
    const onError = (error: Error): void => this.onStartFailure(error);
    const onStdout = (chunk: Buffer): void => this.log('log', chunk.toString());
    const onStderr = (chunk: Buffer): void => void (!V8_FATAL_REPORT.test(chunk.toString()) && this.log('error', chunk.toString()));
    child.on('message', onMessage).on('exit', onExit).on('error', onError);
    child.stdout!.on('data', onStdout);
    child.stderr!.on('data', onStderr);
    // A kernel's process outlives each cell's handle: the handle lets go of it when it is done.
    this.detach = () => {
      child.off('message', onMessage).off('exit', onExit).off('error', onError);
      child.stdout!.off('data', onStdout);
      child.stderr!.off('data', onStderr);
    };
    if (process.exited) {
      this.onExit(null, null);
      return;
    }
    process.hold(true);
    process.send({ type: 'run', request });
    this.timers.push(setTimeout(() => this.stop('time-limit'), request.limits.timeMs));
  }

  /**
   * Asks the run to stop; it reports a partial result if it had finished a step. A run that does
   * not hear it in time (inside a long native call), or that is asked again a second later, is killed.
   * A superseded run ends at once (its process killed); `why` says what superseded it.
   */
  stop(reason: RequestedStop = 'user', why?: string): void {
    if (this.finished) return;
    if (reason === 'superseded') {
      this.emit({ type: 'stopped', reason, message: why ?? stopMessage(reason, this.request.limits) });
      this.finish('stopped');
      this.process.kill();
      return;
    }
    if (this.stopReason) {
      if (!this.ending && performance.now() - this.stopAskedAt >= FORCE_STOP_AFTER_MS) this.process.kill();
      return;
    }
    this.stopReason = reason;
    this.stopAskedAt = performance.now();
    this.process.send({ type: 'stop', reason });
    this.timers.push(setTimeout(() => !this.ending && this.process.kill(), UNRESPONSIVE_MS));
  }

  /** The inside of a group of the result's graph (the run's process keeps the graph until disposed). */
  expand(group: number): Promise<GraphView> {
    if (this.process.exited) return Promise.reject(new Error('the run has ended; run again to explore its graph'));
    return this.ask((requestId) => ({ type: 'expand', requestId, group }), emptyView());
  }

  /**
   * The graph at a recorded step (null: no such step, or the run's process is gone). While the
   * program trains, the answer comes with its next live view.
   */
  scrub(step: number, scopes: number[]): Promise<StepView | null> {
    return this.ask((requestId) => ({ type: 'scrub', requestId, step, scopes }), null);
  }

  /** A gradient check of one leaf of the result's graph (null: all of them), answered once the program is over. */
  gradcheck(nodeId: number | null): Promise<GradcheckAnswer | null> {
    return this.ask((requestId) => ({ type: 'gradcheck', requestId, nodeId }), null);
  }

  /** The result's graph with some scalar leaves' values changed ([node id, value]), once the program is over. */
  whatIf(values: Array<[number, number]>, scopes: number[]): Promise<WhatIfView | null> {
    return this.ask((requestId) => ({ type: 'whatIf', requestId, values, scopes }), null);
  }

  private ask<T>(request: (requestId: number) => HostToProcess, gone: T): Promise<T> {
    return this.process.ask(request, gone);
  }

  /** The run's process while it lives (it can answer questions about code, too). */
  get liveProcess(): RunProcess | null {
    return this.process.exited ? null : this.process;
  }

  /** Ends the run's process (and with it the graph it holds). */
  dispose(): void {
    this.timers.forEach(clearTimeout);
    this.process.kill();
    if (!this.finished) this.finish('stopped');
  }

  private onMessage(message: ProcessToHost): void {
    // A run that has ended (stopped, superseded) says nothing more; answers to questions go to
    // the process (RunProcess.ask).
    if (this.finished) return;
    switch (message.type) {
      case 'ready':
        return;
      case 'over-memory-limit':
        this.overMemory = true;
        return this.stop('memory-limit');
      case 'ending':
        this.ending = true;
        if (this.stopReason) this.timers.push(setTimeout(() => this.process.kill(), EXPORT_GRACE_MS));
        return;
      case 'finished':
        return this.finish(this.stopReason || this.sawStop ? 'stopped' : this.sawError ? 'failed' : 'completed');
      case 'result':
        return this.emit({ ...message, timings: { ...message.timings, startMs: this.waitedMs } });
      case 'error':
        this.sawError = true;
        return this.emit(message);
      case 'stopped':
        this.sawStop = true;
        return this.emit(message);
      case 'loops':
      case 'view':
      case 'stepView':
      case 'whatIfView':
      case 'gradchecked':
        return; // answers: the process's (RunProcess.ask), not part of the run
      default:
        this.emit(message);
    }
  }

  /** The process died before the run was over: killed by us, or a fatal error of its own. */
  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.timers.forEach(clearTimeout);
    if (this.finished) return;
    const { limits } = this.request;
    if (this.overMemory || FATAL_OOM.test(this.process.stderrTail)) {
      this.emit({ type: 'stopped', reason: 'memory-limit', message: outOfMemoryMessage(limits, this.request.mode === 'cell') });
    } else if (this.stopReason) {
      this.emit({ type: 'stopped', reason: this.stopReason, message: stopMessage(this.stopReason, limits, this.request.mode === 'cell') });
    } else {
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      // Node's own report names the error on one line ("Error: Cannot find module …"), after a
      // line that only points into its loader.
      const lines = this.process.stderrTail.split('\n').map((line) => line.trim()).filter((line) => line !== '');
      const why = lines.find((line) => /^\w*Error\b/.test(line)) ?? lines[0];
      this.emit({ type: 'stopped', reason: 'crashed', message: `The run's process ended unexpectedly (${how})${why ? `: ${why.trim()}` : ''}.` });
    }
    this.finish('stopped');
  }

  private onStartFailure(error: Error): void {
    if (this.finished) return;
    this.emit({ type: 'error', kind: 'internal', message: `GradLens could not start a process for this run: ${error.message}`, name: null, file: this.request.fileName, line: null, col: null, stack: null });
    this.finish('failed');
  }

  private log(level: 'log' | 'error', text: string): void {
    if (!this.finished && text.trim() !== '') this.emit({ type: 'log', lines: [{ level, text: text.trimEnd(), line: null }], dropped: 0 });
  }

  private emit(event: RunEvent): void {
    try {
      this.listener(event);
    } catch (error) {
      console.error('GradLens: a run listener threw', error);
    }
  }

  private finish(status: RunStatus): void {
    if (this.finished) return;
    this.finished = true;
    this.timers.forEach(clearTimeout);
    this.process.hold(false);
    if (this.request.mode === 'cell') this.detach();
    this.resolveDone(status);
  }
}
