// Cursor → graph (issue 15 §5): the host says where the editor's cursor is; the panel marks the
// nodes that line made — only for the run on screen — and moves the mark with the cursor.
import assert from 'node:assert/strict';
import { loadFixture } from './fixture';
import { test } from './suite';

test('cursor → graph: the line under the cursor marks the nodes it made', async ({ open, shot }) => {
  const panel = await open('dark', { width: 460, height: 760 });
  const fixture = loadFixture('neuron');
  await panel.play(fixture);
  const result = fixture.messages.find((m) => m.type === 'result');
  const nodes = result?.type === 'result' ? result.event.graph.nodes : [];
  const x1 = nodes.find((n) => n.label === 'x1')!;
  const marked = (): Promise<string[]> => panel.page.evaluate(() => Array.from(document.querySelectorAll('g.item.at-line')).map((g) => g.getAttribute('data-key')!).sort());
  const madeBy = (line: number): string[] => nodes.filter((n) => n.loc && n.loc.line <= line && line <= n.loc.endLine).map((n) => `n${n.id}`).sort();

  await panel.deliver({ type: 'cursor', runId: 1, line: x1.loc!.line });
  await panel.page.waitForFunction(() => document.querySelectorAll('g.item.at-line').length > 0);
  assert.deepEqual(await marked(), madeBy(x1.loc!.line));
  assert.ok((await marked()).includes(`n${x1.id}`));
  await shot(panel, 'cursor-line-460');

  const other = nodes.find((n) => n.loc && n.loc.line !== x1.loc!.line && n.op !== '')!;
  await panel.deliver({ type: 'cursor', runId: 1, line: other.loc!.line });
  await panel.page.waitForFunction((key) => document.querySelector(`g.item.at-line[data-key="${key}"]`) !== null, `n${other.id}`);
  assert.deepEqual(await marked(), madeBy(other.loc!.line));

  // The cursor in another run's file: no mark; back in this one, on a line that made nothing: none either.
  await panel.deliver({ type: 'cursor', runId: 7, line: x1.loc!.line });
  await panel.page.waitForFunction(() => document.querySelectorAll('g.item.at-line').length === 0);
  await panel.deliver({ type: 'cursor', runId: 1, line: x1.loc!.line });
  await panel.page.waitForFunction(() => document.querySelectorAll('g.item.at-line').length > 0);
  await panel.deliver({ type: 'cursor', runId: 1, line: 0 });
  await panel.page.waitForFunction(() => document.querySelectorAll('g.item.at-line').length === 0);
});
