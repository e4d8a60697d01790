// "What GradLens shows must be the current run's": from runStarted on, nothing of an earlier run
// is on the page (graph, table, details, selection) — a notice says what the run is doing until
// its own result; a failure shows its error and no graph; a stopped run's partial result says it
// is the last finished step; a reload mid-run brings back nothing older. Asserts on DOM text.
import assert from 'node:assert/strict';
import type { HostToPanel } from '../../src/protocol';
import { loadFixture } from './fixture';
import type { PanelPage } from './panel-page';
import { clickItem, result, test } from './suite';

const NARROW = { width: 460, height: 760 };

/** All text in the page, shown or not (a hidden earlier graph would count too). */
const pageText = (panel: PanelPage): Promise<string> => panel.page.evaluate(() => document.getElementById('app')!.textContent ?? '');
const shownText = (panel: PanelPage): Promise<string> => panel.page.locator('#app').innerText();
const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).textContent()) ?? '';

/** No label or title of run A (simple-nn: fc1.weight, outputs, ...) anywhere in the page. */
async function noTextOfA(panel: PanelPage): Promise<void> {
  const all = await pageText(panel);
  for (const label of ['fc1.weight', 'fc2.bias', 'outputs']) assert.ok(!all.includes(label), `"${label}" of run A is gone`);
  assert.ok(!(await shownText(panel)).includes('simple-nn'), 'run A\'s title is gone');
}

/** No graph, no table row, no node in the details, nothing of run A. */
async function nothingOfA(panel: PanelPage): Promise<void> {
  assert.equal(await panel.page.locator('g.item').count(), 0, 'no graph items');
  assert.equal(await panel.page.locator('.grad-table vscode-table-row').count(), 0, 'no table rows');
  assert.equal(await panel.page.locator('.details h2').count(), 0, 'no node in the details');
  await noTextOfA(panel);
}

/** Selects A's input X (as a hover's "Show in graph" does: at 460 px it may be out of view). */
async function selectX(panel: PanelPage): Promise<void> {
  await panel.deliver({ type: 'selectNode', runId: 1, nodeId: 0 });
  await panel.page.waitForFunction(() => document.querySelector('.details h2')?.textContent === 'X');
}

const loss = (runId: number, from: number, n: number): HostToPanel => {
  const steps = Array.from({ length: n }, (_, i) => from + i);
  return { type: 'loss', runId, event: { type: 'loss', steps: steps as unknown as Float64Array, values: steps.map((s) => 2 / s) as unknown as Float64Array, times: steps.map((s) => s * 5) as unknown as Float64Array } };
};

test('one run on screen: waiting, failed, stopped with a partial result, stopped early', async ({ open, shot }) => {
  const panel = await open('dark', NARROW);
  const a = loadFixture('simple-nn');
  await panel.play(a);
  await selectX(panel);
  await panel.page.locator('vscode-tab-header', { hasText: 'Gradients' }).click();
  await panel.page.locator('.grad-table vscode-table-row').first().waitFor();

  // B starts: nothing of A, a notice in its place that names B.
  await panel.deliver({ type: 'runStarted', runId: 2, title: 'scratch.ts', mode: 'file' });
  await panel.page.locator('.run-notice').waitFor();
  await nothingOfA(panel);
  assert.equal(await panel.page.locator('.workspace').isVisible(), false, 'graph, table and details make way for the notice');
  assert.match(await text(panel, '.run-notice'), /Running scratch\.ts…The graph appears when the run ends\./);
  assert.equal(await text(panel, '.run-title'), 'scratch.ts');
  assert.match(await text(panel, '.run-summary'), /^run 2$/);
  assert.equal(await text(panel, '.run-status'), 'running');
  await shot(panel, 'run-waiting-file-460');

  // B fails with no result: its error, no graph.
  await panel.deliver({
    type: 'runEnded', runId: 2, status: 'failed', stopped: null,
    error: { type: 'error', kind: 'runtime', message: 'x.foo is not a function', name: 'TypeError', file: '/w/scratch.ts', line: 11, col: 4, stack: null },
  });
  await panel.page.waitForFunction(() => /failed/.test(document.querySelector('.run-notice')?.textContent ?? ''));
  assert.match(await text(panel, '.run-notice'), /scratch\.ts failed — there is no graph\./);
  assert.match(await text(panel, '.run-notice'), /line 12 of scratch\.ts: TypeError: x\.foo is not a function/);
  assert.equal(await text(panel, '.run-status'), 'failed');
  await nothingOfA(panel);
  await shot(panel, 'run-failed-460');

  // C trains: the loss is live, the graph waits for the last finished step.
  await panel.deliver({ type: 'runStarted', runId: 3, title: 'moons.ts', mode: 'train' });
  for (let k = 0; k < 4; k++) await panel.deliver(loss(3, 1 + k * 10, 10));
  await panel.page.waitForFunction(() => /step 40\b/.test(document.querySelector('.chart-stats')?.textContent ?? ''));
  assert.equal(await panel.page.locator('.chart-section').isVisible(), true, 'the loss chart stays live');
  assert.match(await text(panel, '.run-notice'), /Training moons\.ts…The graph of the last finished step appears when you stop or training ends\./);
  await nothingOfA(panel);
  await shot(panel, 'run-waiting-train-460');

  // C is stopped after step 40: its partial result, said to be the last finished step.
  const drawn = await panel.armDrawn();
  const c = result(loadFixture('tensor-mlp'));
  await panel.deliver({ ...c, runId: 3, event: { ...c.event, partial: true } });
  await panel.deliver({ type: 'runEnded', runId: 3, status: 'stopped', error: null, stopped: { type: 'stopped', reason: 'user', message: 'Stopped.' } });
  await drawn();
  assert.equal(await panel.page.locator('.run-notice').isVisible(), false);
  const labels = await panel.page.evaluate(() => Array.from(document.querySelectorAll('g.item.value text.label')).map((t) => t.textContent));
  assert.ok(labels.includes('logits') && labels.includes('layers.0.weight'), `C's graph: ${labels.join(', ')}`);
  assert.equal(await text(panel, '.run-outcome'), 'Stopped. The graph is the last step that finished (step 40), not the end of the run.');
  assert.equal(await text(panel, '.run-status'), 'stopped');
  assert.match(await text(panel, '.run-summary'), /^run 3 · /);
  assert.equal(await panel.page.locator('.details h2').count(), 0, 'nothing selected in C');
  await noTextOfA(panel);
  await panel.page.locator('vscode-tab-header', { hasText: 'Graph' }).click();
  await shot(panel, 'run-stopped-partial-460');

  // E is stopped before any step: it says so, with no graph (not C's).
  await panel.deliver({ type: 'runStarted', runId: 5, title: 'moons.ts', mode: 'train' });
  await panel.deliver({ type: 'runEnded', runId: 5, status: 'stopped', error: null, stopped: { type: 'stopped', reason: 'time-limit', message: 'Stopped: the run reached its time limit of 10 s (setting gradlens.timeLimitSeconds).' } });
  await panel.page.waitForFunction(() => /stopped before/.test(document.querySelector('.run-notice')?.textContent ?? ''));
  assert.match(await text(panel, '.run-notice'), /moons\.ts was stopped before any step finished — there is no graph\.Stopped: the run reached its time limit/);
  assert.equal(await panel.page.locator('g.item').count(), 0, 'no graph of C');
  assert.equal(await panel.page.locator('.chart-section').isVisible(), false, 'no empty chart');
  assert.ok(!(await pageText(panel)).includes('logits'));
  await shot(panel, 'run-stopped-early-460');
});

test('a failed run with a partial result shows the graph and says it is from before the error', async ({ open }) => {
  const panel = await open('dark');
  await panel.deliver({ type: 'runStarted', runId: 4, title: 'train.ts', mode: 'train' });
  await panel.deliver(loss(4, 1, 7));
  const drawn = await panel.armDrawn();
  const r = result(loadFixture('manual'));
  await panel.deliver({ ...r, runId: 4, event: { ...r.event, partial: true } });
  await panel.deliver({ type: 'runEnded', runId: 4, status: 'failed', stopped: null, error: { type: 'error', kind: 'runtime', message: 'boom', name: 'Error', file: '/w/train.ts', line: 2, col: 0, stack: null } });
  await drawn();
  await panel.page.waitForFunction(() => document.querySelector('.run-outcome')?.textContent?.includes('boom'));
  assert.equal(await text(panel, '.run-outcome'), 'line 3 of train.ts: boom\nThe graph is the last step that finished before the error (step 7).');
  assert.equal(await panel.page.locator('g.item.value').count(), 4);
});

test('a selection does not carry over to a new run of the same graph', async ({ open }) => {
  const panel = await open('dark', { width: 1100, height: 640 });
  const manual = loadFixture('manual');
  await panel.play(manual);
  await clickItem(panel, 'n2');
  assert.equal(await text(panel, '.details h2'), 'c');
  await panel.deliver({ type: 'runStarted', runId: 2, title: 'manual.ts', mode: 'file' });
  await panel.page.locator('.run-notice').waitFor();
  assert.equal(await panel.page.locator('.details h2').count(), 0, 'no details while D runs');
  const drawn = await panel.armDrawn();
  await panel.deliver({ ...result(manual), runId: 2 });
  await drawn();
  assert.equal(await panel.page.locator('g.item.value').count(), 4, 'D\'s graph');
  assert.equal(await panel.page.locator('g.item.selected').count(), 0, 'nothing selected');
  assert.equal(await panel.page.locator('.details h2').count(), 0, 'no node in the details');
  assert.match(await text(panel, '.details'), /Click a node/);
  // A hover's "Show in graph" of the earlier run selects nothing in this one.
  await panel.deliver({ type: 'selectNode', runId: 1, nodeId: 2 });
  await panel.page.waitForTimeout(100);
  assert.equal(await panel.page.locator('g.item.selected').count(), 0);
});

test('a reload mid-run brings back the run, not an earlier result', async ({ open, shot }) => {
  const panel = await open('dark', NARROW);
  await panel.play(loadFixture('simple-nn'));
  await selectX(panel);
  await panel.deliver({ type: 'runStarted', runId: 2, title: 'scratch.ts', mode: 'file' });
  await panel.page.locator('.run-notice').waitFor();
  await panel.page.reload();
  await panel.page.locator('.run-notice').waitFor();
  await nothingOfA(panel);
  assert.equal(await text(panel, '.run-title'), 'scratch.ts');
  assert.equal(await text(panel, '.run-status'), 'reloaded mid-run');
  assert.match(await text(panel, '.run-notice'), /The panel was reloaded while scratch\.ts was running\./);
  await shot(panel, 'run-reloaded-460');
  // The run goes on and sends its result: shown, as running until it ends.
  const drawn = await panel.armDrawn();
  await panel.deliver({ ...result(loadFixture('manual')), runId: 2 });
  await drawn();
  assert.equal(await text(panel, '.run-status'), 'running');
  assert.equal(await panel.page.locator('g.item.value').count(), 4);
});
