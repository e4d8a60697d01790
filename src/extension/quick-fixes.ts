// Quick fixes for GradLens' gradient lints (src/runner/lints.ts): the lint says where a line
// goes (insert `model.zeroGrad();` before the backward() that adds gradients up); the light bulb
// on its diagnostic inserts it.

import * as vscode from 'vscode';
import type { Lint } from '../protocol';

type Fix = NonNullable<Lint['fix']>;

export class LintFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly fixes = new WeakMap<vscode.Diagnostic, Fix>();

  /** Remembers the fix of a diagnostic made from a lint. */
  attach(diagnostic: vscode.Diagnostic, fix: Fix | null): void {
    if (fix) this.fixes.set(diagnostic, fix);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const fix = this.fixes.get(diagnostic);
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      // Indented as the line it goes before (tabs or spaces, as the file has them).
      const indent = /^\s*/.exec(document.lineAt(fix.line).text)![0];
      action.edit.insert(document.uri, new vscode.Position(fix.line, 0), `${indent}${fix.text}\n`);
      actions.push(action);
    }
    return actions;
  }
}
