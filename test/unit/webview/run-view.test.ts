// One run on screen: what the panel says about the current run (run-view.ts), and the state it
// keeps — a new run drops the earlier result, opened groups and selection; a saved state never
// pairs a run with another run's result (state.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResultEvent, RunError } from '../../../src/protocol';
import { errorText, noticeFor, outcomeFor, rootReasonText } from '../../../webview/run-view';
import { emptyState, readState, startRun, type PanelState, type RunState } from '../../../webview/state';

const run = (over: Partial<RunState> = {}): RunState => ({ runId: 2, title: 'scratch.ts', mode: 'file', status: 'running', error: null, stoppedMessage: null, ...over });
const error: RunError = { type: 'error', kind: 'runtime', message: 'x.foo is not a function', name: 'TypeError', file: '/w/scratch.ts', line: 11, col: 4, stack: null };
const someResult = { runId: 1, event: { type: 'result', partial: false } as unknown as ResultEvent };

function stateWithResult(): PanelState {
  return { ...emptyState(), run: run({ runId: 1, status: 'completed' }), result: someResult, expansions: [{ group: 3, view: { nodes: [], edges: [], groups: [] } as never }], selection: 'n4' };
}

describe('run notice and outcome', () => {
  it('waits in words that name the run; training says when the graph comes', () => {
    assert.deepEqual(noticeFor(run(), false), { tone: 'waiting', title: 'Running scratch.ts…', lines: ['The graph appears when the run ends.'] });
    assert.match(noticeFor(run({ mode: 'train', title: 'moons.ts' }), false)!.title, /^Training moons\.ts…$/);
    assert.equal(noticeFor(run(), true), null, 'a result is shown, not a notice');
  });

  it('a failure without a result shows the error and its line', () => {
    const n = noticeFor(run({ status: 'failed', error }), false)!;
    assert.equal(n.tone, 'error');
    assert.deepEqual(n.lines, ['line 12 of scratch.ts: TypeError: x.foo is not a function', 'No step finished before the error.']);
  });

  it('a stop before any step says so, with the reason', () => {
    const n = noticeFor(run({ status: 'stopped', stoppedMessage: 'Stopped.' }), false)!;
    assert.equal(n.title, 'scratch.ts was stopped before any step finished — there is no graph.');
    assert.deepEqual(n.lines, ['Stopped.']);
  });

  it('a partial result says it is the last finished step', () => {
    assert.deepEqual(outcomeFor(run({ status: 'stopped', stoppedMessage: 'Stopped.' }), true, 40), { error: false, text: 'Stopped. The graph is the last step that finished (step 40), not the end of the run.' });
    assert.deepEqual(outcomeFor(run({ status: 'failed', error }), true, null), { error: true, text: 'line 12 of scratch.ts: TypeError: x.foo is not a function\nThe graph is the last step that finished before the error.' });
    assert.equal(outcomeFor(run({ status: 'completed' }), false, 40), null);
    assert.equal(outcomeFor(run(), true, 40), null, 'still running: runEnded says how it ended');
  });

  it('error text: no line, plain Error, a name already in the message', () => {
    assert.equal(errorText({ ...error, line: null }), 'TypeError: x.foo is not a function');
    assert.equal(errorText({ ...error, name: 'Error', file: null }), 'line 12: x.foo is not a function');
    assert.equal(errorText({ ...error, message: 'TypeError: bad' }), 'line 12 of scratch.ts: TypeError: bad');
  });

  it('says how the root was chosen in words; a reason it does not know (a saved notebook output), as it is', () => {
    assert.equal(rootReasonText('backward'), 'the last backward()');
    assert.equal(rootReasonText('last-variable'), 'the last variable');
    assert.equal(rootReasonText('constructor'), 'constructor');
    assert.equal(rootReasonText('a-later-reason'), 'a-later-reason');
  });
});

describe('state across runs', () => {
  it('a new run starts with no result, opened group, selection or loss of an earlier run', () => {
    const next = startRun({ ...stateWithResult(), ui: { tab: 1, logScale: true, smoothing: 0.3, view: null } }, { runId: 2, title: 'b.ts', mode: 'train' });
    assert.deepEqual([next.result, next.expansions, next.selection, next.loss.steps], [null, [], null, []]);
    assert.deepEqual(next.run, run({ title: 'b.ts', mode: 'train' }));
    assert.deepEqual([next.ui.tab, next.ui.logScale, next.ui.smoothing], [1, true, 0.3], 'view settings stay');
  });

  it('a saved state pairing a run with another run\'s result is read without it', () => {
    const saved = { ...stateWithResult(), run: run({ runId: 2 }) };
    const read = readState(saved)!;
    assert.deepEqual([read.result, read.expansions, read.selection], [null, [], null]);
    assert.equal(read.run!.status, 'interrupted', 'a run going when the page went away: unknown now');
  });

  it('a saved result of its own run is kept, with its groups and selection', () => {
    const read = readState(stateWithResult())!;
    assert.equal(read.result, someResult);
    assert.deepEqual([read.expansions.length, read.selection, read.run!.status], [1, 'n4', 'completed']);
  });
});
