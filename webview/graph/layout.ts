// A layered (Sugiyama-style) layout written for GradLens' graphs: DAGs that flow left to right
// into one root. dagre does this job well up to ~300 nodes but takes seconds at 1,000 (its cost
// grows with long edges, and network-simplex ranking); bench/panel/layout-compare.ts measures both.
//
//  1. break cycles (bundled edges between groups can form them) by reversing DFS back edges;
//  2. layers: longest path to the sink, so that every input sits just left of its first consumer;
//  3. edges spanning several layers get dummy nodes (shortest first, up to a budget; the rest
//     are drawn as one curve);
//  4. order within layers: depth-first order from the root, then barycenter sweeps, keeping the
//     order with the fewest crossings;
//  5. y within layers: alternating passes that pull each node to the mean of its neighbours,
//     solved exactly under "keep the order and the spacing" (weighted isotonic regression, PAVA);
//     edges through dummies weigh more, so long edges stay straight;
//  6. routes: each edge's points from its source's right side through its dummies to its
//     target's left side.
// Pure and synchronous: it runs in the layout worker, in unit tests and in the benchmark.

export interface LayoutInput {
  /** Node sizes in pixels. */
  w: Float64Array;
  h: Float64Array;
  /** Edges from → to (left to right). */
  from: Int32Array;
  to: Int32Array;
}

export interface LayoutOptions {
  layerGap: number;
  nodeGap: number;
  /** Most dummy nodes to add, as a multiple of the node count. */
  dummyFactor: number;
  sweeps: number;
  /** Rounds of adjacent swaps after each sweep. */
  transposeRounds: number;
  passes: number;
}

export interface LayoutResult {
  /** Node centres. */
  x: Float64Array;
  y: Float64Array;
  layer: Int32Array;
  /** Edge e's points are route[2*routeStart[e] ..< 2*routeStart[e+1]] as x, y pairs. */
  routeStart: Int32Array;
  route: Float64Array;
  /** Edge drawn against its direction (it closed a cycle). */
  reversed: Uint8Array;
  width: number;
  height: number;
  crossings: number;
  dummies: number;
  ms: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { layerGap: 44, nodeGap: 14, dummyFactor: 3, sweeps: 8, transposeRounds: 4, passes: 10 };

/** Above this many nodes (with dummies), one transpose round per sweep: measured, more rounds
    cost more than they remove crossings there. */
const BIG = 1500;

/** Gaps next to dummy nodes (edges passing through a layer): beside a node, between two edges. */
const DUMMY_NODE_GAP = 16;
const DUMMY_GAP = 4;
const MARGIN = 20;

export function layout(input: LayoutInput, options: Partial<LayoutOptions> = {}): LayoutResult {
  const start = now();
  const opt = { ...DEFAULT_LAYOUT, ...options };
  const n = input.w.length;
  const edgeCount = input.from.length;

  // 1. Cycles: edges reversed so that the graph is acyclic (src → dst below is the drawn direction).
  const reversed = breakCycles(n, input.from, input.to);
  const src = new Int32Array(edgeCount);
  const dst = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    src[e] = reversed[e] ? input.to[e] : input.from[e];
    dst[e] = reversed[e] ? input.from[e] : input.to[e];
  }

  // 2. Layers.
  const layerOf = longestPathLayers(n, src, dst);
  let layerCount = 0;
  for (let v = 0; v < n; v++) layerCount = Math.max(layerCount, layerOf[v] + 1);

  // 3. Dummies: the layered graph has nodes 0..n-1 (real) and n.. (dummies); segs join adjacent layers.
  const spans: number[] = [];
  for (let e = 0; e < edgeCount; e++) if (src[e] !== dst[e] && layerOf[dst[e]] - layerOf[src[e]] > 1) spans.push(e);
  spans.sort((a, b) => layerOf[dst[a]] - layerOf[src[a]] - (layerOf[dst[b]] - layerOf[src[b]]));
  const budget = Math.max(500, Math.round(opt.dummyFactor * n));
  const nodeLayer: number[] = Array.from(layerOf);
  const chains: (number[] | null)[] = new Array(edgeCount).fill(null);
  let dummies = 0;
  for (const e of spans) {
    const span = layerOf[dst[e]] - layerOf[src[e]];
    if (dummies + span - 1 > budget) continue;
    const chain: number[] = [];
    for (let l = layerOf[src[e]] + 1; l < layerOf[dst[e]]; l++) {
      chain.push(nodeLayer.length);
      nodeLayer.push(l);
    }
    dummies += chain.length;
    chains[e] = chain;
  }
  const total = nodeLayer.length;
  const succ: number[][] = Array.from({ length: total }, () => []);
  const pred: number[][] = Array.from({ length: total }, () => []);
  const weightTo: number[][] = Array.from({ length: total }, () => []);
  const weightFrom: number[][] = Array.from({ length: total }, () => []);
  const addSeg = (u: number, v: number): void => {
    const weight = u >= n && v >= n ? 8 : u >= n || v >= n ? 2 : 1;
    succ[u].push(v);
    weightTo[u].push(weight);
    pred[v].push(u);
    weightFrom[v].push(weight);
  };
  for (let e = 0; e < edgeCount; e++) {
    if (src[e] === dst[e]) continue;
    const chain = chains[e];
    const span = layerOf[dst[e]] - layerOf[src[e]];
    if (span === 1) addSeg(src[e], dst[e]);
    else if (chain) {
      let prev = src[e];
      for (const d of chain) {
        addSeg(prev, d);
        prev = d;
      }
      addSeg(prev, dst[e]);
    }
  }

  // 4. Order.
  const layers = initialOrder(total, layerCount, nodeLayer, pred, succ);
  const rounds = options.transposeRounds ?? (total > BIG ? 1 : opt.transposeRounds);
  const crossings = reduceCrossings(layers, pred, succ, opt.sweeps, rounds, total);

  // 5. Coordinates.
  const hOf = (v: number): number => (v < n ? input.h[v] : 0);
  const layerW = new Float64Array(layerCount);
  for (let v = 0; v < n; v++) layerW[layerOf[v]] = Math.max(layerW[layerOf[v]], input.w[v]);
  const layerX = new Float64Array(layerCount);
  let x0 = MARGIN;
  for (let l = 0; l < layerCount; l++) {
    layerX[l] = x0 + layerW[l] / 2;
    x0 += layerW[l] + opt.layerGap;
  }
  const y = assignY(layers, pred, succ, weightFrom, weightTo, hOf, n, opt);
  let minTop = Infinity;
  let maxBottom = -Infinity;
  for (let v = 0; v < total; v++) {
    minTop = Math.min(minTop, y[v] - hOf(v) / 2);
    maxBottom = Math.max(maxBottom, y[v] + hOf(v) / 2);
  }
  if (total === 0) minTop = maxBottom = 0;
  const shift = MARGIN - minTop;
  const x = new Float64Array(n);
  const yOut = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    x[v] = layerX[layerOf[v]];
    yOut[v] = y[v] + shift;
  }

  // 6. Routes, in the drawn direction (reversed edges are flagged).
  const routeStart = new Int32Array(edgeCount + 1);
  const points: number[] = [];
  for (let e = 0; e < edgeCount; e++) {
    routeStart[e] = points.length / 2;
    const u = src[e];
    const v = dst[e];
    points.push(x[u] + input.w[u] / 2, yOut[u]);
    for (const d of chains[e] ?? []) points.push(layerX[nodeLayer[d]], y[d] + shift);
    points.push(x[v] - input.w[v] / 2, yOut[v]);
  }
  routeStart[edgeCount] = points.length / 2;

  return {
    x, y: yOut, layer: layerOf, routeStart, route: Float64Array.from(points), reversed,
    width: x0 - opt.layerGap + MARGIN, height: maxBottom - minTop + 2 * MARGIN, crossings, dummies, ms: now() - start,
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Marks the edges that close a cycle (DFS back edges), iteratively. */
function breakCycles(n: number, from: Int32Array, to: Int32Array): Uint8Array {
  const reversed = new Uint8Array(from.length);
  const outStart = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) outStart[from[e] + 1]++;
  for (let v = 0; v < n; v++) outStart[v + 1] += outStart[v];
  const outEdge = new Int32Array(from.length);
  const fill = outStart.slice(0, n);
  for (let e = 0; e < from.length; e++) outEdge[fill[from[e]]++] = e;
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const next = new Int32Array(n);
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (state[s] !== 0) continue;
    stack.push(s);
    state[s] = 1;
    next[s] = outStart[s];
    while (stack.length > 0) {
      const v = stack[stack.length - 1];
      if (next[v] < outStart[v + 1]) {
        const e = outEdge[next[v]++];
        const w = to[e];
        if (state[w] === 1) reversed[e] = 1;
        else if (state[w] === 0) {
          state[w] = 1;
          next[w] = outStart[w];
          stack.push(w);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return reversed;
}

/** Layer = (longest path length in the graph) − (longest path from the node to a sink). */
function longestPathLayers(n: number, src: Int32Array, dst: Int32Array): Int32Array {
  const outDegree = new Int32Array(n);
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < src.length; e++) {
    if (src[e] === dst[e]) continue;
    outDegree[src[e]]++;
    preds[dst[e]].push(src[e]);
  }
  const rank = new Int32Array(n);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (outDegree[v] === 0) queue.push(v);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    for (const u of preds[v]) {
      rank[u] = Math.max(rank[u], rank[v] + 1);
      if (--outDegree[u] === 0) queue.push(u);
    }
  }
  let max = 0;
  for (let v = 0; v < n; v++) max = Math.max(max, rank[v]);
  const layer = new Int32Array(n);
  for (let v = 0; v < n; v++) layer[v] = max - rank[v];
  return layer;
}

/** Depth-first from the sinks through inputs, in input order: trees come out uncrossed. */
function initialOrder(total: number, layerCount: number, nodeLayer: number[], pred: number[][], succ: number[][]): number[][] {
  const visit = new Int32Array(total).fill(-1);
  let counter = 0;
  const stack: number[] = [];
  for (let s = total - 1; s >= 0; s--) {
    if (succ[s].length > 0 || visit[s] >= 0) continue;
    stack.push(s);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (visit[v] >= 0) continue;
      visit[v] = counter++;
      for (let i = pred[v].length - 1; i >= 0; i--) if (visit[pred[v][i]] < 0) stack.push(pred[v][i]);
    }
  }
  for (let v = 0; v < total; v++) if (visit[v] < 0) visit[v] = counter++;
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (let v = 0; v < total; v++) layers[nodeLayer[v]].push(v);
  for (const layer of layers) layer.sort((a, b) => visit[a] - visit[b]);
  return layers;
}

/** Barycenter sweeps, right to left then left to right, each followed by transposes; keeps the best order seen. */
function reduceCrossings(layers: number[][], pred: number[][], succ: number[][], sweeps: number, transposeRounds: number, total: number): number {
  const pos = new Float64Array(total);
  const setPositions = (layer: number[]): void => layer.forEach((v, i) => (pos[v] = i));
  layers.forEach(setPositions);
  let best = countCrossings(layers, succ, pos);
  let bestOrder = layers.map((l) => l.slice());
  const bary = new Float64Array(total);
  const sortBy = (layer: number[], neighbours: number[][]): void => {
    for (const v of layer) {
      const ns = neighbours[v];
      if (ns.length === 0) {
        bary[v] = pos[v];
        continue;
      }
      let sum = 0;
      for (const u of ns) sum += pos[u];
      // Scaled to the layer's own index range, so nodes without neighbours keep their place.
      bary[v] = sum / ns.length;
    }
    layer.sort((a, b) => bary[a] - bary[b] || pos[a] - pos[b]);
    setPositions(layer);
  };
  // Up to `sweeps` rounds, ending early after two that found nothing better (big graphs settle
  // in two or three: measured on the benchmark graphs, later rounds change nothing).
  for (let it = 0, stale = 0; it < sweeps && best > 0 && stale < 2; it++) {
    for (let l = layers.length - 2; l >= 0; l--) sortBy(layers[l], succ);
    for (let l = 1; l < layers.length; l++) sortBy(layers[l], pred);
    transpose(layers, pred, succ, pos, transposeRounds);
    const c = countCrossings(layers, succ, pos);
    if (c < best) {
      best = c;
      stale = 0;
      bestOrder = layers.map((layer) => layer.slice());
    } else stale++;
  }
  bestOrder.forEach((layer, l) => (layers[l] = layer));
  return best;
}

/**
 * Swaps neighbours in a layer while that removes crossings with both adjacent layers (Graphviz
 * dot's "transpose" step), a few rounds.
 */
function transpose(layers: number[][], pred: number[][], succ: number[][], pos: Float64Array, rounds: number): void {
  // A swap inside a layer moves no neighbour, so each node's sorted neighbour positions are
  // computed once per layer and round.
  const sortedPositions = (ns: number[]): Float64Array => {
    const out = new Float64Array(ns.length);
    for (let i = 0; i < ns.length; i++) out[i] = pos[ns[i]];
    return out.sort();
  };
  /** Pairs (a of u, b of v) with a below b: the crossings if u stays above v. */
  const inversions = (a: Float64Array, b: Float64Array): number => {
    let count = 0;
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      while (j < b.length && b[j] < a[i]) j++;
      count += j;
    }
    return count;
  };
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const layer of layers) {
      if (layer.length < 2) continue;
      const ins = layer.map((v) => sortedPositions(pred[v]));
      const outs = layer.map((v) => sortedPositions(succ[v]));
      for (let i = 0; i + 1 < layer.length; i++) {
        const keep = inversions(ins[i], ins[i + 1]) + inversions(outs[i], outs[i + 1]);
        if (keep === 0) continue;
        const swap = inversions(ins[i + 1], ins[i]) + inversions(outs[i + 1], outs[i]);
        if (swap < keep) {
          const u = layer[i];
          layer[i] = layer[i + 1];
          layer[i + 1] = u;
          pos[layer[i]] = i;
          pos[u] = i + 1;
          [ins[i], ins[i + 1]] = [ins[i + 1], ins[i]];
          [outs[i], outs[i + 1]] = [outs[i + 1], outs[i]];
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
}

/** Crossings between adjacent layers: inversions of target positions (Fenwick tree). */
function countCrossings(layers: number[][], succ: number[][], pos: Float64Array): number {
  let crossings = 0;
  let targets = new Float64Array(16);
  for (let l = 0; l + 1 < layers.length; l++) {
    const size = layers[l + 1].length;
    const tree = new Int32Array(size + 1);
    let seen = 0;
    for (const u of layers[l]) {
      const out = succ[u];
      if (out.length > targets.length) targets = new Float64Array(out.length * 2);
      const ts = targets.subarray(0, out.length);
      for (let i = 0; i < out.length; i++) ts[i] = pos[out[i]];
      ts.sort();
      // Edges seen so far (from nodes above u) whose target lies below t cross this one.
      for (let i = 0; i < ts.length; i++) {
        let le = 0;
        for (let k = ts[i] + 1; k > 0; k -= k & -k) le += tree[k];
        crossings += seen - le;
      }
      for (let i = 0; i < ts.length; i++) {
        for (let k = ts[i] + 1; k <= size; k += k & -k) tree[k]++;
        seen++;
      }
    }
  }
  return crossings;
}

/** Vertical positions: alternating neighbour-mean passes, each solved under the layer's order. */
function assignY(
  layers: number[][], pred: number[][], succ: number[][], weightFrom: number[][], weightTo: number[][],
  hOf: (v: number) => number, n: number, opt: LayoutOptions,
): Float64Array {
  const total = pred.length;
  const y = new Float64Array(total);
  const sep = (a: number, b: number): number => (hOf(a) + hOf(b)) / 2 + (a < n && b < n ? opt.nodeGap : a < n || b < n ? DUMMY_NODE_GAP : DUMMY_GAP);
  for (const layer of layers) {
    let at = 0;
    layer.forEach((v, i) => {
      if (i > 0) at += sep(layer[i - 1], v);
      y[v] = at;
    });
  }
  // Centre every layer on the tallest one before the passes start.
  const tallest = Math.max(0, ...layers.map((l) => (l.length ? y[l[l.length - 1]] : 0)));
  for (const layer of layers) {
    const offset = layer.length ? (tallest - y[layer[layer.length - 1]]) / 2 : 0;
    for (const v of layer) y[v] += offset;
  }
  const target = new Float64Array(total);
  const weight = new Float64Array(total);
  const place = (layer: number[], useIn: boolean, useOut: boolean): void => {
    for (const v of layer) {
      let sum = 0;
      let wsum = 0;
      if (useIn) {
        const ns = pred[v];
        const ws = weightFrom[v];
        for (let i = 0; i < ns.length; i++) {
          sum += ws[i] * y[ns[i]];
          wsum += ws[i];
        }
      }
      if (useOut) {
        const ns = succ[v];
        const ws = weightTo[v];
        for (let i = 0; i < ns.length; i++) {
          sum += ws[i] * y[ns[i]];
          wsum += ws[i];
        }
      }
      if (wsum === 0) {
        target[v] = y[v];
        weight[v] = 0.01;
      } else {
        target[v] = sum / wsum;
        weight[v] = wsum;
      }
    }
    isotonic(layer, target, weight, sep, y);
  };
  for (let pass = 0; pass < opt.passes; pass++) {
    const both = pass >= opt.passes - 2;
    if (pass % 2 === 0) for (let l = layers.length - 2; l >= 0; l--) place(layers[l], both, true);
    else for (let l = 1; l < layers.length; l++) place(layers[l], true, both);
  }
  return y;
}

/**
 * Positions for one layer: minimise Σ weight·(y − target)² subject to y[i+1] ≥ y[i] + sep(i, i+1).
 * With c[i] the cumulative separations, z = y − c must be non-decreasing: pool adjacent violators.
 */
function isotonic(layer: number[], target: Float64Array, weight: Float64Array, sep: (a: number, b: number) => number, y: Float64Array): void {
  const m = layer.length;
  if (m === 0) return;
  const c = new Float64Array(m);
  for (let i = 1; i < m; i++) c[i] = c[i - 1] + sep(layer[i - 1], layer[i]);
  const blockValue = new Float64Array(m);
  const blockWeight = new Float64Array(m);
  const blockEnd = new Int32Array(m);
  let blocks = 0;
  for (let i = 0; i < m; i++) {
    const v = layer[i];
    blockValue[blocks] = target[v] - c[i];
    blockWeight[blocks] = weight[v];
    blockEnd[blocks] = i;
    blocks++;
    while (blocks > 1 && blockValue[blocks - 2] > blockValue[blocks - 1]) {
      const w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
      blockValue[blocks - 2] = (blockValue[blocks - 2] * blockWeight[blocks - 2] + blockValue[blocks - 1] * blockWeight[blocks - 1]) / w;
      blockWeight[blocks - 2] = w;
      blockEnd[blocks - 2] = blockEnd[blocks - 1];
      blocks--;
    }
  }
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    for (; i <= blockEnd[b]; i++) y[layer[i]] = blockValue[b] + c[i];
  }
}
