// The Output tab (a run's console output with its lines, cleared by a new run, older runs' lines
// dropped) and the gradient table at 460 px (selection in the theme's colours, nothing cut off).
import assert from 'node:assert/strict';
import { loadFixture } from './fixture';
import type { PanelPage } from './panel-page';
import { test } from './suite';

const lines = (panel: PanelPage): Promise<string[]> =>
  panel.page.evaluate(() => Array.from(document.querySelectorAll('.output-line')).map((l) => (l.textContent ?? '').replace(/\s+/g, ' ')));

test('output: console lines with their line numbers and levels; a new run clears them; older runs dropped', async ({ open, shot }) => {
  for (const [theme, width] of [['dark', 460], ['light', 460], ['dark', 900], ['light', 900]] as const) {
    const panel = await open(theme, { width, height: 720 });
    await panel.play(loadFixture('manual'));
    await panel.deliver({
      type: 'log', runId: 1,
      event: { type: 'log', dropped: 0, lines: [
        { level: 'warn', text: 'learning rate looks large', line: 3 },
        { level: 'error', text: '<b>not bold</b>', line: null },
      ] },
    });
    const header = panel.page.locator('vscode-tab-header', { hasText: 'Output' });
    assert.equal(await header.textContent(), 'Output (3)');
    await header.click();
    assert.deepEqual(await lines(panel), ['line 13d = 8, a.grad = 4, b.grad = 2', 'line 4learning rate looks large', '<b>not bold</b>']);
    assert.equal(await panel.page.locator('.output-lines b').count(), 0, 'text, not HTML');
    const colour = (sel: string): Promise<string> => panel.page.evaluate((s) => getComputedStyle(document.querySelector(s)!).color, sel);
    const themed = (name: string): Promise<string> => panel.page.evaluate((v) => {
      const probe = document.createElement('span');
      probe.style.color = `var(${v})`;
      document.body.append(probe);
      const c = getComputedStyle(probe).color;
      probe.remove();
      return c;
    }, name);
    assert.equal(await colour('.level-warn .output-text'), await themed('--vscode-editorWarning-foreground'));
    assert.equal(await colour('.level-error .output-text'), await themed('--vscode-errorForeground'));
    await shot(panel, `output-${width}-${theme}`);
    // A late line of run 1 after run 2 started is dropped; run 2 starts empty.
    await panel.deliver({ type: 'runStarted', runId: 2, title: 'again', mode: 'file' });
    await panel.deliver({ type: 'log', runId: 1, event: { type: 'log', dropped: 0, lines: [{ level: 'log', text: 'late', line: 1 }] } });
    assert.deepEqual(await lines(panel), []);
    // While run 2 has no result its output shows under the notice; lines the host dropped are counted.
    await panel.deliver({ type: 'log', runId: 2, event: { type: 'log', dropped: 40, lines: [{ level: 'log', text: 'step 1', line: 9 }] } });
    assert.deepEqual(await lines(panel), ['line 10step 1']);
    assert.equal(await panel.page.locator('.loose-output .output-line').count(), 1, 'beside the waiting notice');
    assert.match((await panel.page.locator('.output-dropped').textContent()) ?? '', /^40 earlier lines not shown/);
    if (width === 460) await shot(panel, `output-waiting-460-${theme}`);
  }
});

test('gradient table at 460 px: selected row in the theme selection colours, nothing cut off', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme, { width: 460, height: 720 });
    await panel.play(loadFixture('tensor-mlp'));
    await panel.page.locator('vscode-tab-header', { hasText: 'Gradients' }).click();
    const rows = panel.page.locator('.grad-table vscode-table-row');
    await rows.first().waitFor();
    await rows.nth(1).click();
    const [fg, bg, want] = await panel.page.evaluate(() => {
      const cell = document.querySelector('.grad-table vscode-table-row.selected vscode-table-cell')!;
      const probe = document.createElement('span');
      probe.style.color = 'var(--vscode-list-activeSelectionForeground)';
      probe.style.backgroundColor = 'var(--vscode-list-activeSelectionBackground)';
      document.body.append(probe);
      const expected = [getComputedStyle(probe).color, getComputedStyle(probe).backgroundColor];
      probe.remove();
      return [getComputedStyle(cell).color, getComputedStyle(cell.parentElement!).backgroundColor, expected];
    });
    assert.deepEqual([fg, bg], want, 'selection colours from the theme');
    // Every cell's text fits its cell (no ellipsis, nothing clipped).
    const clipped = await panel.page.evaluate(() =>
      Array.from(document.querySelectorAll('.grad-table vscode-table-row vscode-table-cell')).filter((c) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        const text = range.getBoundingClientRect();
        const cell = c.getBoundingClientRect();
        return text.right > cell.right + 1 || text.bottom > cell.bottom + 1;
      }).map((c) => c.textContent),
    );
    assert.deepEqual(clipped.slice(0, 5), [], 'no cell cut off');
    const filter = await panel.page.evaluate(() => {
      const input = document.querySelector('vscode-textfield.table-filter')!.shadowRoot!.querySelector('input')!;
      const c = document.createElement('canvas').getContext('2d')!;
      c.font = getComputedStyle(input).font;
      return { needed: c.measureText(input.placeholder).width, has: input.clientWidth };
    });
    assert.ok(filter.needed <= filter.has, `the filter's placeholder fits (${filter.needed.toFixed(0)} of ${filter.has} px)`);
    await shot(panel, `table-selected-460-${theme}`);
  }
});
