// Lays one benchmark graph out in a fresh process (so the first run is cold, as in a new layout
// worker) with our layout or @dagrejs/dagre (rankdir LR, the spacing the panel uses), then again
// while it is quick, and prints time and quality as JSON.
// Usage: node --import tsx bench/panel/layout-child.ts <ours|dagre> <index into BENCH_GRAPHS>
import { layout } from '../../webview/graph/layout';
import { BENCH_GRAPHS, benchGraph } from './graphs';
import { quality, type Drawing } from './geometry';
import type { LayoutInput } from '../../webview/graph/layout';

type Engine = (input: LayoutInput) => Promise<Drawing>;

const ours: Engine = async (input) => {
  const r = layout(input);
  const edges: number[][] = [];
  for (let e = 0; e < input.from.length; e++) edges.push(Array.from(r.route.subarray(2 * r.routeStart[e], 2 * r.routeStart[e + 1])));
  return { edges, width: r.width, height: r.height };
};

const dagre: Engine = async (input) => {
  const { default: d } = await import('@dagrejs/dagre');
  const g = new d.graphlib.Graph<{ width?: number; height?: number }, { width: number; height: number }, { points?: { x: number; y: number }[] }>({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 44, edgesep: 5, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (let v = 0; v < input.w.length; v++) g.setNode(String(v), { width: input.w[v], height: input.h[v] });
  for (let e = 0; e < input.from.length; e++) g.setEdge(String(input.from[e]), String(input.to[e]));
  d.layout(g);
  const edges = g.edges().map((e: { v: string; w: string }) => (g.edge(e).points ?? []).flatMap((p: { x: number; y: number }) => [p.x, p.y]));
  const label = g.graph();
  return { edges, width: label.width ?? 0, height: label.height ?? 0 };
};

async function main(): Promise<void> {
  const engine = process.argv[2] === 'dagre' ? dagre : ours;
  const [fixture, open, name] = BENCH_GRAPHS[Number(process.argv[3])];
  const { input } = benchGraph(fixture, open, name);
  if (engine === dagre) await import('@dagrejs/dagre'); // loading is not laying out
  let start = performance.now();
  const drawing = await engine(input);
  const coldMs = performance.now() - start;
  const warm: number[] = [];
  while (warm.length < 5 && coldMs < 2000) {
    start = performance.now();
    await engine(input);
    warm.push(performance.now() - start);
  }
  warm.sort((a, b) => a - b);
  console.log(JSON.stringify({ coldMs, warmMs: warm.length ? warm[warm.length >> 1] : null, ...quality(drawing) }));
}

void main();
