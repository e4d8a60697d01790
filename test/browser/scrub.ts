// Watching a model learn (issue 14 §2, §4): the step scrubber moves the graph to a recorded step
// (the numbers the run's process recomputed, checked against the recording) with the keyboard,
// and back to the latest; the decision boundary redraws while the moons train.
import assert from 'node:assert/strict';
import type { HostToPanel } from '../../src/protocol';
import { formatNumber } from '../../webview/format';
import { loadFixture } from './fixture';
import type { PanelPage } from './panel-page';
import { clickItem, posted, test } from './suite';

const NARROW = { width: 460, height: 900 };
type Result = Extract<HostToPanel, { type: 'result' }>;

const rootData = (panel: PanelPage, root: number): Promise<string> =>
  panel.page.evaluate((key) => document.querySelectorAll(`g.item.value[data-key="${key}"] text`)[1]?.textContent ?? '', `n${root}`);
const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().textContent()) ?? '';

test('scrubber: the keyboard moves the graph to a recorded step and back to the latest', async ({ open, shot }) => {
  const panel = await open('dark', NARROW);
  const fixture = loadFixture('live-moons');
  await panel.play(fixture);
  await panel.page.waitForFunction(() => document.querySelector('.run-status')?.textContent === 'completed');
  const result = fixture.messages.find((m): m is Result => m.type === 'result')!.event;
  const root = result.graph.root;
  const final = await rootData(panel, root);
  assert.equal(final, `data ${formatNumber(result.graph.nodes.find((n) => n.id === root)!.data)}`);
  assert.equal(await panel.page.locator('.scrubber').isVisible(), true);
  assert.match(await text(panel, '.scrubber-label'), /latest \(8 recorded\)/);

  // Home, then two steps right: step 3, as the run's process recomputed it.
  const slider = panel.page.locator('.scrubber-slider');
  await slider.focus();
  let drawn = await panel.armDrawn();
  await panel.page.keyboard.press('Home');
  await drawn();
  for (let k = 0; k < 2; k++) {
    drawn = await panel.armDrawn();
    await panel.page.keyboard.press('ArrowRight');
    assert.equal((await drawn()).kind, 'update', 'same structure: numbers only');
  }
  const step3 = fixture.stepViews![3];
  assert.equal(await rootData(panel, root), `data ${formatNumber(step3.graph.nodes.find((n) => n.id === root)!.data)}`);
  assert.notEqual(await rootData(panel, root), final);
  assert.match(await text(panel, '.run-outcome'), /^Step 3 \(scrubber\): recomputed from the parameters recorded at that step\.$/);
  assert.match(await text(panel, '.scrubber-label'), /^3 of 8$/);
  await shot(panel, 'scrubber-step-3-460');

  // Opening a group while step 3 is on screen asks for step 3 again, with that group inside.
  const group = result.graph.groups[0];
  await panel.page.locator('vscode-tab-header', { hasText: 'Graph' }).click();
  await clickItem(panel, `g${group.id}`);
  await panel.page.waitForFunction((g) => (window as unknown as { __posted: { type: string; step?: number; scopes?: number[] }[] }).__posted.some((m) => m.type === 'scrub' && m.step === 3 && m.scopes?.includes(g)), group.id);
  assert.equal((await posted(panel, 'expandGroup')).length, 0, 'not the latest graph\'s group');

  // End: the latest graph again.
  await slider.focus();
  drawn = await panel.armDrawn();
  await panel.page.keyboard.press('End');
  await drawn();
  assert.equal(await rootData(panel, root), final);
  assert.equal(await panel.page.locator('.run-outcome').isVisible(), false);
  assert.match(await text(panel, '.scrubber-label'), /latest/);
});

test('decision boundary: redrawn while the moons train, with the step and accuracy', async ({ open, shot }) => {
  const panel = await open('light', NARROW);
  const fixture = loadFixture('live-moons');
  await panel.hostGroupViews(fixture);
  const captions: string[] = [];
  const tab = panel.page.locator('vscode-tab-header', { hasText: 'Boundary' });
  let clicked = false;
  for (const message of fixture.messages) {
    await panel.deliver(message);
    // The tab appears with the run's first boundary (the tabs themselves with its first graph).
    if (message.type === 'live' && !clicked) {
      clicked = true;
      await tab.waitFor();
      await tab.click();
      await panel.page.locator('.boundary-canvas').waitFor();
    }
    if (message.type === 'boundary' && clicked) {
      const step = message.event.boundary.step;
      await panel.page.waitForFunction((s) => new RegExp(`step ${s}\\b`).test(document.querySelector('.boundary-caption')?.textContent ?? ''), step);
      captions.push(await text(panel, '.boundary-caption'));
    }
  }
  assert.ok(new Set(captions).size >= 3, captions.join(' | '));
  await shot(panel, 'boundary-trained-460');
  assert.match(captions[captions.length - 1], /accuracy \d+%/);
  const box = await panel.page.locator('.boundary-canvas').boundingBox();
  assert.ok(box && box.width > 300 && box.x + box.width <= NARROW.width, `the figure fits at 460 px: ${JSON.stringify(box)}`);
  // A new run starts without it.
  await panel.deliver({ type: 'runStarted', runId: 2, title: 'next.ts', mode: 'train', live: true });
  await panel.page.waitForFunction(() => (document.querySelector('.boundary-section') as HTMLElement | null)?.hidden !== false);
  assert.equal(await tab.isVisible(), false, 'no Boundary tab for a run that plots none');
  await shot(panel, 'boundary-next-run-460');
});
