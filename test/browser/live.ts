// The graph, live while a model trains (issue 14 §1): the first step's graph replaces the notice,
// later steps of the same structure only change numbers (no new layout), an opened group and the
// selection stay through them and through the result, and a graph of another structure starts
// afresh. Fed with a recorded Train this model run (fixtures/live-moons.json).
import assert from 'node:assert/strict';
import type { HostToPanel } from '../../src/protocol';
import { loadFixture } from './fixture';
import type { PanelPage } from './panel-page';
import { clickItem, posted, test } from './suite';

const NARROW = { width: 460, height: 760 };
type Live = Extract<HostToPanel, { type: 'live' }>;

const text = async (panel: PanelPage, selector: string): Promise<string> => (await panel.page.locator(selector).first().textContent()) ?? '';

/** The texts of the root's record: [label, "data …", "grad …"]. */
const rootRecord = (panel: PanelPage, root: number): Promise<string[]> =>
  panel.page.evaluate((key) => Array.from(document.querySelectorAll(`g.item.value[data-key="${key}"] text`)).map((t) => t.textContent ?? ''), `n${root}`);

test('live graph: each step while it trains, numbers only, opened group and selection kept', async ({ open, shot }) => {
  const panel = await open('dark', NARROW);
  const fixture = loadFixture('live-moons');
  await panel.hostGroupViews(fixture);
  const lives = fixture.messages.filter((m): m is Live => m.type === 'live');
  assert.ok(lives.length >= 3, 'the recording has several live views');
  const [first, second] = lives;
  const root = first.event.graph.root;

  // Started: a notice says when the graph comes.
  await panel.deliver(fixture.messages[0]);
  assert.match(await text(panel, '.run-notice'), /The graph appears when the first step \(backward\(\) call\) finishes\./);

  // Step 1: drawn, under the run's title, saying which step it is.
  let drawn = await panel.armDrawn();
  await panel.deliver(fixture.messages[1]);
  await panel.deliver(first);
  assert.equal((await drawn()).kind, 'draw');
  assert.equal(await panel.page.locator('.run-notice').isVisible(), false);
  assert.match(await text(panel, '.run-outcome'), /Live: the graph of step 1, the latest that finished/);
  assert.equal(await text(panel, '.run-status'), 'running');
  const step1 = await rootRecord(panel, root);
  assert.equal(step1[0], 'totalLoss');
  await shot(panel, 'live-step-1-460');

  // Open a group and select a node inside it (a parameter of the model).
  const group = first.event.graph.groups[0];
  await clickItem(panel, `g${group.id}`);
  await panel.page.locator('.graph-banner', { hasText: group.label.slice(0, 12) }).first().waitFor();
  const inside = (fixture.groupViews[group.id].nodes[0]).id;
  await panel.page.locator(`g.item[data-key="n${inside}"]`).waitFor();
  await panel.deliver({ type: 'selectNode', runId: 1, nodeId: inside }); // "Show in graph"
  await panel.page.waitForFunction((key) => document.querySelector('.details h2') !== null && document.querySelector(`g.item.selected[data-key="${key}"]`) !== null, `n${inside}`);
  const detailsBefore = await text(panel, '.details');

  // Step 3: the same structure — numbers change, nothing is laid out again, group and selection stay.
  drawn = await panel.armDrawn();
  await panel.deliver({ ...second, event: { ...second.event, scopes: [fixture.groupViews[group.id]] } });
  assert.equal((await drawn()).kind, 'update');
  assert.match(await text(panel, '.run-outcome'), new RegExp(`step ${second.event.step}\\b`));
  const step3 = await rootRecord(panel, root);
  assert.notDeepEqual(step3, step1, 'the root shows step 3\'s numbers');
  assert.equal(await panel.page.locator(`g.item.selected[data-key="n${inside}"]`).count(), 1, 'the selection stays');
  assert.ok((await text(panel, '.details')).length > 0 && detailsBefore.length > 0);

  // The result: same structure, so still no new layout; the opened group is asked for again (final numbers).
  const asked = (await posted(panel, 'expandGroup')).length;
  drawn = await panel.armDrawn();
  for (const m of fixture.messages.slice(fixture.messages.indexOf(lives[lives.length - 1]) + 1)) await panel.deliver(m);
  assert.equal((await drawn()).kind, 'update');
  await panel.page.waitForFunction(() => document.querySelector('.run-status')?.textContent === 'completed');
  assert.ok((await posted(panel, 'expandGroup')).length > asked, 'the opened group is refreshed from the result');
  assert.equal(await panel.page.locator(`g.item.selected[data-key="n${inside}"]`).count(), 1, 'the selection stays through the result');
  await shot(panel, 'live-result-460');
});

test('live graph: a view of another structure, a late view, a failure — never another graph\'s state', async ({ open }) => {
  const panel = await open('dark', NARROW);
  const fixture = loadFixture('live-moons');
  await panel.hostGroupViews(fixture);
  const lives = fixture.messages.filter((m): m is Live => m.type === 'live');
  await panel.deliver(fixture.messages[0]);
  let drawn = await panel.armDrawn();
  await panel.deliver(lives[0]);
  await drawn();
  const group = lives[0].event.graph.groups[0];
  await clickItem(panel, `g${group.id}`);
  await panel.page.locator(`g.item[data-key="n${fixture.groupViews[group.id].nodes[0].id}"]`).waitFor();

  // The loop's graph changed shape: a new structure starts without the opened group or selection.
  drawn = await panel.armDrawn();
  await panel.deliver({ ...lives[1], event: { ...lives[1].event, graph: { ...lives[1].event.graph, structure: 2 } } });
  assert.equal((await drawn()).kind, 'draw');
  assert.equal(await panel.page.locator(`g.item[data-key="n${fixture.groupViews[group.id].nodes[0].id}"]`).count(), 0, 'the group is closed');
  assert.equal(await panel.page.locator('g.item.selected').count(), 0);

  // A view of an earlier run arriving late is not shown.
  await panel.deliver({ type: 'runStarted', runId: 2, title: 'next.ts', mode: 'train', live: true });
  await panel.deliver({ ...lives[2], runId: 1 });
  await panel.page.waitForTimeout(300);
  assert.equal(await panel.page.locator('g.item').count(), 0, 'run 1\'s view is dropped');
  assert.equal(await panel.page.locator('.run-notice').isVisible(), true);

  // Run 2 shows a view, then its process dies: the view stays, saying what happened and which step it is.
  drawn = await panel.armDrawn();
  await panel.deliver({ ...lives[2], runId: 2 });
  await drawn();
  await panel.deliver({ type: 'runEnded', runId: 2, status: 'stopped', error: null, stopped: { type: 'stopped', reason: 'crashed', message: "The run's process ended unexpectedly (signal SIGKILL)." } });
  await panel.page.waitForFunction(() => document.querySelector('.run-status')?.textContent === 'stopped');
  assert.match(await text(panel, '.run-outcome'), new RegExp(`ended unexpectedly[\\s\\S]*step ${lives[2].event.step}, the last the panel received`));
});
