// Numbers VS Code's message channel lost. A webview's postMessage goes through JSON.stringify
// (only typed arrays travel as binary: extHostWebviewMessaging.ts), so NaN and ±Infinity in the
// graph arrive as null — and a NaN loss read "—", as if it had no value. Where the protocol says
// a number is always there (a Value's data and grad, a summary's fields, a group's largest grad),
// null can only have been a NaN or an infinity: it becomes NaN again. Which of the three it was is
// lost; the loss chart's typed arrays keep it, and the header takes the root's value from there.

import type { GraphView, Summary, ViewNode } from '../src/protocol';

/** Puts NaN back where the transport left null in a number that is always present. In place. */
export function restoreNonFinite(view: GraphView): GraphView {
  for (const node of view.nodes) restoreNode(node);
  for (const group of view.groups) if (group.maxAbsGrad === null) group.maxAbsGrad = NaN;
  return view;
}

function restoreNode(node: ViewNode): void {
  if (node.kind === 'value') {
    node.data ??= NaN;
    node.grad ??= NaN;
    return;
  }
  restoreSummary(node.summary);
  restoreSummary(node.gradSummary);
  // A one-element tensor carries its number in data (and grad, when it has a gradient).
  const oneElement = node.shape !== null && node.shape.reduce((a, b) => a * b, 1) === 1;
  if (oneElement && node.data === null) node.data = NaN;
  if (oneElement && node.grad === null && node.gradSummary) node.grad = NaN;
}

function restoreSummary(summary: Summary | null): void {
  if (!summary) return;
  for (const key of ['min', 'max', 'mean', 'norm'] as const) summary[key] ??= NaN;
}
