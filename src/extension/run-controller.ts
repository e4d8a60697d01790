// Starts runs from the editor and routes what they report: loss points and results to the panel,
// errors to diagnostics and the GradLens output channel, progress to the status bar, results to
// the hover and inline providers. It never computes anything itself — the worker does.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HostToPanel, OffsetRange, PanelToHost, RunError, RunEvent, RunMode, StoppedEvent } from '../protocol';
import { Runner, type RunHandle, type RunStatus } from '../runner/run';
import type { TrainingLoop } from '../runner/training-loops';
import { formatNumber, liveGraph, nodeBudget, revealPanelOnRun, runLimits, scrubberMemoryMb } from './config';
import { Disposable } from './dispose';
import { EXAMPLE_SCHEME } from './examples';
import { GradLensPanel } from './panel';
import { LintFixes } from './quick-fixes';
import { ResultsStore } from './results';

/** What is running now, for the CodeLens ("Stop training (step N, loss X)") and the status bar. */
export interface ActiveRun {
  runId: number;
  uri: string;
  mode: Exclude<RunMode, 'cell'>;
  /** Train: the loop the lens stands on. */
  loopStart: number | null;
  step: number;
  loss: number | null;
}

/** How a run started from the editor ended; null when it did not start (an untrusted workspace). */
export interface RunOutcome {
  status: RunStatus;
  hasResult: boolean;
}

/** How often the lens and status bar may change while training (VS Code debounces lens refreshes). */
const PROGRESS_INTERVAL_MS = 300;

export class RunController extends Disposable {
  readonly results = new ResultsStore();
  private readonly runner: Runner;
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('gradlens'));
  /** The quick fixes of the lints' diagnostics (registered as a code action provider in extension.ts). */
  readonly lintFixes = new LintFixes();
  private readonly statusItem = this._register(vscode.window.createStatusBarItem('gradlens.run', vscode.StatusBarAlignment.Left, 100));
  private readonly activeEmitter = this._register(new vscode.EventEmitter<ActiveRun | null>());
  /** Fires (throttled) when a run starts, progresses or ends. */
  readonly onDidChangeActive = this.activeEmitter.event;
  private readonly resultEmitter = this._register(new vscode.EventEmitter<vscode.TextDocument>());
  /** Fires when a document gets new results (for inline values). */
  readonly onDidChangeResults = this.resultEmitter.event;

  /** Results of this document changed elsewhere (a notebook cell ran in its kernel). */
  resultsChanged(document: vscode.TextDocument): void {
    this.resultEmitter.fire(document);
  }
  private active: ActiveRun | null = null;
  private handle: RunHandle | null = null;
  private handleRunId = 0;
  /** The document of the last run (nodes from it carry no file name). */
  private runDocument: vscode.Uri | undefined;
  private runIds = 0;
  private lastProgress = 0;
  /** The training notification's reporter, while a training run is going. */
  private trainingProgress: { runId: number; progress: vscode.Progress<{ message?: string }> } | null = null;
  private prewarmed = false;
  /** Training loops per document version: the lens asks on every refresh while a model trains. */
  private readonly loops = new Map<string, { version: number; loops: Promise<TrainingLoop[]> }>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly output: vscode.LogOutputChannel) {
    super();
    this.runner = new Runner(context.asAbsolutePath('dist/run-process.js'));
    this._register({ dispose: () => this.runner.dispose() });
    // A diagnostic belongs to the code that produced it: gone once that code changes. Results and
    // diagnostics go with their document (an untitled document's name is reused by the next one).
    this._register(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.diagnostics.delete(e.document.uri)));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => {
      this.diagnostics.delete(document.uri);
      this.results.forget(document);
      this.loops.delete(document.uri.toString());
    }));
    this.statusItem.name = 'GradLens run';
    this.statusItem.command = 'gradlens.stop';
  }

  /**
   * Starts a run's process ahead of the first run (the TypeScript compiler loads there, ~0.5 s),
   * once a file that uses GradLens is open in a trusted workspace: a process per window is only
   * spent on users of GradLens.
   */
  prewarmFor(document: vscode.TextDocument | undefined): void {
    if (this.prewarmed || !document || !vscode.workspace.isTrusted || !USES_GRADLENS.test(document.getText())) return;
    this.prewarmed = true;
    void this.runner.prewarm(runLimits());
  }

  /**
   * The document's top-level loops that call .backward(), found in a run's process (the parser
   * is not loaded into the editor's process). A file that never calls .backward() costs nothing.
   */
  trainingLoops(document: vscode.TextDocument): Promise<TrainingLoop[]> {
    if (!document.getText().includes('.backward(')) return Promise.resolve([]);
    const key = document.uri.toString();
    const cached = this.loops.get(key);
    if (cached?.version === document.version) return cached.loops;
    const loops = this.runner.findTrainingLoops(document.getText(), document.fileName, runLimits());
    this.loops.set(key, { version: document.version, loops });
    return loops;
  }

  get activeRun(): ActiveRun | null {
    return this.active;
  }

  /** Compute gradients: the selection (with the code above it as context), or the whole file. */
  compute(editor: vscode.TextEditor, { wholeFile = false } = {}): Promise<RunOutcome | null> {
    const { document, selection } = editor;
    if (selection.isEmpty || wholeFile) return this.start(document, 'file', undefined);
    const range = { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) };
    return this.start(document, 'selection', range);
  }

  /** Train this model: the document up to the end of the loop at `loop`. */
  train(document: vscode.TextDocument, loop: OffsetRange): Promise<RunOutcome | null> {
    return this.start(document, 'train', loop);
  }

  stop(): void {
    this.handle?.stop('user');
  }

  /** Messages the panel sends. */
  onPanelMessage(message: PanelToHost): void {
    switch (message.type) {
      case 'stop':
        this.stop();
        break;
      case 'expandGroup':
        return this.askRun(message.runId, `open group ${message.group}`, (run) => run.expand(message.group), (view) => ({ type: 'groupView', runId: message.runId, group: message.group, view }));
      case 'scrub':
        return this.askRun(message.runId, `show step ${message.step}`, (run) => run.scrub(message.step, message.scopes), (view) => ({ type: 'stepView', runId: message.runId, step: message.step, view }));
      case 'gradcheck':
        return this.askRun(message.runId, 'check gradients', (run) => run.gradcheck(message.nodeId), (answer) => ({ type: 'gradcheckResult', runId: message.runId, nodeId: message.nodeId, answer }));
      case 'whatIf':
        return this.askRun(message.runId, 'recompute the graph', (run) => run.whatIf(message.values, message.scopes), (view) => ({ type: 'whatIfView', runId: message.runId, serial: message.serial, view }));
      case 'revealNode':
        void this.reveal(message.file, new vscode.Range(message.line, message.col, message.endLine, message.endCol));
        break;
    }
  }

  /** A question of the panel about run `runId` (the latest), asked of its process; the answer goes back to the panel. */
  private askRun<T>(runId: number, what: string, ask: (run: RunHandle) => Promise<T>, reply: (answer: T) => HostToPanel): void {
    if (!this.handle || runId !== this.handleRunId) return;
    ask(this.handle)
      .then((answer) => GradLensPanel.instance?.post(reply(answer)))
      .catch((error: unknown) => this.output.warn(`could not ${what}: ${String(error)}`));
  }

  private async start(document: vscode.TextDocument, mode: Exclude<RunMode, 'cell'>, range: OffsetRange | undefined): Promise<RunOutcome | null> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage('GradLens runs the code you select. Trust this workspace to run it.', 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return null;
    }
    const runId = ++this.runIds;
    const version = document.version;
    // The panel opens beside the editor (without taking focus) unless the user turned that off;
    // an open panel always gets the run.
    const panel = revealPanelOnRun() ? GradLensPanel.createOrShow(this.context.extensionUri, { preserveFocus: true }) : GradLensPanel.instance;
    const name = document.uri.scheme === EXAMPLE_SCHEME ? `${document.uri.path.slice(1)} (shipped example)` : vscode.workspace.asRelativePath(document.uri);
    const title = `${name}${mode === 'selection' ? ' (selection)' : ''}`;
    const live = liveGraph();
    panel?.post({ type: 'runStarted', runId, title, mode, live });
    this.diagnostics.clear();
    // Hovers and inline values show this run's numbers or none, never the previous run's.
    this.results.forget(document);
    this.resultEmitter.fire(document);
    this.output.info(`run ${runId}: ${mode} of ${title}`);

    let error: RunError | null = null;
    let stopped: StoppedEvent | null = null;
    let hasResult = false;
    const onEvent = (event: RunEvent): void => {
      if (event.type === 'error') error = event;
      if (event.type === 'stopped') stopped = event;
      if (event.type === 'result') hasResult = true;
      this.onRunEvent(runId, document, version, event);
    };
    const handle = this.runner.start(
      { fileName: runFileName(document), source: document.getText(), mode, range, limits: runLimits(), nodeBudget: nodeBudget(), unsaved: unsavedFiles(document), liveGraph: live, recordMb: scrubberMemoryMb() },
      onEvent,
    );
    this.handle = handle;
    this.handleRunId = runId;
    this.runDocument = document.uri;
    this.active = { runId, uri: document.uri.toString(), mode, loopStart: mode === 'train' ? range!.start : null, step: 0, loss: null };
    this.showProgress(true);
    void vscode.commands.executeCommand('setContext', 'gradlens.running', true);

    // Training gets a notification with Stop (its cancel button) and the step and loss; a
    // computation, which is usually over in a moment, only the status bar.
    const status = mode === 'train'
      ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'GradLens: training', cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => handle.stop('user'));
        this.trainingProgress = { runId, progress };
        return handle.done;
      })
      : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'GradLens: computing gradients' }, () => handle.done);
    if (this.trainingProgress?.runId === runId) this.trainingProgress = null;
    if (this.active?.runId === runId) {
      this.active = null;
      this.statusItem.hide();
      void vscode.commands.executeCommand('setContext', 'gradlens.running', false);
      this.activeEmitter.fire(null);
    }
    GradLensPanel.instance?.post({ type: 'runEnded', runId, status, error, stopped });
    this.output.info(`run ${runId}: ${status}`);
    if (error) this.announceError(error, document, version);
    if (stopped) this.announceStop(stopped);
    return { status, hasResult };
  }

  private onRunEvent(runId: number, document: vscode.TextDocument, version: number, event: RunEvent): void {
    const panel = GradLensPanel.instance;
    switch (event.type) {
      case 'log':
        for (const line of event.lines) {
          const where = line.line === null ? '' : `[line ${line.line + 1}] `;
          if (line.level === 'error') this.output.error(where + line.text);
          else if (line.level === 'warn') this.output.warn(where + line.text);
          else this.output.info(where + line.text);
        }
        if (event.dropped > 0) this.output.warn(`(${event.dropped} more log lines not shown)`);
        panel?.post({ type: 'log', runId, event });
        break;
      case 'loss':
        panel?.post({ type: 'loss', runId, event });
        if (this.active?.runId === runId && event.steps.length > 0) {
          this.active.step = event.steps[event.steps.length - 1];
          this.active.loss = event.values[event.values.length - 1];
          this.showProgress(false);
        }
        break;
      case 'metric':
        panel?.post({ type: 'metric', runId, event });
        break;
      case 'live':
        panel?.post({ type: 'live', runId, event });
        break;
      case 'health':
        panel?.post({ type: 'health', runId, event });
        break;
      case 'boundary':
        panel?.post({ type: 'boundary', runId, event });
        break;
      case 'lints':
        // Only on the code that ran: not on a document that closed or changed meanwhile.
        if (document.isClosed || document.version !== version) break;
        for (const lint of event.lints.filter((l) => !l.loc.file)) {
          const range = new vscode.Range(lint.loc.line, lint.loc.col, lint.loc.endLine, lint.loc.endCol);
          this.lintFixes.attach(this.addDiagnostic(document.uri, range, lint.message, vscode.DiagnosticSeverity.Warning), lint.fix);
        }
        break;
      case 'result': {
        this.results.set(document, { runId, version, result: event });
        panel?.post({ type: 'result', runId, event });
        this.resultEmitter.fire(document);
        const bad = event.nonFinite;
        if (bad?.loc && !bad.loc.file && !document.isClosed && document.version === version) {
          const range = new vscode.Range(bad.loc.line, bad.loc.col, bad.loc.endLine, bad.loc.endCol);
          this.addDiagnostic(document.uri, range, bad.message, vscode.DiagnosticSeverity.Warning);
        }
        break;
      }
      case 'error':
      case 'stopped':
        break;
    }
  }

  /** Shows progress in the status bar and refreshes the lens, at most every PROGRESS_INTERVAL_MS. */
  private showProgress(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    const run = this.active;
    if (!run) return;
    const progress = run.step > 0 ? ` · step ${run.step} · loss ${formatNumber(run.loss)}` : '';
    this.statusItem.text = `$(debug-stop) GradLens${progress}`;
    this.statusItem.tooltip = 'GradLens is running your code — click to stop';
    this.statusItem.show();
    if (run.step > 0 && this.trainingProgress?.runId === run.runId) this.trainingProgress.progress.report({ message: `step ${run.step} · loss ${formatNumber(run.loss)}` });
    this.activeEmitter.fire(run);
  }

  private announceError(error: RunError, document: vscode.TextDocument, version: number): void {
    const where = error.line !== null ? ` (line ${error.line + 1})` : '';
    this.output.error(`${error.kind} error${where}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`);
    const own = error.file === runFileName(document);
    // Not on code that changed or closed meanwhile: a closed untitled document's name is reused by the next one.
    if (error.line !== null && error.file && !(own && (document.isClosed || document.version !== version))) {
      const uri = own ? document.uri : vscode.Uri.file(error.file);
      const range = new vscode.Range(error.line, error.col ?? 0, error.line, Number.MAX_SAFE_INTEGER);
      this.addDiagnostic(uri, range, `${error.name && error.kind === 'runtime' ? `${error.name}: ` : ''}${error.message}`, vscode.DiagnosticSeverity.Error);
    }
    void vscode.window.showErrorMessage(`GradLens: ${error.message}${where}`, 'Show Output').then((choice) => choice && this.output.show(true));
  }

  private announceStop(stopped: StoppedEvent): void {
    this.output.warn(stopped.message);
    if (stopped.reason !== 'user' && stopped.reason !== 'superseded') void vscode.window.showWarningMessage(`GradLens: ${stopped.message}`);
  }

  private addDiagnostic(uri: vscode.Uri, range: vscode.Range, message: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(range, message, severity);
    diagnostic.source = 'GradLens';
    this.diagnostics.set(uri, [...(this.diagnostics.get(uri) ?? []), diagnostic]);
    return diagnostic;
  }

  private async reveal(file: string | null, range: vscode.Range): Promise<void> {
    const uri = file ? vscode.Uri.file(file) : this.lastRunUri();
    if (!uri) return;
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: false, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private lastRunUri(): vscode.Uri | undefined {
    return this.runDocument ?? vscode.window.activeTextEditor?.document.uri;
  }
}

const USES_GRADLENS = /['"]gradlens['"]/;

/** The editor's unsaved text of other open files, which imports read instead of the disk. */
function unsavedFiles(main: vscode.TextDocument): Record<string, string> {
  const unsaved: Record<string, string> = {};
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.uri.scheme === 'file' && document !== main) unsaved[document.uri.fsPath] = document.getText();
  }
  return unsaved;
}

/**
 * The path a run is given for a document: its own on disk; an untitled one, a name in the
 * workspace (its relative imports resolve there); any other (a shipped example), the temp folder.
 */
function runFileName(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  if (!document.isUntitled) return join(tmpdir(), 'gradlens', document.uri.path.split('/').pop() ?? 'snippet.ts');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? tmpdir();
  return join(folder, `${document.uri.path.replace(/[^\w-]/g, '_')}.ts`);
}
