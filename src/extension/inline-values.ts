// Faint text after each line that bound a Value or Tensor in the last run:
// `data 6.0000 · grad 4.0000` (tensors: shape and gradient norm). Cleared as soon as the document
// changes, since the numbers would no longer match the code.

import * as vscode from 'vscode';
import type { Binding } from '../protocol';
import { formatNumber, inlineGradientsEnabled } from './config';
import { Disposable } from './dispose';
import type { RunController } from './run-controller';

export class InlineValues extends Disposable {
  private readonly decoration = this._register(
    vscode.window.createTextEditorDecorationType({
      after: { color: new vscode.ThemeColor('gradlens.inlineValueForeground'), margin: '0 0 0 2em', fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    }),
  );

  constructor(private readonly controller: RunController) {
    super();
    this._register(controller.onDidChangeResults((document) => this.refresh(document)));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => vscode.window.visibleTextEditors.forEach((e) => this.refresh(e.document))));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.clear(e.document)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('gradlens') && vscode.window.visibleTextEditors.forEach((ed) => this.refresh(ed.document))));
  }

  private editorsOf(document: vscode.TextDocument): readonly vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((e) => e.document === document);
  }

  private clear(document: vscode.TextDocument): void {
    for (const editor of this.editorsOf(document)) editor.setDecorations(this.decoration, []);
  }

  refresh(document: vscode.TextDocument): void {
    const stored = this.controller.results.get(document);
    if (!inlineGradientsEnabled() || !stored || this.controller.results.isStale(document, stored)) {
      this.clear(document);
      return;
    }
    // One annotation per line: the last Value/Tensor bound there.
    const byLine = new Map<number, Binding>();
    for (const b of stored.result.bindings) {
      if (!b.loc.file && (b.kind === 'value' || b.kind === 'tensor') && b.loc.line < document.lineCount) byLine.set(b.loc.line, b);
    }
    const options = [...byLine.entries()].map(([line, b]) => {
      const end = document.lineAt(line).range.end;
      return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: describe(b) } } };
    });
    for (const editor of this.editorsOf(document)) editor.setDecorations(this.decoration, options);
  }
}

function describe(b: Binding): string {
  if (b.data !== null) return `data ${formatNumber(b.data)} · grad ${b.grad === null ? '—' : formatNumber(b.grad)}`;
  const norm = b.gradSummary ? ` · ‖grad‖ ${formatNumber(b.gradSummary.norm)}` : '';
  return `[${b.shape!.join(', ')}] mean ${formatNumber(b.summary!.mean)}${norm}`;
}
