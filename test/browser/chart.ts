// Browser tests of the loss chart (registered in run.ts's suite): y labels at every size and
// scale for a loss that diverges (to 1e30, then Infinity, then NaN), a legend on one line in a
// 460 px panel, and the x axis saying what a step is. Screenshots: chart-exploding-*.png.
import assert from 'node:assert/strict';
import type { HostToPanel } from '../../src/protocol';
import type { PanelPage } from './panel-page';
import { test } from './suite';

/** A loss ×1.5 a step from 0.5 (1e30 at step 171), Infinity from step 172, NaN from step 180. */
function exploding(): HostToPanel {
  const steps = Array.from({ length: 200 }, (_, i) => i + 1);
  const values = steps.map((s) => (s >= 180 ? NaN : s >= 172 ? Infinity : 0.5 * 1.5 ** s));
  // The stub turns { nonFinite } back into numbers, as postMessage would deliver them.
  const plain = values.map((v) => (Number.isFinite(v) ? v : { nonFinite: String(v) }));
  const cols = { steps, values: plain, times: steps.map((s) => s * 3) } as unknown as { steps: Float64Array; values: Float64Array; times: Float64Array };
  return { type: 'loss', runId: 1, event: { type: 'loss', ...cols } };
}

/** The y labels the chart drew, from the canvas's description ("… y axis 0, 5e29, 1e30; x axis …"). */
async function yLabels(panel: PanelPage, log: boolean): Promise<string[]> {
  const wanted = log ? 'log scale' : 'y axis';
  await panel.page.waitForFunction((w) => document.querySelector('.chart-section canvas')?.getAttribute('aria-label')?.includes(w), wanted);
  // Two frames: the description follows the frame drawn at the current size.
  await panel.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const label = (await panel.page.locator('.chart-section canvas').getAttribute('aria-label')) ?? '';
  assert.equal(label.includes('log scale'), log, label);
  assert.match(label, /x axis step \(backward\(\) calls\)/);
  return /y axis ([^;]*);/.exec(label)![1].split(', ').filter(Boolean);
}

function assertReadable(labels: string[], log: boolean): void {
  assert.ok(labels.length >= 2, `at least two y labels: ${labels.join(', ')}`);
  assert.equal(new Set(labels).size, labels.length, `distinct: ${labels.join(', ')}`);
  for (const l of labels) assert.ok(Number.isFinite(Number(l)) && (!log || Number(l) > 0), `"${l}" is a number${log ? ' > 0' : ''}`);
}

/** The plotting area's height in CSS px (uPlot's overlay covers exactly it). */
const plotHeight = (panel: PanelPage): Promise<number> => panel.page.evaluate(() => document.querySelector('.chart-section .u-over')!.getBoundingClientRect().height);

test('loss chart: an exploding loss keeps readable y labels, linear and log, at 60 px tall; legend on one line at 460 px', async ({ open, shot }) => {
  const panel = await open('dark', { width: 460, height: 760 });
  await panel.deliver({ type: 'runStarted', runId: 1, title: 'diverges.ts — Train this model', mode: 'train' });
  await panel.deliver(exploding());
  await panel.deliver({ type: 'metric', runId: 1, event: { type: 'metric', names: ['accuracy', 'accuracy'], steps: [50, 150] as unknown as Float64Array, values: [0.6, 0.2] as unknown as Float64Array, times: [150, 450] as unknown as Float64Array } });
  await panel.page.waitForFunction(() => /accuracy/.test(document.querySelector('.u-legend')?.textContent ?? ''));

  const linear = await yLabels(panel, false);
  assertReadable(linear, false);
  assert.ok(linear.some((l) => Number(l) >= 1e29), `the top label reaches the loss: ${linear.join(', ')}`);
  const legend = await panel.page.evaluate(() => {
    const l = document.querySelector('.chart-section .u-legend') as HTMLElement;
    const section = document.querySelector('.chart-section')!.getBoundingClientRect();
    return { height: l.getBoundingClientRect().height, right: l.getBoundingClientRect().right, sectionRight: section.right, lineHeight: parseFloat(getComputedStyle(l).lineHeight) };
  });
  assert.ok(legend.height < 2 * legend.lineHeight, `the legend is one line (${legend.height} px)`);
  assert.ok(legend.right <= legend.sectionRight, 'the legend ends inside the panel');
  await shot(panel, 'chart-exploding-linear-460');

  await panel.page.locator('vscode-checkbox', { hasText: 'Log scale' }).click();
  const log = await yLabels(panel, true);
  assertReadable(log, true);
  assert.ok(log.every((l) => Number.isInteger(Math.log10(Number(l)))), `powers of ten: ${log.join(', ')}`);
  await shot(panel, 'chart-exploding-log-460');

  // Squeeze the chart until its plotting area is 60 px tall: still at least two labels.
  await panel.page.evaluate(() => {
    const section = document.querySelector('.chart-section') as HTMLElement;
    const over = document.querySelector('.chart-section .u-over')!.getBoundingClientRect().height;
    section.style.height = `${parseFloat(getComputedStyle(section).height) - (over - 60)}px`;
  });
  await panel.page.waitForFunction(() => Math.abs(document.querySelector('.chart-section .u-over')!.getBoundingClientRect().height - 60) < 2);
  assert.ok(Math.abs((await plotHeight(panel)) - 60) < 2);
  assertReadable(await yLabels(panel, true), true);
  await shot(panel, 'chart-exploding-log-60px');
  await panel.page.locator('vscode-checkbox', { hasText: 'Log scale' }).click();
  assertReadable(await yLabels(panel, false), false);
  await shot(panel, 'chart-exploding-linear-60px');
});
