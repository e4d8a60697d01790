// Step through backward() (issue 15 §1) on the seed example (a = 2, b = 3, c = a·b, d = c + a):
// the order, each local rule with the run's numbers, a.grad's `+=` on its second use, keyboard.
// On a grouped graph (the moons' 100k nodes), inside the group that is open, against the
// recorded group view's numbers and the engine's rules.
import assert from 'node:assert/strict';
import { binaryRules, unaryRules, type BinaryOp, type UnaryOp } from '../../src/engine/rules';
import type { ViewNode } from '../../src/protocol';
import { formatPrecise } from '../../webview/format';
import { loadFixture, revive } from './fixture';
import { clickItem, test } from './suite';

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

test('backward stepper on a grouped graph: asks for a group, then steps inside the open one with its numbers', async ({ open, shot }) => {
  const panel = await open('dark', { width: 460, height: 800 });
  const fixture = loadFixture('moons-100k');
  await panel.play(fixture);
  const stepButton = panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Step backward()' });
  await stepButton.click();
  assert.equal(await panel.page.locator('.stepper-text').textContent(), 'This graph is grouped: open a group to step through its nodes.');
  assert.equal(await panel.page.locator('.stepper-position').textContent(), '');
  await panel.page.keyboard.press('Escape');

  // losses (group 2): losses[i] = relu(1 + -y·score), 150 times — add, mul and relu, inputs from scores.
  const view = revive(fixture.groupViews[2]);
  const drawn = await panel.armDrawn();
  await clickItem(panel, 'g2');
  await drawn();
  await stepButton.click();
  const expected = expectedSteps(view.nodes, view.outsideInputs!);
  assert.equal(expected.length, 450);
  await panel.page.locator('.stepper-position', { hasText: `step 1 of ${expected.length} — inside losses` }).waitFor();
  await panel.page.keyboard.press('ArrowRight');
  await panel.page.locator('.stepper-position', { hasText: `step 2 of ${expected.length}` }).waitFor();
  await panel.page.keyboard.press('Home');
  await shot(panel, 'stepper-group-460');

  // Every step as the page shows it (the keys go to the stepper bar, as the arrow keys do).
  const shown = await panel.page.evaluate((count) => {
    const bar = document.querySelector('.stepper')!;
    const steps: { position: string; head: string; lines: string[]; selected: string[] }[] = [];
    for (let i = 0; i < count; i++) {
      steps.push({
        position: bar.querySelector('.stepper-position')!.textContent ?? '',
        head: bar.querySelector('.stepper-head')!.textContent ?? '',
        lines: [...bar.querySelectorAll('.stepper-line')].map((l) => l.textContent ?? ''),
        selected: [...document.querySelectorAll('g.item.selected')].map((g) => g.getAttribute('data-key') ?? ''),
      });
      bar.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    }
    return steps;
  }, expected.length);

  const lastTotal = new Map<number, string>();
  shown.forEach((step, i) => {
    const want = expected[i];
    const name = label(want.node);
    assert.equal(step.position, `step ${i + 1} of ${expected.length} — inside losses`);
    assert.deepEqual(step.selected, [`n${want.node.id}`], `step ${i + 1}: ${name} is highlighted`);
    assert.equal(step.head, `${name} = ${want.node.op}(${want.inputs.map((c) => label(c.input)).join(', ')}) — its grad is complete: ${formatPrecise(want.node.grad)}`);
    assert.equal(step.lines.length, want.inputs.length);
    step.lines.forEach((line, k) => {
      const { input, local } = want.inputs[k];
      const product = `${name}.grad · ${formatPrecise(local)} = ${formatPrecise(want.node.grad)} · ${formatPrecise(local)}`;
      const head = `∂${name}/∂${label(input)} = `;
      assert.ok(line.startsWith(head) && line.includes(` = ${formatPrecise(local)}; ${label(input)}.grad `), `step ${i + 1}: the engine's local rule (${local}) in "${line}"`);
      const known = line.match(/→ (\S+)(?:  \(.*\))?$/);
      if (known) {
        assert.ok(view.nodes.some((n) => n.id === input.id), 'a running total only for the group\'s own nodes');
        const again = lastTotal.has(input.id);
        assert.ok(line.includes(`${label(input)}.grad ${again ? '+=' : '='} ${product} → `), `"${line}": = on the first use, += after`);
        lastTotal.set(input.id, known[1]);
      } else {
        assert.ok(line.endsWith(`${label(input)}.grad += ${product} = ${formatPrecise(want.node.grad! * local)}  (nodes outside this group add to it too)`), line);
      }
    });
  });
  // Used only inside the group: its last step leaves it at the run's gradient.
  assert.ok(lastTotal.size >= 150, `running totals for ${lastTotal.size} nodes`);
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  for (const [id, total] of lastTotal) assert.equal(total, formatPrecise(byId.get(id)!.grad), `#${id}'s grad after its last step`);
  assert.equal(await panel.page.locator('.stepper-position').textContent(), `step ${expected.length} of ${expected.length} — inside losses`, 'stops at the last step');

  // The details of a node fed from outside the group: that input too, with its local derivative.
  const outsideIds = new Set(view.outsideInputs!.map((n) => n.id));
  const fed = view.nodes.find((n) => n.op !== '' && n.inputs?.some((id) => outsideIds.has(id)))!;
  const step = expected.find((e) => e.node.id === fed.id)!;
  await panel.page.keyboard.press('Escape');
  await clickItem(panel, `n${fed.id}`);
  const details = (await panel.page.locator('.details').textContent()) ?? '';
  for (const { input, local } of step.inputs) {
    // (The details name an unlabelled node "out", an unlabelled input "x".)
    assert.ok(details.includes(`∂${fed.label || 'out'}/∂${input.label || 'x'} = ${formatPrecise(local)}`), `${label(input)}'s derivative in: ${details}`);
  }
  assert.match(details, /outside this group/);
  // A taller panel at the last step; the hint counts what is in view at the new size.
  await panel.page.setViewportSize({ width: 460, height: 1300 });
  await panel.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await shot(panel, 'stepper-group-last-460x1300');
  assert.match((await panel.page.locator('.view-hint').textContent()) ?? '', /^[1-9]\d* of 757 nodes in view/, 'the hint counts again once the graph has a height');
});

const label = (n: ViewNode): string => n.label || `#${n.id}`;

/**
 * The steps backward() takes inside a group's view, from the recorded numbers and the engine's
 * rules: its op nodes from the last made (ids are forward positions), each with its distinct
 * inputs in slot order and d(node)/d(input) summed over the slots.
 */
function expectedSteps(nodes: ViewNode[], outside: ViewNode[]): { node: ViewNode; inputs: { input: ViewNode; local: number }[] }[] {
  const byId = new Map([...nodes, ...outside].map((n) => [n.id, n]));
  return nodes
    .filter((n) => n.op !== '')
    .sort((a, b) => b.id - a.id)
    .map((node) => {
      const xs = node.inputs!.map((id) => byId.get(id)!.data!);
      const y = node.data!;
      const d = xs.length === 2
        ? [binaryRules[node.op as BinaryOp].da(xs[0], xs[1], y), binaryRules[node.op as BinaryOp].db(xs[0], xs[1], y)]
        : [unaryRules[node.op as UnaryOp].d(xs[0], y, node.exponent ?? 0)];
      const inputs = [...new Set(node.inputs!)].map((id) => ({
        input: byId.get(id)!,
        local: node.inputs!.reduce((sum, slot, k) => (slot === id ? sum + d[k] : sum), 0),
      }));
      return { node, inputs };
    });
}
