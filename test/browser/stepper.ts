// Step through backward() (issue 15 §1) on the seed example (a = 2, b = 3, c = a·b, d = c + a):
// the order, each local rule with the run's numbers, a.grad's `+=` on its second use, keyboard.
import assert from 'node:assert/strict';
import { loadFixture } from './fixture';
import { test } from './suite';

test('backward stepper: node by node from the root, local rules with the numbers, accumulation on reuse', async ({ open, shot }) => {
  const panel = await open('dark', { width: 460, height: 800 });
  const fixture = loadFixture('manual');
  await panel.play(fixture);
  const result = fixture.messages.find((m) => m.type === 'result');
  const nodes = result?.type === 'result' ? result.event.graph.nodes : [];
  const id = (label: string): number => nodes.find((n) => n.label === label)!.id;
  await panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Step backward()' }).click();
  const text = panel.page.locator('.stepper-text');
  await text.locator('.stepper-head').waitFor();
  assert.match((await text.textContent()) ?? '', /^d = add\(c, a\) — its grad is complete: 1/);
  assert.equal(await panel.page.locator(`g.item.selected[data-key="n${id('d')}"]`).count(), 1, 'd is highlighted');
  assert.equal(await panel.page.locator('.stepper-position').textContent(), 'step 1 of 2');

  await panel.page.keyboard.press('ArrowRight');
  await panel.page.locator('.stepper-position', { hasText: 'step 2 of 2' }).waitFor();
  const lines = await panel.page.locator('.stepper-line').allTextContents();
  assert.deepEqual(lines, [
    '∂c/∂a = b = 3; a.grad += c.grad · 3 = 1 · 3 → 4  (added to what it already had: a second use)',
    '∂c/∂b = a = 2; b.grad = c.grad · 2 = 1 · 2 → 2',
  ]);
  assert.equal(await panel.page.locator('.stepper-line.is-accumulated').count(), 1);
  assert.equal(await panel.page.locator(`g.item.selected[data-key="n${id('c')}"]`).count(), 1, 'c is highlighted');
  await shot(panel, 'stepper-step-2-460');

  await panel.page.keyboard.press('Home');
  await panel.page.locator('.stepper-position', { hasText: 'step 1 of 2' }).waitFor();
  await panel.page.keyboard.press('Escape');
  assert.equal(await panel.page.locator('.stepper').isVisible(), false);
});
