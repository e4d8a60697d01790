// The last run's results per document, and whether they still describe the document: an edit
// makes them stale, and hovers say so rather than show numbers that no longer hold.

import type * as vscode from 'vscode';
import type { Binding, ResultEvent } from '../protocol';

export interface StoredResult {
  runId: number;
  /** document.version when the run started. */
  version: number;
  result: ResultEvent;
}

export class ResultsStore {
  private readonly byDocument = new Map<string, StoredResult>();

  set(document: vscode.TextDocument, stored: StoredResult): void {
    this.byDocument.set(document.uri.toString(), stored);
  }

  /** A new run of the document: the previous run's numbers no longer describe what is shown. */
  forget(document: vscode.TextDocument): void {
    this.byDocument.delete(document.uri.toString());
  }

  get(document: vscode.TextDocument): StoredResult | undefined {
    return this.byDocument.get(document.uri.toString());
  }

  isStale(document: vscode.TextDocument, stored: StoredResult): boolean {
    return document.version !== stored.version;
  }

  /** The binding of `name` that a use at `line` refers to: the last one declared at or above it. */
  static bindingAt(result: ResultEvent, name: string, line: number): Binding | undefined {
    const candidates = result.bindings.filter((b) => b.name === name && !b.loc.file);
    const above = candidates.filter((b) => b.loc.line <= line).sort((a, b) => b.loc.line - a.loc.line || b.loc.col - a.loc.col);
    return above[0] ?? candidates[0];
  }
}
