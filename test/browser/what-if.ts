// What if (issue 15 §3) in the details pane: a leaf given another value asks the host to
// recompute the graph; the answer is drawn in place (no new layout) and said above the graph;
// Reset brings back the run's numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Value } from '../../src/engine';
import { formatNumber } from '../../src/engine/number-format';
import type { GraphView } from '../../src/protocol';
import { Runner } from '../../src/runner/run';
import { loadFixture } from './fixture';
import { posted, result, test } from './suite';

const ROOT = resolve(__dirname, '..', '..');

test('what if: a leaf\'s new value recomputes the graph in place; Reset goes back', async ({ open, shot }) => {
  const panel = await open('dark', { width: 460, height: 900 });
  const fixture = loadFixture('neuron');
  await panel.play(fixture);
  const result = fixture.messages.find((m) => m.type === 'result');
  const graph = result?.type === 'result' ? result.event.graph : null;
  const x1 = graph!.nodes.find((n) => n.label === 'x1')!;
  // The fake host's answer: the graph with x1's data changed (the numbers are the test's, not the engine's: the runner's tests check those).
  await panel.page.evaluate((g) => {
    (window as unknown as { __whatIf: (values: [number, number][]) => unknown }).__whatIf = (values) => ({
      graph: { ...g, nodes: (g as GraphView).nodes.map((n) => (n.id === values[0][0] ? { ...n, data: values[0][1] } : n)) },
      scopes: [],
    });
  }, graph as unknown as GraphView);
  await panel.deliver({ type: 'selectNode', runId: 1, nodeId: x1.id });
  const input = panel.page.locator('.details .what-if-input');
  await input.waitFor();
  assert.equal(await input.inputValue(), '2');
  const drawn = await panel.armDrawn();
  await input.fill('5');
  await input.press('Enter');
  assert.equal((await drawn()).kind, 'update', 'numbers only: the layout stays');
  const asked = await posted(panel, 'whatIf');
  assert.deepEqual(asked.map((m) => m.values), [[[x1.id, 5]]]);
  await panel.page.locator('.run-outcome', { hasText: 'What if: x1 = 5' }).waitFor();
  const record = await panel.page.evaluate((key) => Array.from(document.querySelectorAll(`g.item.value[data-key="${key}"] text`)).map((t) => t.textContent), `n${x1.id}`);
  assert.equal(record[1], 'data 5.0000');
  await panel.page.locator('.details dd', { hasText: /^5$/ }).waitFor(); // the details show the new value too
  await shot(panel, 'what-if-460');

  const back = await panel.armDrawn();
  await panel.page.locator('.details .what-if vscode-button', { hasText: 'Reset' }).click();
  await back();
  const again = await panel.page.evaluate((key) => Array.from(document.querySelectorAll(`g.item.value[data-key="${key}"] text`)).map((t) => t.textContent), `n${x1.id}`);
  assert.equal(again[1], 'data 2.0000');
  assert.equal(await panel.page.locator('.run-outcome').isVisible(), false);
});

// Dragging the number (issue 15 §3, "or drag"), answered by the real engine: the run's process of
// the same program recomputes each what-if, as the extension host would forward it. The fake host
// is slow on purpose, so the drag outruns it: one request is out at a time, the newest value wins.
test('what if by dragging: one request in flight, the graph ends at what the engine computes; arrows step it; Reset', async ({ open, shot }) => {
  const fixture = loadFixture('neuron');
  const graph = result(fixture).event.graph;
  const fileName = join(ROOT, 'examples', '05-neuron.ts');
  const runner = new Runner(join(ROOT, 'dist', 'run-process.js'));
  let engineGraph: GraphView | null = null;
  const handle = runner.start({ fileName, source: readFileSync(fileName, 'utf8'), mode: 'file', limits: { timeMs: 60_000, memoryMb: 1024 } }, (e) => {
    if (e.type === 'result') engineGraph = e.graph;
  });
  try {
    assert.equal(await handle.done, 'completed');
    const shape = (g: GraphView | null) => g?.nodes.map((n) => [n.id, n.label, n.op]);
    assert.deepEqual(shape(engineGraph), shape(graph), 'the run answering is of the graph on screen');

    const panel = await open('dark', { width: 460, height: 900 });
    await panel.play(fixture);
    const x1 = graph.nodes.find((n) => n.label === 'x1')!;
    let out = 0, maxOut = 0;
    const asked: Array<Array<[number, number]>> = [];
    await panel.page.exposeFunction('__hostWhatIf', async (m: { runId: number; serial: number; values: Array<[number, number]>; scopes: number[] }) => {
      maxOut = Math.max(maxOut, ++out);
      asked.push(m.values);
      const view = await handle.whatIf(m.values, m.scopes);
      await new Promise((resolve) => setTimeout(resolve, 80));
      out--;
      await panel.deliver({ type: 'whatIfView', runId: m.runId, serial: m.serial, view });
    });
    await panel.page.evaluate(() => {
      const w = window as unknown as { __hostDelayMs: number; __posted: Array<{ type: string }>; __hostWhatIf(m: unknown): void };
      w.__hostDelayMs = 2e9; // the stub's own answers never come: this test's host answers
      const push = w.__posted.push.bind(w.__posted);
      w.__posted.push = (...ms) => {
        for (const m of ms) if (m.type === 'whatIf') void w.__hostWhatIf(m);
        return push(...ms);
      };
    });
    const drawnText = (label: string) => panel.page.evaluate((id) => Array.from(document.querySelectorAll(`g.item.value[data-key="n${id}"] text`)).map((t) => t.textContent), graph.nodes.find((n) => n.label === label)!.id);
    const expected = (x: number) => {
      const [x1v, x2, w1, w2, b] = [x, 0, -3, 1, 6.8813735870195432].map((v) => new Value(v));
      const o = x1v.mul(w1).add(x2.mul(w2)).add(b).tanh();
      o.backward();
      const text = (v: Value) => [`data ${formatNumber(v.data, 4)}`, `grad ${formatNumber(v.grad, 4)}`];
      return { o: text(o), x1: text(x1v), w1: text(w1) };
    };
    const settled = async (value: number) => {
      await panel.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'whatIf'));
      const deadline = Date.now() + 10_000;
      while (!(out === 0 && asked.at(-1)?.[0][1] === value)) {
        assert.ok(Date.now() < deadline, `the last request is for ${value}: ${JSON.stringify(asked.slice(-3))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await panel.page.locator('.run-outcome', { hasText: `What if: x1 = ${value}` }).waitFor();
      const want = expected(value);
      await panel.page.waitForFunction(([id, text]) => document.querySelector(`g.item.value[data-key="n${id}"] text:nth-of-type(2)`)?.textContent === text, [graph.root, want.o[0]] as const);
      for (const label of ['o', 'x1', 'w1'] as const) assert.deepEqual((await drawnText(label)).slice(1, 3), want[label], `${label} at x1 = ${value}`);
    };

    await panel.deliver({ type: 'selectNode', runId: 1, nodeId: x1.id });
    const input = panel.page.locator('.details .what-if-input');
    await input.waitFor();
    const box = (await input.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await panel.page.mouse.move(x, y);
    await panel.page.mouse.down();
    await panel.page.mouse.move(x + 150, y, { steps: 30 }); // 0.01 a pixel around 2: 2 → 3.5
    await panel.page.mouse.up();
    assert.equal(await input.inputValue(), '3.5');
    await settled(3.5);
    assert.equal(maxOut, 1, 'one request in flight at a time');
    assert.ok(asked.length >= 2 && asked.length < 30, `a request per answer, not per pixel: ${asked.length}`);
    assert.deepEqual(asked.at(-1), [[x1.id, 3.5]]);
    assert.equal(await panel.page.evaluate(() => document.activeElement?.classList.contains('what-if-input')), false, 'a drag does not start typing');
    await shot(panel, 'what-if-drag-460');

    // The keyboard: a click without a drag is for typing; ↑ steps by a tenth around 3.5, and the
    // field keeps the focus through the redraw.
    await input.click();
    await input.press('ArrowUp');
    await settled(3.6);
    assert.equal(await panel.page.evaluate(() => document.activeElement?.classList.contains('what-if-input')), true, 'the field keeps the keyboard');
    await input.press('Shift+ArrowDown');
    await settled(2.6);

    const back = await panel.armDrawn();
    await panel.page.locator('.details .what-if vscode-button', { hasText: 'Reset' }).click();
    await back();
    assert.deepEqual((await drawnText('o')).slice(1, 3), expected(2).o);
    assert.equal(await input.inputValue(), '2');
    assert.equal(maxOut, 1);
  } finally {
    handle.dispose();
    runner.dispose();
  }
});
