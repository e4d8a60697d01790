// Quick fixes for GradLens' gradient lints (src/runner/lints.ts): the lint says where a line
// goes (insert `model.zeroGrad();` before the backward() that adds gradients up), or which
// statement made a tensor whose .grad was read without requiring grad (require-grad-edit.ts
// finds where `{ requiresGrad: true }` goes); the light bulb on its diagnostic does it.

import * as vscode from 'vscode';
import type { Lint } from '../protocol';
import { requireGradInsert } from './require-grad-edit';

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
      const edit = editFor(document, fix);
      if (!edit) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = edit;
      actions.push(action);
    }
    return actions;
  }
}

function editFor(document: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit | null {
  const edit = new vscode.WorkspaceEdit();
  if (fix.kind === 'insert-line') {
    // Indented as the line it goes before (tabs or spaces, as the file has them).
    const indent = /^\s*/.exec(document.lineAt(fix.line).text)![0];
    edit.insert(document.uri, new vscode.Position(fix.line, 0), `${indent}${fix.text}\n`);
    return edit;
  }
  const { at } = fix;
  const range = document.validateRange(new vscode.Range(at.line, at.col, at.endLine, at.endCol));
  const insert = requireGradInsert(document.getText(), document.offsetAt(range.start), document.offsetAt(range.end));
  if (!insert) return null;
  edit.insert(document.uri, document.positionAt(insert.offset), insert.text);
  return edit;
}
