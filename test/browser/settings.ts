// The panel follows gradlens.numberPrecision, as hovers and inline values do: the host sends it,
// every number is written again, and the cells' new width gets a new layout.
import assert from 'node:assert/strict';
import { loadFixture } from './fixture';
import { test } from './suite';

test('settings: numbers in the graph follow gradlens.numberPrecision', async ({ open }) => {
  const panel = await open('dark', { width: 900, height: 700 });
  const fixture = loadFixture('neuron');
  await panel.play(fixture);
  const result = fixture.messages.find((m) => m.type === 'result');
  const x1 = result?.type === 'result' ? result.event.graph.nodes.find((n) => n.label === 'x1')! : null;
  const cells = (): Promise<string[]> => panel.page.evaluate((key) => Array.from(document.querySelectorAll(`g.item.value[data-key="${key}"] text`)).map((t) => t.textContent ?? ''), `n${x1!.id}`);
  assert.deepEqual((await cells()).slice(1), ['data 2.0000', 'grad -1.5000']);
  const drawn = await panel.armDrawn();
  await panel.deliver({ type: 'settings', numberPrecision: 6 });
  assert.equal((await drawn()).kind, 'draw', 'wider cells: a new layout');
  assert.deepEqual((await cells()).slice(1), ['data 2.000000', 'grad -1.500000']);
});
