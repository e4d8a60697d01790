// W3: a wide-and-deep graph. Σ a_i·b_i over N products of 2N scalar leaves, accumulated left to
// right (acc = acc + a_i·b_i), then backward(): 4N nodes, a chain N long. dL/da_i must be b_i.
import { engine, type Value } from './engine';
import { memory, peakRss } from './util';

export interface SumResult {
  n: number;
  leavesMs: number;
  buildMs: number;
  backwardMs: number;
  graphMb: number;
  baselineRssMb: number;
  peakRssMb: number;
  /** max |dL/da_i − b_i| + |dL/db_i − a_i|. */
  gradError: number;
}

export function sumOfProducts(n: number): SumResult {
  const before = memory();

  let start = performance.now();
  const a: Value[] = new Array(n);
  const b: Value[] = new Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = new engine.Value(Math.random());
    b[i] = new engine.Value(Math.random());
  }
  const leavesMs = performance.now() - start;

  start = performance.now();
  let acc = new engine.Value(0);
  for (let i = 0; i < n; i++) acc = acc.add(a[i].mul(b[i]));
  const buildMs = performance.now() - start;
  const graphMb = memory().heapUsed - before.heapUsed;

  start = performance.now();
  acc.backward();
  const backwardMs = performance.now() - start;

  let gradError = 0;
  for (let i = 0; i < n; i++) {
    gradError = Math.max(gradError, Math.abs(a[i].grad - b[i].data) + Math.abs(b[i].grad - a[i].data));
  }
  return { n, leavesMs, buildMs, backwardMs, graphMb, baselineRssMb: before.rss, peakRssMb: peakRss(), gradError };
}
