// Hover over a variable bound by the last run in this document: its value and gradient (tensors:
// shape, a preview, min/max/mean), its op, and "Show in graph". Stale results say so.

import * as vscode from 'vscode';
import type { Binding, Summary } from '../protocol';
import { formatNumber } from './config';
import { ResultsStore } from './results';

const IDENTIFIER = /[A-Za-z_$][\w$]*/;

export class GradientHoverProvider implements vscode.HoverProvider {
  constructor(private readonly results: ResultsStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const stored = this.results.get(document);
    const wordRange = document.getWordRangeAtPosition(position, IDENTIFIER);
    if (!stored || !wordRange) return undefined;
    const binding = ResultsStore.bindingAt(stored.result, document.getText(wordRange), position.line);
    if (!binding || binding.kind === 'other') return undefined;

    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['gradlens.showInGraph'] };
    md.appendMarkdown(`**GradLens** · \`${binding.name}\`${describeKind(binding)}\n\n`);
    if (this.results.isStale(document, stored)) md.appendMarkdown('_Stale: the file changed since this run — run again to refresh._\n\n');
    md.appendMarkdown(body(binding));
    const note = accumulationNote(binding, stored.result.backwardCalls);
    if (note) md.appendMarkdown(`\n\n_${note}_`);
    if (binding.nodeId !== null) {
      const args = encodeURIComponent(JSON.stringify([stored.runId, binding.nodeId]));
      md.appendMarkdown(`\n\n[$(type-hierarchy) Show in graph](command:gradlens.showInGraph?${args} "Select this node in the GradLens panel")`);
    }
    return new vscode.Hover(md, wordRange);
  }
}

function describeKind(b: Binding): string {
  if (b.kind === 'module') return ` — module ${b.op}`;
  if (b.kind === 'number') return ' — number';
  const what = b.kind === 'tensor' ? `Tensor [${b.shape!.join(', ')}]` : 'Value';
  return ` — ${what}, ${b.op ? `op \`${b.op}\`` : 'leaf'}`;
}

function body(b: Binding): string {
  if (b.kind === 'module' || b.kind === 'other') return '';
  if (b.data !== null && b.kind !== 'tensor') return `data \`${formatNumber(b.data)}\` · grad \`${formatNumber(b.grad)}\``;
  if (b.kind === 'number') return `value \`${formatNumber(b.data)}\``;
  if (b.data !== null) return `data \`${formatNumber(b.data)}\` · grad \`${b.grad === null ? 'none' : formatNumber(b.grad)}\``;
  const lines = [`data ${summary(b.summary!)}  \n\`[${b.preview!.map((x) => formatNumber(x)).join(', ')}${b.summary && b.preview!.length < count(b) ? ', …' : ''}]\``];
  lines.push(b.gradSummary ? `grad ${summary(b.gradSummary)}  \n\`[${b.gradPreview!.map((x) => formatNumber(x)).join(', ')}${b.gradPreview!.length < count(b) ? ', …' : ''}]\`` : 'grad: none (not computed for this tensor)');
  return lines.join('\n\n');
}

/**
 * After several backward() calls a gradient means different things (the engine's contract, as in
 * PyTorch and micrograd): a leaf's and a tensor's add up, an inner Value's is the last call's.
 */
function accumulationNote(b: Binding, backwardCalls: number): string | null {
  if (backwardCalls < 2 || b.grad === null && b.gradSummary === null) return null;
  if (b.kind === 'value' && b.op) return `grad from the last of ${backwardCalls} backward() calls (a leaf's adds up over them)`;
  if (b.kind === 'value' || b.kind === 'tensor') return `grad added up over the backward() calls that reached it (${backwardCalls} in this run), unless zeroed`;
  return null;
}

function count(b: Binding): number {
  return b.shape!.reduce((n, d) => n * d, 1);
}

function summary(s: Summary): string {
  const bad = s.nonFinite > 0 ? ` · **${s.nonFinite} NaN/Inf**` : '';
  return `min \`${formatNumber(s.min)}\` · max \`${formatNumber(s.max)}\` · mean \`${formatNumber(s.mean)}\`${bad}`;
}
