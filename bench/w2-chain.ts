// W2: a deep chain. y = x · c · c · … · c (N multiplications by one shared leaf c): every op
// makes exactly one node and no constant leaves, so the graph is a path N nodes long. Checks that
// building and backward() cope with depth (no recursion) and measures time and memory per node.
import { engine } from './engine';
import { memory, peakRss } from './util';

const { Value } = engine;

export interface ChainResult {
  n: number;
  buildMs: number;
  backwardMs: number;
  /** Live heap after the build, minus before (the graph), MB. */
  graphMb: number;
  baselineRssMb: number;
  peakRssMb: number;
  /** Relative error of dy/dx and dy/dc against x·c^N's analytic derivatives. */
  gradError: number;
  dydx: number;
  dydc: number;
}

export function chain(n: number): ChainResult {
  const x = new Value(0.5);
  const c = new Value(1 + 1e-7);
  const before = memory();

  let start = performance.now();
  let y = x;
  for (let i = 0; i < n; i++) y = y.mul(c);
  const buildMs = performance.now() - start;
  const graphMb = memory().heapUsed - before.heapUsed;

  start = performance.now();
  y.backward();
  const backwardMs = performance.now() - start;

  const dydx = c.data ** n; // d(x·c^N)/dx
  const dydc = n * x.data * c.data ** (n - 1); // d(x·c^N)/dc
  const gradError = Math.max(Math.abs(x.grad / dydx - 1), Math.abs(c.grad / dydc - 1));
  return { n, buildMs, backwardMs, graphMb, baselineRssMb: before.rss, peakRssMb: peakRss(), gradError, dydx: x.grad, dydc: c.grad };
}
