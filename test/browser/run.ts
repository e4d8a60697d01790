// Browser tests of the BUILT panel page (dist/webview.js, media/panel.css) in headless Chromium,
// served with the host's Content-Security-Policy and fed with recorded messages (fixtures/, made
// by make-fixtures.ts from real runs). Every page must end with no CSP violation, no error in the
// console and no dialog. Screenshots (light and dark) go to test-results/browser/.
// Usage: npm run build && node --import tsx test/browser/run.ts [name filter]
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, type Browser } from './browser';
import { loadFixture } from './fixture';
import { PanelPage } from './panel-page';
import { startServer, type PanelServer } from './server';
import { clickItem, posted, result, test, tests, type Context } from './suite';
import { runSuite } from './suite-runner';
import './one-run';
import './first-view';
import './output-table';
import './live';
import './chart';
import './health';
import './scrub';
import './gradcheck';
import './stepper';
import './what-if';
import './cursor';
import './settings';

const SHOTS = resolve(__dirname, '..', '..', 'test-results', 'browser');

/** The texts of the record drawn for each labelled value node: label -> [label, data, grad]. */
async function records(panel: PanelPage): Promise<Record<string, string[]>> {
  return panel.page.evaluate(() => {
    const out: Record<string, string[]> = {};
    document.querySelectorAll('g.item.value').forEach((g) => {
      const texts = Array.from(g.querySelectorAll('text')).map((t) => t.textContent ?? '');
      out[texts[0]] = texts;
    });
    return out;
  });
}

/** The texts of every value node's record by item key. */
async function recordsByKey(panel: PanelPage): Promise<Record<string, string[]>> {
  return panel.page.evaluate(() =>
    Object.fromEntries(Array.from(document.querySelectorAll('g.item.value')).map((g) => [g.getAttribute('data-key'), Array.from(g.querySelectorAll('text')).map((t) => t.textContent ?? '')])),
  );
}

// ---- the tests -------------------------------------------------------------------------------

test('empty state: says what to do, posts ready, answers ping', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme);
    assert.equal(await panel.page.locator('.empty-state h1').textContent(), 'GradLens');
    assert.match((await panel.page.locator('.empty-state').textContent()) ?? '', /Compute gradients/);
    assert.equal((await posted(panel, 'ready')).length, 1);
    await panel.deliver({ type: 'ping', nonce: 42 });
    await panel.page.waitForFunction(() => (window as unknown as { __posted: { type: string; nonce?: number }[] }).__posted.some((m) => m.type === 'pong' && m.nonce === 42));
    await shot(panel, `empty-${theme}`);
  }
});

test('seed example: graph drawn with a, b, c, d and grads 4, 2, 1, 1', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme, { width: 1100, height: 640 });
    const drawn = await panel.play(loadFixture('manual'));
    assert.equal(drawn.kind, 'draw');
    const r = await records(panel);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((l) => r[l]?.[2]), ['grad 4.0000', 'grad 2.0000', 'grad 1.0000', 'grad 1.0000']);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((l) => r[l]?.[1]), ['data 2.0000', 'data 3.0000', 'data 6.0000', 'data 8.0000']);
    assert.equal(await panel.page.locator('g.item.op').count(), 2, 'an op node for c (mul) and d (add)');
    assert.equal(await panel.page.locator('g.item.role-root').count(), 1);
    assert.equal(await panel.page.locator('path.edge').count(), 6, 'a→×, b→×, ×→c, c→+, a→+, +→d');
    await shot(panel, `seed-${theme}`);
  }
});

test('node click: details show op, data, grad, local derivatives; revealNode posted with the line', async ({ open, shot }) => {
  const panel = await open('dark', { width: 1100, height: 640 });
  await panel.play(loadFixture('manual'));
  await clickItem(panel, 'n2'); // c = a.mul(b)
  const details = panel.page.locator('.details');
  assert.equal(await details.locator('h2').textContent(), 'c');
  const text = (await details.textContent()) ?? '';
  assert.match(text, /opmul/);
  assert.match(text, /data6/);
  assert.match(text, /grad1/);
  assert.match(text, /∂c\/∂a = 3 +\(b\)/, 'local derivative of a·b by a is b = 3');
  assert.match(text, /∂c\/∂b = 2 +\(a\)/);
  const reveal = await posted(panel, 'revealNode');
  assert.equal(reveal.length, 1);
  assert.deepEqual({ ...reveal[0], file: reveal[0].file }, { type: 'revealNode', runId: 1, nodeId: 2, file: null, line: 8, col: reveal[0].col, endLine: reveal[0].endLine, endCol: reveal[0].endCol });
  assert.equal(await panel.page.locator('g.item.selected').getAttribute('data-key'), 'n2');
  // Clicking an input in the details walks the graph.
  await details.locator('button.link', { hasText: 'a' }).click();
  assert.equal(await details.locator('h2').textContent(), 'a');
  await shot(panel, 'details-dark');
});

test('keyboard: arrows move between nodes, Enter reveals, / focuses search', async ({ open }) => {
  const panel = await open('dark', { width: 1100, height: 640 });
  await panel.play(loadFixture('manual'));
  await panel.page.locator('.graph-canvas').focus();
  const selected = (): Promise<string | null> => panel.page.locator('g.item.selected').getAttribute('data-key');
  await panel.page.keyboard.press('ArrowLeft'); // nothing selected: starts at the root
  assert.equal(await selected(), 'n3');
  await panel.page.keyboard.press('ArrowLeft'); // d's op
  assert.equal(await selected(), 'o3');
  await panel.page.keyboard.press('ArrowLeft'); // an input of +: c or a
  assert.ok(['n2', 'n0'].includes((await selected())!));
  await panel.page.keyboard.press('ArrowRight');
  assert.equal(await selected(), 'o3');
  await panel.page.keyboard.press('Enter');
  assert.equal((await posted(panel, 'revealNode')).at(-1)?.nodeId, 3);
  await panel.page.keyboard.press('Escape');
  assert.equal(await panel.page.locator('g.item.selected').count(), 0);
});

test('search by label: matches highlighted, Enter selects the next', async ({ open }) => {
  const panel = await open('dark');
  await panel.play(loadFixture('mlp-1000'));
  const field = panel.page.locator('vscode-textfield.graph-search input');
  await field.fill('w');
  const count = panel.page.locator('.search-count');
  assert.match((await count.textContent()) ?? '', /^\d+ found$/);
  const matches = await panel.page.locator('g.item.match').count();
  assert.ok(matches > 50, `parameters labelled …w… are found (${matches})`);
  await field.press('Enter');
  assert.match((await count.textContent()) ?? '', new RegExp(`^1 of ${matches}$`));
  assert.equal(await panel.page.locator('g.item.selected.match').count(), 1);
});

test('gradient table: rows, sort by |grad| both ways, filter, row selects node', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme);
    await panel.play(loadFixture('metrics'));
    await panel.page.locator('vscode-tab-header', { hasText: 'Gradients' }).click();
    const rows = panel.page.locator('.grad-table vscode-table-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 160, 'one row per node');
    const absHeader = panel.page.locator('.grad-table vscode-table-header-cell').nth(4);
    await absHeader.click();
    const abs = (): Promise<number[]> => panel.page.evaluate(() => Array.from(document.querySelectorAll('.grad-table vscode-table-row')).map((r) => Math.abs(Number(r.children[4].textContent))));
    let values = await abs();
    assert.deepEqual(values, [...values].sort((a, b) => b - a), 'descending first');
    assert.equal(await absHeader.getAttribute('aria-sort'), 'descending');
    await absHeader.click();
    values = await abs();
    assert.deepEqual(values, [...values].sort((a, b) => a - b), 'then ascending');
    await panel.page.locator('.grad-table vscode-table-header-cell').nth(4).click();
    await panel.page.locator('vscode-textfield.table-filter input').fill('relu');
    const ops = await panel.page.evaluate(() => Array.from(document.querySelectorAll('.grad-table vscode-table-row')).map((r) => r.children[1].textContent));
    assert.ok(ops.length > 0 && ops.every((op) => op === 'relu'), `filtered to relu rows: ${ops.join(', ')}`);
    await shot(panel, `table-${theme}`);
    await rows.first().click();
    const key = await rows.first().getAttribute('data-key');
    assert.equal(await panel.page.locator('g.item.selected').getAttribute('data-key'), key);
    assert.match((await panel.page.locator('.details').textContent()) ?? '', /oprelu/);
  }
});

test('live loss: chart appears and updates while loss messages stream; Stop posts stop', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme);
    await panel.deliver({ type: 'runStarted', runId: 7, title: 'moons.ts — Train this model', mode: 'train' });
    const chart = panel.page.locator('.chart-section');
    await chart.waitFor();
    const stats = panel.page.locator('.chart-stats');
    let step = 0;
    for (let batch = 0; batch < 20; batch++) {
      const n = 15;
      const steps = Array.from({ length: n }, () => ++step);
      await panel.deliver({
        type: 'loss', runId: 7,
        event: { type: 'loss', steps: steps as unknown as Float64Array, values: steps.map((s) => 1.5 * Math.exp(-s / 80) + 0.08 * Math.sin(s)) as unknown as Float64Array, times: steps.map((s) => s * 4) as unknown as Float64Array },
      });
      if (batch === 2) await panel.page.waitForFunction(() => /step 45\b/.test(document.querySelector('.chart-stats')?.textContent ?? ''));
    }
    await panel.page.waitForFunction(() => /step 300\b/.test(document.querySelector('.chart-stats')?.textContent ?? ''));
    assert.match((await stats.textContent()) ?? '', /steps\/s/);
    assert.match((await stats.textContent()) ?? '', /elapsed/);
    assert.equal(await panel.page.locator('.chart-section canvas').count() > 0, true, 'uPlot drew on a canvas');
    await panel.deliver({ type: 'metric', runId: 7, event: { type: 'metric', names: ['accuracy', 'accuracy'], steps: [100, 300] as unknown as Float64Array, values: [0.6, 0.9] as unknown as Float64Array, times: [400, 1200] as unknown as Float64Array } });
    await panel.page.waitForFunction(() => /accuracy/.test(document.querySelector('.u-legend')?.textContent ?? ''));
    await panel.page.locator('.stop-button').click();
    assert.equal((await posted(panel, 'stop')).length, 1);
    // Log scale and smoothing change the plot and are kept in the state.
    await panel.page.locator('vscode-checkbox', { hasText: 'Log scale' }).click();
    await panel.page.locator('.smoothing-slider').fill('0.9');
    await panel.page.waitForTimeout(700);
    const state = await panel.page.evaluate(() => JSON.parse(sessionStorage.getItem('gradlens-state') ?? 'null'));
    assert.deepEqual([state.ui.logScale, state.ui.smoothing], [true, 0.9]);
    await panel.deliver({ type: 'runEnded', runId: 7, status: 'stopped', error: null, stopped: { type: 'stopped', reason: 'user', message: 'Stopped.' } });
    await panel.page.locator('.stop-button').waitFor({ state: 'hidden' });
    await shot(panel, `chart-${theme}`);
  }
});

test('a result arriving while the table tab is shown is placed when the graph tab opens', async ({ open }) => {
  const panel = await open('dark', { width: 1100, height: 640 });
  await panel.play(loadFixture('manual'));
  await panel.page.locator('vscode-tab-header', { hasText: 'Gradients' }).click();
  await panel.page.locator('.grad-table vscode-table-row').first().waitFor();
  const drawn = await panel.armDrawn();
  await panel.deliver({ type: 'runStarted', runId: 2, title: 'nan', mode: 'file' });
  await panel.deliver({ ...result(loadFixture('nan')), runId: 2 });
  await drawn();
  assert.equal(await panel.page.locator('.grad-table vscode-table-row').count(), 9, 'the table shows the new result');
  await panel.page.locator('vscode-tab-header', { hasText: 'Graph' }).click();
  await panel.page.waitForTimeout(200);
  const scale = await panel.page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec((document.querySelector('.graph-stage') as HTMLElement).style.transform)?.[1]));
  assert.ok(scale >= 0.4, `placed at a readable scale (${scale})`);
  const box = await panel.page.locator('g.item[data-key="n8"] .shape').boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 1100 && box.y > 60, 'the root is in view');
});

test('a label that is HTML shows as text: no element made, no dialog', async ({ open, shot }) => {
  const panel = await open('dark', { width: 1100, height: 640 });
  await panel.play(loadFixture('xss'));
  const labels = await panel.page.evaluate(() => Array.from(document.querySelectorAll('g.item.value text.label')).map((t) => t.textContent));
  assert.ok(labels.includes('<img src=x onerror=alert(1)>'), `labels: ${labels.join(', ')}`);
  assert.ok(labels.includes('<b>bold</b>'));
  assert.equal(await panel.page.locator('img').count(), 0);
  assert.equal(await panel.page.locator('#app b').count(), 0);
  await clickItem(panel, 'n0');
  assert.equal(await panel.page.locator('.details h2').textContent(), '<img src=x onerror=alert(1)>');
  await panel.page.locator('vscode-tab-header', { hasText: 'Gradients' }).click();
  await panel.page.locator('.grad-table vscode-table-row').first().waitFor();
  assert.equal(await panel.page.locator('img').count(), 0);
  await panel.page.waitForTimeout(200);
  assert.deepEqual(panel.dialogs, []);
  await panel.page.locator('vscode-tab-header', { hasText: 'Graph' }).click();
  await shot(panel, 'xss-dark');
});

test('NaN: non-finite nodes red, the path to the root highlighted', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme, { width: 1100, height: 640 });
    await panel.play(loadFixture('nan'));
    const bad = await panel.page.evaluate(() => Array.from(document.querySelectorAll('g.item.value.nonfinite text.label')).map((t) => t.textContent));
    assert.ok(bad.includes('bad') && bad.includes('loss'), `non-finite: ${bad.join(', ')}`);
    assert.ok(!bad.includes('ok'));
    const path = await panel.page.evaluate(() => Array.from(document.querySelectorAll('g.item.nan-path')).map((g) => g.getAttribute('data-key')));
    assert.ok(path.includes('n8'), 'the path reaches the root');
    assert.ok((await panel.page.locator('path.edge.nan-path').count()) >= 4);
    assert.match((await panel.page.locator('.run-summary').textContent()) ?? '', /loss = NaN/);
    await panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Fit' }).click();
    await shot(panel, `nan-${theme}`);
  }
});

test('groups: banner says what is collapsed; click expands through the host; counts', async ({ open, shot }) => {
  const fixture = loadFixture('moons-100k');
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme);
    await panel.play(fixture);
    const banner = panel.page.locator('.graph-banner');
    assert.equal(await banner.textContent(), '5 groups collapsed (98,216 of 98,217 nodes) — click one to open it');
    assert.equal(await panel.page.locator('g.item.group').count(), 5);
    assert.ok((await panel.page.locator('text.edge-count').allTextContents()).includes('×50,550'), 'bundled edge model → scores');
    await shot(panel, `groups-top-${theme}`);
    let drawn = await panel.armDrawn();
    await clickItem(panel, 'g1'); // scores
    await drawn();
    assert.deepEqual((await posted(panel, 'expandGroup')).map((m) => m.group), [1]);
    assert.equal(await panel.page.locator('g.item.group').count(), 104);
    assert.match((await banner.textContent()) ?? '', /^104 groups collapsed \(98,216 of 98,217 nodes\)/);
    await panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Fit' }).click();
    await shot(panel, `groups-scores-${theme}`);
    drawn = await panel.armDrawn();
    await clickItem(panel, 'g5'); // one sample: 963 nodes
    await drawn();
    assert.equal(await panel.page.locator('g.item.group').count(), 103);
    assert.ok((await panel.page.locator('g.item.value').count()) > 900);
    assert.ok((await panel.page.locator('g.item.port').count()) >= 2, 'ports where edges enter and leave opened groups');
    assert.match((await banner.textContent()) ?? '', /Open:scores ✕scores\[0\] #6–1304 ✕Dashed lines: where an opened group's inputs enter and its results leave\./);
    await shot(panel, `groups-${theme}`);
  }
});

test('the same program run again lays out the same; the selection is not carried over', async ({ open }) => {
  const panel = await open('dark');
  const step5 = loadFixture('mlp-1000-step5');
  const first = await panel.play(step5);
  assert.equal(first.kind, 'draw');
  const positions = (): Promise<Record<string, string>> =>
    panel.page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('g.item')).map((g) => [g.getAttribute('data-key'), g.getAttribute('transform')])));
  const before = await positions();
  const grads = await recordsByKey(panel);
  await panel.deliver({ type: 'selectNode', runId: 1, nodeId: 970 });
  await panel.page.waitForFunction(() => document.querySelector('g.item.selected')?.getAttribute('data-key') === 'n970');
  const drawn = await panel.armDrawn();
  await panel.deliver({ type: 'runStarted', runId: 2, title: 'again', mode: 'train' });
  await panel.deliver({ ...result(loadFixture('mlp-1000')), runId: 2 });
  await drawn();
  assert.deepEqual(await positions(), before, 'same structure, same places');
  const after = await recordsByKey(panel);
  assert.deepEqual(Object.keys(after).sort(), Object.keys(grads).sort());
  const changed = Object.keys(after).filter((k) => after[k][2] !== grads[k][2]);
  assert.ok(changed.length > 500, `gradients updated (${changed.length} of ${Object.keys(after).length} nodes changed)`);
  assert.equal(await panel.page.locator('g.item.selected').count(), 0, 'a new run starts with nothing selected');
  assert.equal(await panel.page.locator('.details h2').count(), 0);
});

test('state survives a reload: graph, opened groups, selection, loss, settings', async ({ open }) => {
  const panel = await open('dark');
  const fixture = loadFixture('moons-100k');
  await panel.play(fixture);
  const drawn = await panel.armDrawn();
  await clickItem(panel, 'g1'); // open "scores"
  await drawn();
  await panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Fit' }).click();
  await clickItem(panel, 'g8');
  await panel.page.locator('.smoothing-slider').fill('0.3');
  await panel.page.waitForTimeout(700); // state is saved at most twice a second
  await panel.page.reload();
  await panel.page.waitForFunction(() => document.body.dataset.graph === 'drawn', undefined, { timeout: 20_000 });
  assert.equal(await panel.page.locator('g.item[data-key="g1"]').count(), 0, 'scores still open');
  assert.equal(await panel.page.locator('g.item.group').count(), 104);
  assert.equal(await panel.page.locator('g.item.selected').getAttribute('data-key'), 'g8');
  assert.equal(await panel.page.locator('.details h2').textContent(), fixture.groupViews[1].groups.find((g) => g.id === 8)!.label);
  assert.match((await panel.page.locator('.chart-stats').textContent()) ?? '', /step 3\b/);
  assert.equal(await panel.page.locator('.smoothing-value').textContent(), '0.30');
  assert.equal(await panel.page.locator('.empty-state').isVisible(), false);
  assert.deepEqual((await posted(panel, 'expandGroup')).length, 0, 'restored from the state, not asked again');
});

test('selectNode from the host selects the node; one inside a group opens it first', async ({ open }) => {
  const panel = await open('dark');
  await panel.play(loadFixture('manual'));
  await panel.deliver({ type: 'selectNode', runId: 1, nodeId: 1 });
  await panel.page.waitForFunction(() => document.querySelector('g.item.selected')?.getAttribute('data-key') === 'n1');
  assert.equal(await panel.page.locator('.details h2').textContent(), 'b');

  // dataLoss (a bound variable, as a hover's "Show in graph" gives) is inside the group of its statement.
  const moons = await open('dark');
  const fixture = loadFixture('moons-100k');
  await moons.play(fixture);
  const dataLoss = result(fixture).event.bindings.find((b) => b.name === 'dataLoss')!;
  const drawn = await moons.armDrawn();
  await moons.deliver({ type: 'selectNode', runId: 1, nodeId: dataLoss.nodeId! });
  await drawn();
  await moons.page.waitForFunction((k) => document.querySelector('g.item.selected')?.getAttribute('data-key') === k, `n${dataLoss.nodeId}`);
  assert.deepEqual((await posted(moons, 'expandGroup')).map((m) => m.group), [3]);
});

test('theme change recolours the graph and the chart', async ({ open, shot }) => {
  const panel = await open('dark');
  await panel.play(loadFixture('metrics'));
  const fill = (): Promise<string> => panel.page.evaluate(() => getComputedStyle(document.querySelector('g.item.value .shape')!).fill);
  const dark = await fill();
  await panel.setTheme('light');
  const light = await fill();
  assert.notEqual(light, dark);
  await panel.setTheme('high-contrast');
  assert.notEqual(await fill(), light);
  await shot(panel, 'metrics-high-contrast');
  await panel.setTheme('light');
  await shot(panel, 'metrics-light-after-switch');
});

test('tensors: records show shape and ‖grad‖; a failed run shows its error', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme);
    await panel.play(loadFixture('tensor-mlp'));
    const r = await records(panel);
    const shapes = Object.values(r).filter((t) => t[1]?.startsWith('shape'));
    assert.ok(shapes.length > 3, 'tensor records');
    assert.ok(shapes.every((t) => t[2].startsWith('‖grad‖')));
    await shot(panel, `tensor-${theme}`);
    await panel.deliver({ type: 'runStarted', runId: 2, title: 'broken.ts', mode: 'file' });
    await panel.deliver({
      type: 'runEnded', runId: 2, status: 'failed', stopped: null,
      error: { type: 'error', kind: 'runtime', message: 'a.matmul(b): shapes [2, 3] and [2, 3] cannot be multiplied', name: 'Error', file: '/w/broken.ts', line: 4, col: 2, stack: null },
    });
    assert.match((await panel.page.locator('.run-notice').textContent()) ?? '', /line 5 of broken\.ts: a\.matmul\(b\): shapes \[2, 3\] and \[2, 3\] cannot be multiplied/);
    assert.equal(await panel.page.locator('g.item').count(), 0, 'no graph of the earlier run');
  }
});

test('big graph: 1,000 nodes drawn, then the panel at narrow width', async ({ open, shot }) => {
  for (const theme of ['dark', 'light'] as const) {
    const panel = await open(theme);
    const d = await panel.play(loadFixture('mlp-1000'));
    assert.equal(d.items, 1827);
    assert.equal(await panel.page.locator('g.item.value').count(), 980);
    await shot(panel, `mlp-1000-${theme}`);
    await panel.page.setViewportSize({ width: 640, height: 900 });
    await panel.page.waitForTimeout(300);
    await shot(panel, `mlp-1000-narrow-${theme}`);
  }
});

// ---- runner ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const server: PanelServer = await startServer();
  const browser: Browser = await launch();
  const ok = await runSuite(
    tests,
    process.argv[2] ?? '',
    (opened: (page: PanelPage) => void): Context => ({
      open: async (theme = 'dark', viewport) => {
        const p = await PanelPage.open(browser, server, theme, viewport);
        opened(p);
        return p;
      },
      shot: async (panel, name) => {
        await panel.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await panel.page.screenshot({ path: join(SHOTS, `${name}.png`) });
      },
    }),
    async (p) => {
      assert.deepEqual(await p.violations(), [], 'no CSP violations');
      assert.deepEqual(p.errors, [], 'no errors in the console');
      assert.deepEqual(p.dialogs, [], 'no dialogs');
    },
  );
  await browser.close();
  await server.close();
  process.exit(ok ? 0 : 1);
}

void main();
