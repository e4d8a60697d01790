// The first view of a graph reads: every text drawn in view is at least 10 px on screen, at the
// panel widths people use (460 px beside the editor, 900 px), for a 4-node, a 10-node and a
// grouped ~100k-node graph; "Fit all" is one click and says what it costs; group boxes keep a
// name when zoomed out; an opened group closes again.
import assert from 'node:assert/strict';
import { loadFixture } from './fixture';
import type { PanelPage } from './panel-page';
import { clickItem, posted, test } from './suite';

export interface TextSizes {
  /** Texts drawn and at least half inside the graph's frame. */
  inView: number;
  /** Their smallest and largest on-screen font size, in px. */
  min: number;
  max: number;
  /** The labels among them (value and group names). */
  labels: string[];
}

/** Measures the graph's texts in view: font-size × the scale the SVG is drawn at (getScreenCTM). */
export async function textSizes(panel: PanelPage): Promise<TextSizes> {
  return panel.page.evaluate(() => {
    const frame = document.querySelector('.graph-canvas')!.getBoundingClientRect();
    const sizes: number[] = [];
    const labels: string[] = [];
    for (const t of Array.from(document.querySelectorAll<SVGTextElement>('svg.graph text'))) {
      const r = t.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not drawn (hidden at this zoom)
      const cx = (r.left + r.right) / 2;
      const cy = (r.top + r.bottom) / 2;
      if (cx < frame.left || cx > frame.right || cy < frame.top || cy > frame.bottom) continue;
      const scale = t.getScreenCTM()!.a;
      sizes.push(parseFloat(getComputedStyle(t).fontSize) * scale);
      if (t.classList.contains('label') || t.classList.contains('group-label')) labels.push(t.textContent ?? '');
    }
    return { inView: sizes.length, min: Math.min(...sizes), max: Math.max(...sizes), labels };
  });
}

async function hint(panel: PanelPage): Promise<string | null> {
  const el = panel.page.locator('.view-hint');
  return (await el.isVisible()) ? (await el.innerText()).replace(/\s+/g, ' ').trim() : null;
}

const WIDTHS = [460, 900] as const;

for (const [fixture, what] of [['manual', 'seed, 4 nodes'], ['neuron', 'neuron, 10 nodes'], ['moons-100k', 'moons, ~100k nodes grouped']] as const) {
  test(`first view reads at 460 and 900 px: ${what}`, async ({ open, shot }) => {
    for (const width of WIDTHS) {
      for (const theme of ['dark', 'light'] as const) {
        const panel = await open(theme, { width, height: 720 });
        await panel.play(loadFixture(fixture));
        await panel.page.waitForTimeout(100);
        const sizes = await textSizes(panel);
        console.log(`    ${fixture} at ${width} px (${theme}): ${sizes.inView} texts in view, ${sizes.min.toFixed(1)}–${sizes.max.toFixed(1)} px; ${await hint(panel) ?? 'no hint'}`);
        assert.ok(sizes.inView >= 3, `some text in view (${sizes.inView})`);
        assert.ok(sizes.min >= 10, `every text in view at least 10 px (smallest ${sizes.min.toFixed(2)} px)`);
        const root = await panel.page.locator('g.item.role-root .shape').boundingBox();
        const frame = (await panel.page.locator('.graph-canvas').boundingBox())!;
        assert.ok(root && root.x >= frame.x && root.x + root.width <= frame.x + frame.width + 1, 'the root (the loss) is in view');
        await shot(panel, `first-${fixture}-${width}-${theme}`);
      }
    }
  });
}

test('a graph shown in part says so, and "Fit all" shows all of it', async ({ open, shot }) => {
  const panel = await open('dark', { width: 460, height: 720 });
  await panel.play(loadFixture('neuron'));
  assert.match((await hint(panel)) ?? '', /^\d+ of 10 nodes in view — drag to pan, or Fit all$/);
  await panel.page.locator('.view-hint vscode-button', { hasText: 'Fit all' }).click();
  await panel.page.waitForTimeout(100);
  assert.equal(await hint(panel), 'Whole graph shown: text too small to read — Zoom to read');
  await shot(panel, 'neuron-fit-all-460-dark');
  await panel.page.locator('.view-hint vscode-button', { hasText: 'Zoom to read' }).click();
  await panel.page.waitForTimeout(100);
  assert.ok((await textSizes(panel)).min >= 10, 'readable again');
});

test('group boxes keep their names when zoomed out; an opened group closes again', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme, { width: 900, height: 720 });
    const fixture = loadFixture('moons-100k');
    await panel.play(fixture);
    let drawn = await panel.armDrawn();
    await clickItem(panel, 'g1'); // scores: 104 groups inside
    await drawn();
    const opened = await textSizes(panel);
    assert.ok(opened.min >= 10, `the opened group's inside reads (${opened.min.toFixed(2)} px)`);
    await panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Fit all' }).click();
    await panel.page.waitForTimeout(150);
    const fitted = await textSizes(panel);
    console.log(`    moons, scores open, Fit all (${theme}): ${fitted.labels.length} group names shown, ${fitted.min.toFixed(1)}–${fitted.max.toFixed(1)} px`);
    assert.ok(fitted.labels.length >= 10, `group names shown when fitted (${fitted.labels.length})`);
    assert.ok(fitted.min >= 10, `at a readable size (${fitted.min.toFixed(2)} px)`);
    await shot(panel, `groups-fit-all-900-${theme}`);

    // Close it from the list of what is open.
    const chip = panel.page.locator('.banner-opened button.open-group', { hasText: 'scores' });
    assert.equal(await chip.count(), 1);
    await panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Fit all' }).click();
    assert.doesNotMatch((await panel.page.locator('.graph-banner').textContent()) ?? '', /inferred/);
    drawn = await panel.armDrawn();
    await chip.click();
    await drawn();
    assert.equal(await panel.page.locator('g.item.group').count(), 5, 'scores is one box again');
    assert.equal(await panel.page.locator('g.item.port').count(), 0);
    assert.equal(await panel.page.locator('.banner-opened').isVisible(), false);

    // Open it again and close it from the group itself: its exit (in view), then Close in the details.
    drawn = await panel.armDrawn();
    await clickItem(panel, 'g1');
    await drawn();
    assert.deepEqual((await posted(panel, 'expandGroup')).map((m) => m.group), [1, 1], 'asked the host again');
    await clickItem(panel, 'u1');
    await shot(panel, `group-entry-selected-900-${theme}`);
    drawn = await panel.armDrawn();
    await panel.page.locator('.details vscode-button', { hasText: 'Close scores' }).click();
    await drawn();
    assert.equal(await panel.page.locator('g.item[data-key="g1"]').count(), 1);
    assert.equal(await panel.page.locator('g.item.selected').getAttribute('data-key'), 'g1', 'the closed group is selected');
  }
});
