// What if (issue 15 §3) in the details pane: a leaf given another value asks the host to
// recompute the graph; the answer is drawn in place (no new layout) and said above the graph;
// Reset brings back the run's numbers.
import assert from 'node:assert/strict';
import type { GraphView } from '../../src/protocol';
import { loadFixture } from './fixture';
import { posted, test } from './suite';

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
