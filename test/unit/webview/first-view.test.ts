// Where the graph opens (readable, or the root's end of it), closing an opened group, the numbers
// VS Code's JSON channel turns into null, the header's loss, and tensors without a gradient.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GraphView, ResultEvent } from '../../../src/protocol';
import { closeGroup } from '../../../webview/graph/close-group';
import { shownGraph, type Expansion } from '../../../webview/graph/merge';
import { buildModel } from '../../../webview/graph/model';
import { countInView, placeBox } from '../../../webview/graph/placement';
import { READABLE_K } from '../../../webview/graph/viewport';
import { summaryText } from '../../../webview/run-view';
import { rowsOf } from '../../../webview/table-rows';
import { restoreNonFinite } from '../../../webview/transport';
import { loadFixture, revive } from '../../browser/fixture';

const size = { width: 460, height: 400 };

describe('first view', () => {
  it('fits a graph whose text reads when fitted', () => {
    const view = placeBox(size, { x0: 0, y0: 0, x1: 300, y1: 200 }, { x0: 250, y0: 90, x1: 300, y1: 110 });
    assert.ok(view.k >= READABLE_K);
    assert.equal(countInView({ x0: -view.x / view.k, y0: -view.y / view.k, x1: (size.width - view.x) / view.k, y1: (size.height - view.y) / view.k }, [{ x0: 0, y0: 0, x1: 300, y1: 200 }]), 1);
  });

  it('shows the root end of a wide graph at the readable scale, the root at the right margin', () => {
    const root = { x0: 1800, y0: 100, x1: 2000, y1: 126 };
    const view = placeBox(size, { x0: 0, y0: 0, x1: 2000, y1: 220 }, root);
    assert.equal(view.k, READABLE_K);
    assert.ok(Math.abs(root.x1 * view.k + view.x - (size.width - 12)) < 1e-9, 'root at the right margin');
    assert.ok(view.y + 0 * view.k >= 0 && view.y + 220 * view.k <= size.height, 'a short graph is centred vertically');
  });
});

describe('closing an opened group', () => {
  it('removes its expansion and those of the groups opened inside it', () => {
    const f = revive(loadFixture('moons-100k'));
    const result = f.messages.find((m) => m.type === 'result')!;
    assert.ok(result.type === 'result');
    const base = result.event.graph;
    const expansions: Expansion[] = [
      { group: 1, view: f.groupViews[1] },
      { group: 5, view: f.groupViews[5] }, // inside 1
      { group: 3, view: f.groupViews[3] },
    ];
    assert.deepEqual(closeGroup(base, expansions, 1).map((e) => e.group), [3]);
    assert.deepEqual(closeGroup(base, expansions, 5).map((e) => e.group), [1, 3]);
    assert.equal(shownGraph(base, closeGroup(base, expansions, 1)).groups.has(1), true, 'its box is back');
  });
});

describe('non-finite numbers through VS Code', () => {
  /** What a webview receives: the message through JSON (typed arrays aside). */
  const throughJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

  it('a NaN that arrived as null reads NaN again, in the graph and the header', () => {
    const nan = revive(loadFixture('nan')).messages.find((m) => m.type === 'result')!;
    assert.ok(nan.type === 'result');
    const event = throughJson(nan.event) as ResultEvent;
    const root = event.graph.nodes.find((n) => n.id === event.graph.root)!;
    assert.equal(root.data, null, 'JSON made it null');
    assert.match(summaryText(1, event, null), /root loss = — /, 'what the user saw');
    restoreNonFinite(event.graph);
    assert.ok(Number.isNaN(root.data));
    assert.match(summaryText(1, event, null), /root loss = NaN \(the last backward\(\)\)/);
    assert.match(summaryText(1, event, -Infinity), /root loss = -Inf/, 'the chart kept the infinity');
    assert.match(summaryText(1, event, 0.5), /root loss = NaN/);
  });

  it('leaves absent tensor numbers absent', () => {
    const t = revive(loadFixture('tensor-mlp')).messages.find((m) => m.type === 'result')!;
    assert.ok(t.type === 'result');
    const graph = throughJson(t.event.graph) as GraphView;
    restoreNonFinite(graph);
    const x = graph.nodes.find((n) => n.label === 'X')!;
    assert.equal(x.data, null);
    assert.equal(x.grad, null);
    assert.equal(x.gradSummary, null);
  });
});

describe('gradient table', () => {
  it('shows — for the |grad| of a tensor without a gradient, and sorts it last', () => {
    const t = revive(loadFixture('tensor-mlp')).messages.find((m) => m.type === 'result')!;
    assert.ok(t.type === 'result');
    const rows = rowsOf(buildModel(shownGraph(t.event.graph)));
    const x = rows.find((r) => r.label === 'x')!;
    assert.deepEqual([x.cells[3], x.cells[4]], ['—', '—']);
    assert.ok(Number.isNaN(x.abs));
  });
});
