// GradLens' entry point: the commands, the panel, the CodeLens, hover and inline values, all
// registered here and disposed with the extension. The work happens in RunController (runs) and
// the runner's worker (the user's code); this file only wires things together.

import { bundleStartedAt } from './load-clock';
import * as vscode from 'vscode';
import type { HostToPanel, OffsetRange, PanelShown, PanelToHost, ResultEvent } from '../protocol';
import { SCRIPT_SELECTOR, TrainingLensProvider } from './codelens';
import { numberPrecision } from './config';
import { EXAMPLE_SCHEME, ShippedExamples, firstTrainingLoop, openExample, registerWalkthrough } from './examples';
import { GradientHoverProvider } from './hover';
import { InlineValues } from './inline-values';
import { GradLensPanel, PANEL_VIEW_TYPE } from './panel';
import { NotebookKernels } from './notebook-kernel';
import { newNotebook, openTutorial } from './notebooks';
import { LintFixes } from './quick-fixes';
import { RunController, type ActiveRun } from './run-controller';

/** What activate() returns: a small surface the integration tests drive. */
export interface GradLensApi {
  /** Sends a ping to the panel (opening it if needed) and resolves with the page's answer. */
  pingPanel(timeoutMs?: number): Promise<boolean>;
  /** What the open panel shows (null: no panel, or no answer in time). */
  panelShows(timeoutMs?: number): Promise<PanelShown | null>;
  /** The last result of a run on this document, if any. */
  resultFor(document: vscode.TextDocument): ResultEvent | undefined;
  activeRun(): ActiveRun | null;
  /** From the moment dist/extension.js began to evaluate to the end of activate(), ms. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): GradLensApi {
  const { extensionUri } = context;
  const output = vscode.window.createOutputChannel('GradLens', { log: true });
  const controller = new RunController(context, output);
  const lenses = new TrainingLensProvider(controller);
  const notebooks = new NotebookKernels(context.extensionPath, controller.results, (document) => controller.resultsChanged(document));

  const settings = (): HostToPanel => ({ type: 'settings', numberPrecision: numberPrecision() });
  const wirePanel = (panel: GradLensPanel): void => {
    // First in the queue, so a result is drawn with the user's precision; again for a page reloaded.
    panel.post(settings());
    const listener = panel.onMessage((message: PanelToHost) => {
      if (message.type === 'ready') panel.post(settings());
      // The empty panel's "Open an example" button: the seed example, computed.
      if (message.type === 'runExample') void openExample('01-manual-gradients.ts').then((editor) => controller.compute(editor, { wholeFile: true }));
      else controller.onPanelMessage(message);
    });
    panel.onDidDispose(() => listener.dispose());
  };

  context.subscriptions.push(
    output,
    controller,
    lenses,
    new InlineValues(controller),
    GradLensPanel.onDidCreate(wirePanel),
    vscode.languages.registerCodeLensProvider(SCRIPT_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SCRIPT_SELECTOR, new GradientHoverProvider(controller.results)),
    vscode.languages.registerCodeActionsProvider(SCRIPT_SELECTOR, controller.lintFixes, { providedCodeActionKinds: LintFixes.kinds }),
    vscode.commands.registerCommand('gradlens.showPanel', () => GradLensPanel.createOrShow(extensionUri, { preserveFocus: false })),
    notebooks,
    vscode.commands.registerCommand('gradlens.newNotebook', () => newNotebook(notebooks)),
    vscode.commands.registerCommand('gradlens.openTutorial', () => openTutorial(extensionUri, notebooks)),
    vscode.commands.registerCommand('gradlens.restartKernel', () => notebooks.restart(vscode.window.activeNotebookEditor?.notebook)),
    vscode.commands.registerCommand('gradlens.computeGradients', () => {
      const editor = scriptEditor();
      // A notebook cell runs in its notebook's kernel, with the cells before it in scope.
      if (editor?.document.uri.scheme === 'vscode-notebook-cell') return vscode.commands.executeCommand('notebook.cell.execute');
      if (editor) return controller.compute(editor);
      void vscode.window.showInformationMessage('GradLens: open a TypeScript or JavaScript file (or select an expression in one) to compute its gradients.');
    }),
    vscode.commands.registerCommand('gradlens.train', async (uri: vscode.Uri, loop: OffsetRange) => {
      const document = await vscode.workspace.openTextDocument(uri);
      return controller.train(document, loop);
    }),
    vscode.commands.registerCommand('gradlens.stop', () => controller.stop()),
    vscode.workspace.registerTextDocumentContentProvider(EXAMPLE_SCHEME, new ShippedExamples(extensionUri)),
    ...registerWalkthrough(controller),
    vscode.commands.registerCommand('gradlens.trainFirstLoop', async () => {
      const editor = scriptEditor();
      const loop = editor && (await firstTrainingLoop(controller, editor.document));
      if (!editor || !loop) {
        void vscode.window.showInformationMessage('GradLens: no training loop here — a loop whose body calls .backward().');
        return;
      }
      return controller.train(editor.document, loop);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('gradlens.numberPrecision') && GradLensPanel.instance?.post(settings())),
    // Cursor → graph: the panel marks the nodes the cursor's line made (a result of this document, still current).
    vscode.window.onDidChangeTextEditorSelection(({ textEditor, selections }) => {
      const stored = controller.results.get(textEditor.document);
      const current = stored && !controller.results.isStale(textEditor.document, stored);
      // A file without a current result: runId −1 is no run's, so the panel clears its mark.
      GradLensPanel.instance?.post({ type: 'cursor', runId: current ? stored.runId : -1, line: current ? selections[0]?.active.line ?? null : null });
    }),
    vscode.commands.registerCommand('gradlens.showInGraph', (runId: number, nodeId: number) => {
      GradLensPanel.createOrShow(extensionUri, { preserveFocus: true }).post({ type: 'selectNode', runId, nodeId });
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        GradLensPanel.revive(panel, extensionUri);
      },
    }),
    { dispose: () => GradLensPanel.instance?.dispose() },
    vscode.window.onDidChangeActiveTextEditor((editor) => controller.prewarmFor(editor?.document)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => controller.prewarmFor(vscode.window.activeTextEditor?.document)),
  );
  controller.prewarmFor(vscode.window.activeTextEditor?.document);

  const activationMs = performance.now() - bundleStartedAt;
  return {
    pingPanel: (timeoutMs = 10_000) => pingPanel(extensionUri, timeoutMs),
    panelShows: async (timeoutMs = 5_000) => (GradLensPanel.instance ? ((await pingOnce(GradLensPanel.instance, timeoutMs)) || null) : null),
    resultFor: (document) => controller.results.get(document)?.result,
    activeRun: () => controller.activeRun,
    activationMs,
  };
}

/**
 * The editor a command acts on: the active one, or — when a walkthrough or the panel has focus —
 * the visible TypeScript/JavaScript editor.
 */
function scriptEditor(): vscode.TextEditor | undefined {
  const isScript = (e: vscode.TextEditor): boolean => /^(typescript|javascript)(react)?$/.test(e.document.languageId);
  const active = vscode.window.activeTextEditor;
  return active && isScript(active) ? active : vscode.window.visibleTextEditors.find(isScript);
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}

/**
 * Pings the panel until it answers. A panel closed a moment ago may still look alive here (its
 * dispose event arrives later), and a page can fail to load at all in code-server when webviews
 * come and go quickly; so an attempt that gets no answer gives up that panel for a new one.
 */
async function pingPanel(extensionUri: vscode.Uri, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const panel = GradLensPanel.createOrShow(extensionUri);
    if (await pingOnce(panel, Math.min(5_000, deadline - Date.now()))) return true;
    panel.dispose();
  }
  return false;
}

/** The page's answer (what it shows), or false when it does not answer in time. */
function pingOnce(panel: GradLensPanel, timeoutMs: number): Promise<PanelShown | false> {
  const nonce = Math.floor(Math.random() * 1e9);
  return new Promise<PanelShown | false>((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(false);
    }, timeoutMs);
    const listener = panel.onMessage((message: PanelToHost) => {
      if (message.type === 'pong' && message.nonce === nonce) {
        clearTimeout(timer);
        listener.dispose();
        resolve(message.shown);
      }
    });
    panel.post({ type: 'ping', nonce });
  });
}
