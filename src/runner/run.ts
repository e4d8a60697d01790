// Host side of a run: prepare the code, start a worker with limits, relay its events (with error
// positions mapped back to the user's files), and stop it — cooperatively first, so a stopped run
// still reports its last step, then by terminating the thread. One run at a time: starting a new
// run stops the previous one (reason "superseded"), as re-running a notebook cell does.

import { Worker } from 'node:worker_threads';
import type { GraphView, RunEvent, RunRequest } from '../protocol';
import { YOUNG_GENERATION_MB } from './limits';
import { prepare, type Prepared } from './prepare';
import { mapStack } from './stack';
import { STOP_CODES, stopMessage, type RequestedStop } from './stop';
import type { WorkerInput, WorkerMessage } from './worker-protocol';

export type RunListener = (event: RunEvent) => void;

/** How a run ended. */
export type RunStatus = 'completed' | 'failed' | 'stopped';

/** After asking a run to stop, how long it gets to finish its statement before it is terminated. */
const STOP_GRACE_MS = 250;
const DEFAULT_NODE_BUDGET = 1000;

export class Runner {
  private current: RunHandle | null = null;

  /** `workerPath`: the bundled worker (dist/worker.js). */
  constructor(private readonly workerPath: string) {}

  start(request: RunRequest, listener: RunListener): RunHandle {
    this.current?.stop('superseded');
    this.current?.dispose();
    this.current = new RunHandle(this.workerPath, request, listener);
    return this.current;
  }

  dispose(): void {
    this.current?.dispose();
    this.current = null;
  }
}

export class RunHandle {
  /** Resolves once the run has reported its last event. */
  readonly done: Promise<RunStatus>;
  private resolveDone!: (status: RunStatus) => void;
  private worker: Worker | null = null;
  private prepared: Prepared | null = null;
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private stopReason: RequestedStop | null = null;
  private finished = false;
  private sawError = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly pendingViews = new Map<number, (view: GraphView) => void>();
  private nextRequest = 0;
  private heldResult: Extract<RunEvent, { type: 'result' }> | null = null;
  private readonly startedAt = performance.now();
  private transpileMs = 0;
  private workerOnlineMs = 0;

  constructor(workerPath: string, readonly request: RunRequest, private readonly listener: RunListener) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    let prepared: ReturnType<typeof prepare>;
    try {
      prepared = prepare(request);
    } catch (error) {
      // A compiler failure is ours, not the user's: say so instead of leaving the run hanging.
      const message = `GradLens could not prepare this code: ${error instanceof Error ? error.message : String(error)}`;
      prepared = { type: 'error', kind: 'internal', message, name: null, file: request.fileName, line: null, col: null, stack: null };
    }
    this.transpileMs = performance.now() - this.startedAt;
    if ('type' in prepared) {
      this.emit(prepared);
      this.finish('failed');
      return;
    }
    this.prepared = prepared;
    this.spawn(workerPath, prepared);
  }

  /** Asks the run to stop; it reports a partial result if it had finished a step. */
  stop(reason: RequestedStop = 'user'): void {
    if (this.finished || !this.worker || this.stopReason) return;
    this.stopReason = reason;
    Atomics.store(this.stopFlag, 0, STOP_CODES[reason]);
    if (reason === 'superseded') {
      this.emit({ type: 'stopped', reason, message: stopMessage(reason, this.request.limits.timeMs) });
      this.finish('stopped');
      void this.worker.terminate();
      return;
    }
    this.timers.push(setTimeout(() => void this.worker?.terminate(), STOP_GRACE_MS));
  }

  /** The inside of a group of the result's graph (the worker keeps the graph until disposed). */
  expand(group: number): Promise<GraphView> {
    if (!this.worker) return Promise.reject(new Error('the run has ended; run again to explore its graph'));
    const requestId = this.nextRequest++;
    this.worker.postMessage({ type: 'expand', requestId, group });
    return new Promise((resolve) => this.pendingViews.set(requestId, resolve));
  }

  /** Ends the worker (and with it the graph it holds). */
  dispose(): void {
    this.timers.forEach(clearTimeout);
    void this.worker?.terminate();
    this.worker = null;
    if (!this.finished) this.finish('stopped');
  }

  private spawn(workerPath: string, prepared: Prepared): void {
    const { limits } = this.request;
    const workerData: WorkerInput = {
      mainFile: this.request.fileName,
      modules: prepared.modules,
      sites: prepared.sites,
      stopFlag: this.stopFlag.buffer as SharedArrayBuffer,
      regionIsExpression: prepared.regionIsExpression,
      nodeBudget: this.request.nodeBudget ?? DEFAULT_NODE_BUDGET,
      timeLimitMs: limits.timeMs,
    };
    const worker = new Worker(workerPath, {
      workerData,
      // Not the host's flags: under a debugger or a loader (tsx) every run would inherit them.
      execArgv: [],
      env: {},
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    this.worker = worker;
    worker.once('online', () => (this.workerOnlineMs = performance.now() - this.startedAt - this.transpileMs));
    worker.stdout.on('data', (chunk: Buffer) => !this.finished && this.emit({ type: 'log', lines: [{ level: 'log', text: chunk.toString().trimEnd(), line: null }], dropped: 0 }));
    worker.stderr.on('data', (chunk: Buffer) => !this.finished && this.emit({ type: 'log', lines: [{ level: 'error', text: chunk.toString().trimEnd(), line: null }], dropped: 0 }));
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', (error: Error & { code?: string }) => this.onWorkerError(error));
    worker.on('exit', (code) => this.onExit(code));
    this.timers.push(setTimeout(() => this.stop('time-limit'), limits.timeMs));
  }

  private onMessage(message: WorkerMessage): void {
    // A run that has ended (stopped, superseded) says nothing more, except answers to expand.
    if (this.finished && message.type !== 'view') return;
    switch (message.type) {
      case 'view':
        this.pendingViews.get(message.requestId)?.(message.view);
        this.pendingViews.delete(message.requestId);
        return;
      case 'result':
        this.heldResult = message; // sent once the timings are known ('finished')
        return;
      case 'finished':
        if (this.heldResult) {
          const timings = { transpileMs: this.transpileMs, startMs: this.workerOnlineMs, runMs: message.runMs, exportMs: message.exportMs };
          this.emit({ ...this.heldResult, timings });
        }
        this.finish(this.stopReason ? 'stopped' : this.sawError ? 'failed' : 'completed');
        return;
      case 'error':
        this.sawError = true;
        this.emit(this.prepared ? mapStack(message, this.prepared.sourceMaps) : message);
        return;
      default:
        this.emit(message);
    }
  }

  private onWorkerError(error: Error & { code?: string }): void {
    if (this.finished) return;
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.emit({ type: 'stopped', reason: 'memory-limit', message: `Stopped: the run used more than its memory limit of ${this.request.limits.heapMb} MB (setting gradlens.memoryLimitMB).` });
      this.finish('stopped');
      return;
    }
    this.sawError = true;
    const event = { type: 'error' as const, kind: 'runtime' as const, message: error.message, name: error.name, file: this.request.fileName, line: null, col: null, stack: error.stack ?? null };
    this.emit(this.prepared ? mapStack(event, this.prepared.sourceMaps) : event);
    this.finish('failed');
  }

  private onExit(code: number): void {
    this.worker = null;
    this.timers.forEach(clearTimeout);
    for (const resolve of this.pendingViews.values()) resolve(emptyView());
    this.pendingViews.clear();
    if (this.finished) return;
    if (this.stopReason) {
      this.emit({ type: 'stopped', reason: this.stopReason, message: stopMessage(this.stopReason, this.request.limits.timeMs) });
      this.finish('stopped');
    } else if (code === 0) {
      this.emit({ type: 'stopped', reason: 'unsettled', message: 'The program ended while awaiting a promise that never settles.' });
      this.finish('stopped');
    } else {
      this.emit({ type: 'stopped', reason: 'exit', message: `The run's worker exited with code ${code}.` });
      this.finish('stopped');
    }
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
    this.resolveDone(status);
  }
}

function emptyView(): GraphView {
  return { totalNodes: 0, totalEdges: 0, scope: -1, nodes: [], groups: [], edges: [], root: -1, firstNonFinite: null };
}
