// The Health tab (issue 14 §3): small multiples per parameter group from a recorded run, and the
// warning in plain words that examples/07-exploding-lr.ts is there to provoke.
import assert from 'node:assert/strict';
import { loadFixture } from './fixture';
import type { PanelPage } from './panel-page';
import { test } from './suite';

const NARROW = { width: 460, height: 760 };

async function openHealth(panel: PanelPage): Promise<void> {
  await panel.page.locator('vscode-tab-header', { hasText: 'Health' }).click();
  await panel.page.locator('.health-grid .spark').first().waitFor();
}

const warnings = (panel: PanelPage): Promise<string[]> => panel.page.locator('.health-warnings li').allTextContents();

/** Label texts of the sparklines that are not readable: under 10 px, or cut by their box. */
const unreadable = (panel: PanelPage): Promise<string[]> =>
  panel.page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.health .spark-label, .health-head, .health-group'))
      .filter((e) => e.textContent && (parseFloat(getComputedStyle(e).fontSize) < 10 || e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5))
      .map((e) => e.textContent!),
  );

test('health: the seed\'s network plots ‖grad‖ and update/data per layer', async ({ open, shot }) => {
  const panel = await open('dark', NARROW);
  await panel.play(loadFixture('simple-nn'));
  await openHealth(panel);
  const groups = await panel.page.locator('.health-group').allTextContents();
  assert.deepEqual(groups, ['model.fc1.weight', 'model.fc1.bias', 'model.fc2.weight', 'model.fc2.bias']);
  assert.equal(await panel.page.locator('.health-grid canvas').count(), 8);
  // Drawn: each ratio plot has its range and its latest value.
  const last = await panel.page.locator('.spark-last').allTextContents();
  assert.ok(last.every((t) => /^now -?\d/.test(t)), last.join(' | '));
  assert.deepEqual(await unreadable(panel), []);
  assert.deepEqual(await warnings(panel), [], 'a network that learns, then converges, is healthy');
  assert.equal(await panel.page.locator('vscode-tab-header', { hasText: 'Health' }).textContent(), 'Health');
  await shot(panel, 'health-simple-nn-460');
});

test('health: an exploding learning rate is called what it is', async ({ open, shot }) => {
  const panel = await open('light', NARROW);
  await panel.play(loadFixture('exploding'));
  await openHealth(panel);
  const said = await warnings(panel);
  assert.ok(said.some((w) => /model\.weight .*(learning rate may be too high|diverged)/.test(w)), said.join('\n'));
  assert.match((await panel.page.locator('vscode-tab-header', { hasText: 'Health' }).textContent()) ?? '', /Health \(\d ⚠\)/);
  assert.deepEqual(await unreadable(panel), []);
  await shot(panel, 'health-exploding-460');
});
