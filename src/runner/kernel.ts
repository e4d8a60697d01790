// A notebook's kernel, host side: one long-lived run process (run-process.ts) whose worker runs the
// notebook's cells one after another and keeps what their top levels declare (cell-scope.ts). Each
// cell is a run of its own — the same limits, Stop, events and errors as a run of a file — on the
// same process. A cell that does not hear Stop in time ends the process, and with it the kernel's
// state: the next cell starts a new session (a restart), and says so.

import type { GraphView, RunLimits } from '../protocol';
import { RunHandle, RunProcess, type RunListener, type RunStatus } from './run';

export interface CellSource {
  /** The cell's document name (a vscode-notebook-cell: URI, or "notebook.ipynb#cell3"): errors point at it. */
  fileName: string;
  source: string;
  /** Unsaved text of other open files (absolute path -> text): relative imports read these. */
  unsaved?: Record<string, string>;
  /** Ignore a `// gradlens: pace` comment (the CLI: no chart to watch). */
  fullSpeed?: boolean;
  /** Decimals of the numbers in the cell's SVG (gradlens.numberPrecision). */
  numberPrecision?: number;
}

export interface CellRun {
  /** The session the cell ran in (a restart starts a new one). */
  session: string;
  /** The cell's execution order in this kernel (0: it did not run, the kernel restarted or closed first). */
  execution: number;
  /** The kernel's process had ended (a cell that would not stop, a crash): this cell starts a new session without the earlier cells' values. */
  restarted: boolean;
  done: Promise<RunStatus>;
  stop(): void;
}

let sessions = 0;

export class Kernel {
  private process: RunProcess | null = null;
  private current: RunHandle | null = null;
  /** Settles when the last cell asked for is done: the next one waits for it. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Counts restarts: a cell queued before one does not run in the new session. */
  private epoch = 0;
  private disposed = false;
  private executions = 0;
  private sessionId = '';

  constructor(private readonly processPath: string, private readonly limits: RunLimits) {}

  /** The session the next cell runs in, or the one running (a restart starts a new one). */
  get session(): string {
    return this.sessionId;
  }

  /** Starts the kernel's process now, so that the first cell starts warm. */
  start(): Promise<void> {
    return this.ensureProcess().process.ready;
  }

  /**
   * Runs a cell once the ones asked for before it are done (cells of one kernel never overlap,
   * however many callers queue them). `whenItsTurn` runs just before the cell starts (a notebook
   * shows it as running from then on). `execution` is the order VS Code shows beside the cell.
   */
  async run(cell: CellSource, listener: RunListener, limits: RunLimits = this.limits, whenItsTurn?: () => Promise<void>): Promise<CellRun> {
    const before = this.tail;
    const epoch = this.epoch;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    await before;
    try {
      await whenItsTurn?.();
    } catch (error) {
      done();
      throw error;
    }
    if (this.disposed || epoch !== this.epoch) {
      done();
      const why = this.disposed ? 'The notebook was closed before this cell ran.' : 'The kernel was restarted before this cell ran: run it again.';
      listener({ type: 'stopped', reason: 'superseded', message: why });
      return { session: this.sessionId, execution: 0, restarted: false, done: Promise.resolve('stopped'), stop: () => {} };
    }
    const { process, restarted } = this.ensureProcess();
    const execution = ++this.executions;
    const handle = new RunHandle(process, { fileName: cell.fileName, source: cell.source, mode: 'cell', execution, limits, unsaved: cell.unsaved, fullSpeed: cell.fullSpeed, numberPrecision: cell.numberPrecision }, listener);
    this.current = handle;
    void handle.done.then(done);
    return { session: this.sessionId, execution, restarted, done: handle.done, stop: () => handle.stop('user') };
  }

  /** Ends the session: every value the cells made is gone, and the next cell starts a new one. */
  restart(): Promise<void> {
    this.endProcess('Stopped: the kernel was restarted.');
    return this.start();
  }

  /** The inside of a group of a cell's graph (null: that session or that graph is gone). */
  async expand(session: string, execution: number, group: number): Promise<GraphView | null> {
    const process = this.process;
    if (!process || session !== this.sessionId || process.exited) return null;
    const view = await process.ask<GraphView | null>((requestId) => ({ type: 'expand', requestId, group, execution }), null);
    return view && view.scope === group ? view : null;
  }

  dispose(): void {
    this.disposed = true;
    this.endProcess('The notebook was closed.');
  }

  private ensureProcess(): { process: RunProcess; restarted: boolean } {
    if (this.process && !this.process.exited) return { process: this.process, restarted: false };
    const restarted = this.executions > 0;
    this.process = new RunProcess(this.processPath, this.limits.memoryMb);
    this.sessionId = `s${++sessions}-${Date.now().toString(36)}`;
    this.executions = 0;
    return { process: this.process, restarted };
  }

  private endProcess(why: string): void {
    this.epoch++;
    this.current?.stop('superseded', why);
    this.current = null;
    this.process?.kill();
    this.process = null;
    this.executions = 0;
  }
}
