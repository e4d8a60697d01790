// GradLens as a notebook kernel: the controller "GradLens (TypeScript)" for Jupyter notebooks
// (.ipynb) whose code cells are TypeScript. Each open notebook gets a kernel of its own
// (runner/kernel.ts: one long-lived run process), started when GradLens is chosen for it. Cells run
// one after another; a cell that fails or is stopped ends a Run All there, as Jupyter's does.
// Stop (the toolbar's, or a cell's ■) cancels an execution: a running cell stops and the kernel
// keeps its state; a queued one never runs. "Restart Kernel" ends the session. Hovers, inline
// values and Problems read a cell's run as a file's (results.ts).

import * as vscode from 'vscode';
import { join } from 'node:path';
import type { RendererExpandAnswer, RendererExpandRequest, ResultEvent, RunEvent } from '../protocol';
import { Kernel } from '../runner/kernel';
import { CellOutputs, withCellNames } from './cell-outputs';
import { numberPrecision, runLimits } from './config';
import type { ResultsStore } from './results';

export const NOTEBOOK_TYPE = 'jupyter-notebook';
export const CONTROLLER_ID = 'gradlens-kernel';
export const RENDERER_ID = 'gradlens.cell-renderer';
const CELL_SCHEME = 'vscode-notebook-cell';

export class NotebookKernels implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly kernels = new Map<string, Kernel>();
  private readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('gradlens-notebook');
  private readonly disposables: vscode.Disposable[] = [];
  private runIds = 0;
  /** Which cell's file name each output's run had (session:execution), for the locations of the groups it opens. */
  private readonly outputFiles = new Map<string, { fileName: string; notebook: vscode.NotebookDocument }>();

  constructor(
    private readonly extensionPath: string,
    private readonly results: ResultsStore,
    /** Told when a cell's bindings change (inline values refresh). */
    private readonly onResult: (document: vscode.TextDocument) => void,
  ) {
    this.controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, 'GradLens (TypeScript)');
    this.controller.supportedLanguages = ['typescript', 'javascript'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Runs TypeScript cells with the GradLens autograd engine';
    this.controller.detail = 'Cells share their top-level names; each runs under GradLens’s time and memory limits';
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    this.disposables.push(
      this.controller,
      this.diagnostics,
      this.messaging.onDidReceiveMessage(({ editor, message }) => void this.answerRenderer(editor, message as RendererExpandRequest)),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.endKernel(notebook)),
      // A cell's error is about the code that ran: an edit of that cell takes it away.
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (document.uri.scheme === CELL_SCHEME && contentChanges.length > 0) this.diagnostics.delete(document.uri);
      }),
      // Started when chosen (bench R10: ~0.3–1 s of process and compiler start-up), so the first
      // cell runs warm; ended when another kernel is chosen.
      this.controller.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
        if (!selected) this.endKernel(notebook);
        else if (vscode.workspace.isTrusted) void this.kernelFor(notebook).start();
      }),
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.offerFor(notebook)),
    );
    vscode.workspace.notebookDocuments.forEach((notebook) => this.offerFor(notebook));
  }

  /** Ends a notebook's session: every value its cells made is gone. */
  async restart(notebook: vscode.NotebookDocument | undefined): Promise<void> {
    const kernel = notebook && this.kernels.get(notebook.uri.toString());
    if (!kernel) {
      void vscode.window.showInformationMessage('GradLens: this notebook has no running GradLens kernel to restart.');
      return;
    }
    await kernel.restart();
    void vscode.window.setStatusBarMessage('GradLens: kernel restarted — run the cells again', 4000);
  }

  /** Makes GradLens the kernel this notebook suggests (its code cells are TypeScript). */
  prefer(notebook: vscode.NotebookDocument): void {
    this.controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
  }

  dispose(): void {
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
    this.disposables.forEach((d) => d.dispose());
  }

  private offerFor(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return;
    const code = notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code);
    if (code.length > 0 && code.every((cell) => cell.document.languageId === 'typescript')) this.prefer(notebook);
  }

  private endKernel(notebook: vscode.NotebookDocument): void {
    this.kernels.get(notebook.uri.toString())?.dispose();
    this.kernels.delete(notebook.uri.toString());
    for (const [key, output] of this.outputFiles) if (output.notebook === notebook) this.outputFiles.delete(key);
    for (const cell of notebook.getCells()) {
      this.diagnostics.delete(cell.document.uri);
      this.results.forget(cell.document);
    }
  }

  private kernelFor(notebook: vscode.NotebookDocument): Kernel {
    const key = notebook.uri.toString();
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = new Kernel(join(this.extensionPath, 'dist', 'run-process.js'), runLimits());
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private async execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage('GradLens runs the code in these cells. Trust this workspace to run them.', 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const kernel = this.kernelFor(notebook);
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      if (!(await this.runCell(kernel, cell))) break;
    }
  }

  /** Runs one cell; false when it failed or was stopped (the cells queued after it do not run). */
  private async runCell(kernel: Kernel, cell: vscode.NotebookCell): Promise<boolean> {
    const execution = this.controller.createNotebookCellExecution(cell);
    // Stop (the toolbar's, or this cell's ■) cancels the execution: a running cell stops, keeping
    // the kernel's state; a queued one never starts.
    let cancelled = false;
    let stopRun: (() => void) | null = null;
    const cancel = execution.token.onCancellationRequested(() => {
      cancelled = true;
      stopRun?.();
    });
    const { document } = cell;
    const version = document.version;
    const fileName = cellFileName(cell);
    this.diagnostics.delete(document.uri);
    this.results.forget(document);
    this.onResult(document);
    let outputs: CellOutputs | null = null;
    const early: RunEvent[] = [];
    let result: ResultEvent | null = null;
    let failure: { line: number; col: number; message: string } | null = null;
    const run = await kernel.run({ fileName, source: document.getText(), numberPrecision: numberPrecision() }, (event) => {
      if (outputs) outputs.onEvent(event);
      else early.push(event);
      if (event.type === 'result') result = event;
      if (event.type === 'error' && event.file === fileName && event.line !== null) failure = { line: event.line, col: event.col ?? 0, message: event.message };
    }, runLimits(), async () => {
      // Pending until the cells queued before it are done; running from here.
      execution.start(Date.now());
      await execution.clearOutput().then(undefined, () => undefined); // (a cell deleted meanwhile)
      if (cancelled) throw new Error('cancelled while queued');
    }).catch(() => null);
    if (!run) {
      cancel.dispose();
      execution.end(undefined, Date.now());
      return false;
    }
    stopRun = run.stop;
    if (cancelled) run.stop();
    if (run.execution > 0) execution.executionOrder = run.execution;
    this.outputFiles.set(`${run.session}:${run.execution}`, { fileName, notebook: cell.notebook });
    const name = `Cell ${cell.index + 1}`;
    outputs = new CellOutputs(execution, {
      session: run.session,
      execution: run.execution,
      name,
      fileName,
      nameOf: (file) => cellNamed(cell.notebook, file),
      precision: numberPrecision(),
    });
    early.forEach(outputs.onEvent);
    if (run.restarted) outputs.note('The kernel had ended (a cell that would not stop, or a crash): this is a new session, without the values of the cells run before — run them again.');
    const status = await run.done;
    cancel.dispose();
    await outputs.finish();
    execution.end(status === 'completed', Date.now());
    this.remember(document, version, fileName, result, failure);
    return status === 'completed';
  }

  /** Hovers, inline values and a diagnostic for the cell, as for a file's run. */
  private remember(document: vscode.TextDocument, version: number, fileName: string, result: ResultEvent | null, failure: { line: number; col: number; message: string } | null): void {
    if (document.isClosed || document.version !== version) return;
    if (result) {
      // The cell's own bindings, as a file's (no file of their own), and no link into the panel's graph.
      const bindings = result.bindings.filter((b) => b.loc.file === fileName).map((b) => ({ ...b, loc: { ...b.loc, file: undefined }, nodeId: null }));
      this.results.set(document, { runId: -++this.runIds, version, result: { ...result, bindings } });
      this.onResult(document);
    }
    if (failure) {
      const at = new vscode.Position(failure.line, failure.col);
      const range = document.getWordRangeAtPosition(at) ?? new vscode.Range(at, at.translate(0, 1));
      const diagnostic = new vscode.Diagnostic(range, failure.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'GradLens';
      this.diagnostics.set(document.uri, [diagnostic]);
    }
  }

  private async answerRenderer(editor: vscode.NotebookEditor, message: RendererExpandRequest): Promise<void> {
    if (message?.type !== 'expand') return;
    const kernel = this.kernels.get(editor.notebook.uri.toString());
    const view = kernel ? await kernel.expand(message.session, message.execution, message.group) : null;
    const source = this.outputFiles.get(`${message.session}:${message.execution}`);
    const named = view && source ? withCellNames(view, source.fileName, (file) => cellNamed(source.notebook, file)) : view;
    const answer: RendererExpandAnswer = { type: 'expanded', requestId: message.requestId, view: named };
    void this.messaging.postMessage(answer, editor);
  }
}

/** "cell 3": the cell of a notebook whose run had this file name, as the notebook counts now (null: none). */
function cellNamed(notebook: vscode.NotebookDocument, fileName: string): string | null {
  const cell = notebook.getCells().find((c) => cellFileName(c) === fileName);
  return cell ? `cell ${cell.index + 1}` : null;
}

/**
 * A cell's name in its run: beside the notebook's file (relative imports resolve from its folder),
 * marked with the cell's handle, which stays when cells move.
 */
function cellFileName(cell: vscode.NotebookCell): string {
  const notebook = cell.notebook.uri;
  const base = notebook.scheme === 'file' ? notebook.fsPath : join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '/', notebook.path.replace(/^.*\//, ''));
  const uri = cell.document.uri;
  return `${base}#${uri.scheme === CELL_SCHEME ? uri.fragment : `cell${cell.index + 1}`}`;
}
