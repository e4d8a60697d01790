// "▶ Train this model" above every top-level loop whose body calls .backward(); while that loop
// trains, "■ Stop training (step N, loss X)"; in Restricted Mode, a lens that opens the trust editor.

import * as vscode from 'vscode';
import { codeLensEnabled, formatNumber } from './config';
import { Disposable } from './dispose';
import type { RunController } from './run-controller';

export const SCRIPT_SELECTOR: vscode.DocumentSelector = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'].map((language) => ({ language }));

/**
 * How VS Code refreshes lenses (measured in its CodeLens controller, 1.100): a change event
 * (re)starts a timer whose delay is the recent average time of providing lenses (at least 250 ms,
 * longer on a busy machine), and the lenses are asked for when it fires. A change event while the
 * timer runs starts it again: events every 600 ms against a delay above 600 ms starve the lens —
 * "Stop training" never showed its step, and the lens lagged seconds behind the end of a run. So a
 * change is announced only when no refresh is pending (a pending one reads the latest state
 * anyway), and progress (step, loss) at most every LENS_REFRESH_MS.
 */
const LENS_REFRESH_MS = 600;
/** A refresh VS Code dropped (an editor that lost focus cancels its pending one) is asked again. */
const UNANSWERED_MS = 2000;

export class TrainingLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private lastRefresh = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;
  /** When the last change event went out that VS Code has not answered with a provide yet (0: none). */
  private unansweredSince = 0;

  constructor(private readonly controller: RunController) {
    super();
    // A run's start and end change what the lens offers (Train or Stop): shown at once. Progress
    // (step, loss) only changes its text: throttled.
    let lastRunId: number | null = null;
    this._register(controller.onDidChangeActive((run) => {
      const changed = (run?.runId ?? null) !== lastRunId;
      lastRunId = run?.runId ?? null;
      if (changed) this.refreshNow();
      else this.refreshSoon();
    }));
    this._register({ dispose: () => clearTimeout(this.pending) });
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changeEmitter.fire()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('gradlens.codeLens') && this.changeEmitter.fire()));
  }

  private refreshNow(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    const now = Date.now();
    if (this.unansweredSince > 0 && now - this.unansweredSince < UNANSWERED_MS) return;
    this.unansweredSince = now;
    this.lastRefresh = now;
    this.changeEmitter.fire();
  }

  /** Refreshes now, or once LENS_REFRESH_MS has passed since the last refresh (never dropped). */
  private refreshSoon(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastRefresh + LENS_REFRESH_MS - Date.now());
    this.pending = setTimeout(() => this.refreshNow(), wait);
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    this.unansweredSince = 0;
    // A notebook cell trains in its notebook's kernel (Run Cell), with the cells before it in scope.
    if (!codeLensEnabled() || document.uri.scheme === 'vscode-notebook-cell') return [];
    const loops = await this.controller.trainingLoops(document);
    const active = this.controller.activeRun;
    return loops.map((loop) => {
      const range = new vscode.Range(loop.line, 0, loop.line, 0);
      if (!vscode.workspace.isTrusted) {
        return new vscode.CodeLens(range, { title: '$(shield) Trust this workspace to train', command: 'workbench.trust.manage', tooltip: 'GradLens runs code only in trusted workspaces' });
      }
      const training = active?.mode === 'train' && active.uri === document.uri.toString() && active.loopStart === loop.start;
      if (training) {
        const progress = active.step > 0 ? ` (step ${active.step}, loss ${formatNumber(active.loss)})` : '';
        return new vscode.CodeLens(range, { title: `■ Stop training${progress}`, command: 'gradlens.stop', tooltip: 'Stop training; the panel keeps what was learned so far' });
      }
      return new vscode.CodeLens(range, {
        title: '▶ Train this model',
        command: 'gradlens.train',
        arguments: [document.uri, { start: loop.start, end: loop.end }],
        tooltip: 'Run this file up to the end of this loop, with the loss live in the GradLens panel',
      });
    });
  }
}
