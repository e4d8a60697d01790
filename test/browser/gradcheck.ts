// "Check gradient" in the details pane (issue 15 §2): a parameter's check asked of the host and
// its answer shown — ok, or a difference a kink explains; "Check all" lists what differs.
import assert from 'node:assert/strict';
import type { GradcheckAnswer } from '../../src/protocol';
import { loadFixture } from './fixture';
import { posted, test } from './suite';

test('check gradient: a leaf against a central difference, a kink said plainly, check all', async ({ open, shot }) => {
  const panel = await open('dark', { width: 460, height: 900 });
  const fixture = loadFixture('neuron');
  await panel.play(fixture);
  const result = fixture.messages.find((m) => m.type === 'result');
  const graph = result?.type === 'result' ? result.event.graph : null;
  const leaf = graph!.nodes.find((n) => n.isLeaf && n.label === 'w1')!;
  const one: GradcheckAnswer = { at: 'now', ms: 1, lines: [{ label: 'w1', nodeId: leaf.id, analytic: 0, numeric: 1.5, relerr: 1, ok: false, kink: 'relu(x) at x = 0' }] };
  const all: GradcheckAnswer = { at: 'now', ms: 3, lines: [{ ...one.lines[0] }, { label: 'b', nodeId: 0, analytic: 1, numeric: 1, relerr: 0, ok: true, kink: null }] };
  await panel.page.evaluate(([id, a, b]) => ((window as unknown as { __gradchecks: unknown }).__gradchecks = { [id as number]: a, all: b }), [leaf.id, one, all] as unknown[]);

  await panel.deliver({ type: 'selectNode', runId: 1, nodeId: leaf.id });
  await panel.page.locator('.details .gradcheck vscode-button', { hasText: 'Check gradient' }).click();
  await panel.page.locator('.gradcheck-outcome dl').waitFor();
  const asked = await posted(panel, 'gradcheck');
  assert.deepEqual(asked.map((m) => m.nodeId), [leaf.id]);
  const text = (await panel.page.locator('.gradcheck-outcome').textContent()) ?? '';
  assert.match(text, /analytic0numeric1\.5/);
  assert.match(text, /differs — at a kink/);
  assert.match(text, /On the way to the loss: relu\(x\) at x = 0\. The function has no derivative there/);
  await shot(panel, 'gradcheck-kink-460');

  await panel.page.locator('.details .gradcheck vscode-button', { hasText: 'Check all' }).click();
  await panel.page.locator('.gradcheck-outcome', { hasText: 'leaves checked' }).waitFor();
  assert.match((await panel.page.locator('.gradcheck-outcome').textContent()) ?? '', /2 leaves checked in 3 ms, at the values after the run \(the graph recomputed there\): 1 differ\.w1: analytic 0, numeric 1\.5 — relu\(x\) at x = 0/);
});
