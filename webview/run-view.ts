// What the panel says about the current run, in words: the notice that stands in place of the
// graph while the run has no result (waiting, failed, stopped early, page reloaded mid-run), and
// the line above a result that did not come from a run that completed (stopped, or failed after
// a step), and the header's summary of a result. Pure: main.ts draws it. Everything here is about ONE run — the panel never shows an
// earlier run's graph while it waits for this one's.

import type { GraphView, ResultEvent, RunError, StepView } from '../src/protocol';
import { formatCount, formatDuration, formatNumber } from './format';
import type { RunState } from './state';

export interface Notice {
  tone: 'waiting' | 'error' | 'stopped' | 'info';
  title: string;
  lines: string[];
}

export interface Outcome {
  error: boolean;
  text: string;
}

/** The notice for a run without a result; null once it has one (the graph is shown then). */
export function noticeFor(run: RunState, hasResult: boolean): Notice | null {
  if (hasResult) return null;
  switch (run.status) {
    case 'running':
      return run.mode === 'train'
        ? { tone: 'waiting', title: `Training ${run.title}…`, lines: [run.live ? 'The graph appears when the first step (backward() call) finishes.' : 'The graph of the last finished step appears when you stop or training ends.'] }
        : { tone: 'waiting', title: `Running ${run.title}…`, lines: ['The graph appears when the run ends.'] };
    case 'interrupted':
      return {
        tone: 'info',
        title: `The panel was reloaded while ${run.title} was running.`,
        lines: ['If the run is still going, its graph appears here when it ends. Otherwise, run it again.'],
      };
    case 'failed':
      return {
        tone: 'error',
        title: `${run.title} failed — there is no graph.`,
        lines: [run.error ? errorText(run.error) : 'The run failed without saying why.', 'No step finished before the error.'],
      };
    case 'stopped':
      return {
        tone: 'stopped',
        title: `${run.title} was stopped before any step finished — there is no graph.`,
        lines: run.stoppedMessage ? [run.stoppedMessage] : [],
      };
    case 'completed':
      return { tone: 'info', title: `${run.title} ended without a graph.`, lines: [] };
  }
}

/**
 * The line above a result from a run that did not complete. `lastStep` is the last loss step
 * seen: the step of the last backward() that finished, which is what a partial result shows.
 */
export function outcomeFor(run: RunState, partial: boolean, lastStep: number | null): Outcome | null {
  const step = lastStep !== null ? ` (step ${lastStep})` : '';
  if (run.status === 'failed') {
    const error = run.error ? errorText(run.error) : 'The run failed.';
    return { error: true, text: partial ? `${error}\nThe graph is the last step that finished before the error${step}.` : error };
  }
  if (run.status === 'stopped') {
    const why = run.stoppedMessage ?? 'Stopped.';
    return { error: false, text: partial ? `${why} The graph is the last step that finished${step}, not the end of the run.` : why };
  }
  return null;
}

/**
 * Above a live view: which step it is. A run that ended without a result (its process died)
 * keeps its last live view, and says so.
 */
export function liveOutcome(run: RunState, step: number): Outcome {
  if (run.status === 'running') return { error: false, text: `Live: the graph of step ${formatCount(step)}, the latest that finished (step = backward() calls so far).` };
  const why = run.status === 'failed' && run.error ? errorText(run.error) : run.stoppedMessage ?? `The run ${run.status === 'interrupted' ? 'was interrupted' : 'ended'}.`;
  return { error: run.status === 'failed', text: `${why}\nThe graph is step ${formatCount(step)}, the last the panel received while it trained.` };
}

/** Above a recorded step the scrubber shows: which, how it was made, and whether it is exact. */
export function scrubOutcome(view: StepView): Outcome {
  const how = `Step ${formatCount(view.step)} (scrubber): recomputed from the parameters recorded at that step.`;
  return view.exact
    ? { error: false, text: how }
    : { error: true, text: `${how}\nNot exact: its loss or gradients differ from the record — the inputs changed between steps (mini-batches?), and this graph has the last step's inputs.` };
}

/** "line 5 of broken.ts: TypeError: x is not a function" (the line 1-based, as editors show it). */
export function errorText(error: RunError): string {
  const file = error.file ? ` of ${error.file.split(/[\\/]/).pop()}` : '';
  const where = error.line !== null ? `line ${error.line + 1}${file}: ` : '';
  const name = error.name && error.name !== 'Error' && !error.message.startsWith(error.name) ? `${error.name}: ` : '';
  return `${where}${name}${error.message}`;
}

/** The status badge's words. */
export function statusText(status: RunState['status']): string {
  return status === 'interrupted' ? 'reloaded mid-run' : status;
}

/** How a run's root was chosen, in words. */
const ROOT_REASONS: Record<ResultEvent['rootReason'], string> = {
  expression: 'the expression',
  backward: 'the last backward()',
  'last-expression': 'the last expression',
  'last-variable': 'the last variable',
  none: 'no graph',
};

/**
 * The panel's summary and a notebook cell's caption say it. A notebook output is saved data: a
 * reason this version does not know is shown as it is.
 */
export function rootReasonText(reason: string): string {
  return Object.hasOwn(ROOT_REASONS, reason) ? ROOT_REASONS[reason as ResultEvent['rootReason']] : reason;
}

/** "run 7 · root loss = 0.31 (the last backward()) · 1,827 nodes · took 1.2 s": which run, always. */
export function summaryText(runId: number | null, result: ResultEvent | null, lastLoss: number | null, live: GraphView | null = null): string {
  const parts: string[] = runId !== null ? [`run ${runId}`] : [];
  if (!result && live) parts.push(`${formatCount(live.totalNodes)} nodes`);
  if (result) {
    const root = result.graph.nodes.find((n) => n.id === result.graph.root);
    let value = root ? root.data ?? root.summary?.mean ?? null : null;
    // NaN may stand for an infinity the transport lost (transport.ts); the chart's copy kept it.
    if (value !== null && Number.isNaN(value) && result.rootReason === 'backward' && lastLoss !== null && !Number.isFinite(lastLoss)) value = lastLoss;
    if (root) parts.push(`root ${root.label || root.op || `#${root.id}`} = ${formatNumber(value)} (${rootReasonText(result.rootReason)})`);
    parts.push(`${formatCount(result.graph.totalNodes)} nodes`);
    parts.push(`took ${formatDuration(result.timings.runMs)}`);
  }
  return parts.join(' · ');
}
