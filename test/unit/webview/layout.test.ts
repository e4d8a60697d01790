// The layered layout: left to right, no overlaps, cycles survive, trees come out uncrossed,
// routes start and end on the nodes' sides, and the same input gives the same drawing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layout, type LayoutInput, type LayoutResult } from '../../../webview/graph/layout';
import { benchGraph } from '../../../bench/panel/graphs';

function graph(n: number, edges: [number, number][], w = 100, h = 20): LayoutInput {
  return {
    w: new Float64Array(n).fill(w),
    h: new Float64Array(n).fill(h),
    from: Int32Array.from(edges, (e) => e[0]),
    to: Int32Array.from(edges, (e) => e[1]),
  };
}

function assertNoOverlaps(input: LayoutInput, r: LayoutResult): void {
  const byX = new Map<number, number[]>();
  for (let v = 0; v < input.w.length; v++) {
    if (!byX.has(r.x[v])) byX.set(r.x[v], []);
    byX.get(r.x[v])!.push(v);
  }
  for (const column of byX.values()) {
    column.sort((a, b) => r.y[a] - r.y[b]);
    for (let i = 1; i < column.length; i++) {
      const [a, b] = [column[i - 1], column[i]];
      assert.ok(r.y[b] - input.h[b] / 2 >= r.y[a] + input.h[a] / 2, `nodes ${a} and ${b} overlap`);
    }
  }
}

describe('layered layout', () => {
  it('puts every edge left to right and every input just before its first use', () => {
    // a micrograd expression: ((a·b) + c)·d
    const input = graph(7, [[0, 2], [1, 2], [2, 4], [3, 4], [4, 6], [5, 6]]);
    const r = layout(input);
    for (let e = 0; e < input.from.length; e++) assert.ok(r.x[input.from[e]] < r.x[input.to[e]]);
    assert.equal(r.layer[3], r.layer[4] - 1, 'c sits right before the + that uses it');
    assert.equal(r.layer[5], r.layer[6] - 1);
    assert.equal(r.crossings, 0);
    assertNoOverlaps(input, r);
  });

  it('routes edges from the right side of their source to the left side of their target', () => {
    const input = graph(3, [[0, 1], [1, 2], [0, 2]], 80, 20);
    const r = layout(input);
    for (let e = 0; e < 3; e++) {
      const pts = r.route.subarray(2 * r.routeStart[e], 2 * r.routeStart[e + 1]);
      const [u, v] = [input.from[e], input.to[e]];
      assert.deepEqual([pts[0], pts[1]], [r.x[u] + 40, r.y[u]]);
      assert.deepEqual([pts[pts.length - 2], pts[pts.length - 1]], [r.x[v] - 40, r.y[v]]);
    }
    assert.equal(r.routeStart[3] - r.routeStart[2], 3, 'the long edge 0 → 2 bends through one dummy');
  });

  it('survives cycles (bundled edges between groups can form them) by drawing one edge backwards', () => {
    const input = graph(3, [[0, 1], [1, 2], [2, 0]]);
    const r = layout(input);
    assert.equal([...r.reversed].filter(Boolean).length, 1);
    assertNoOverlaps(input, r);
  });

  it('draws a tree without crossings', () => {
    const edges: [number, number][] = [];
    for (let v = 1; v < 63; v++) edges.push([v, Math.floor((v - 1) / 2)].reverse() as [number, number]);
    // reversed: children feed their parent, the root (0) is the sink
    const input = graph(63, edges.map(([p, c]) => [c, p]));
    const r = layout(input);
    assert.equal(r.crossings, 0);
  });

  it('is deterministic, and fast on a 1,000-node micrograd graph', () => {
    const { input } = benchGraph('mlp-1000');
    const a = layout(input);
    const b = layout(input);
    assert.deepEqual([...a.x], [...b.x]);
    assert.deepEqual([...a.y], [...b.y]);
    assert.ok(b.ms < 2000, `${b.ms} ms`);
    assertNoOverlaps(input, a);
    for (let e = 0; e < input.from.length; e++) if (!a.reversed[e]) assert.ok(a.x[input.from[e]] < a.x[input.to[e]]);
  });
});
