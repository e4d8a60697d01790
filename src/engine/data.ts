// Small datasets for examples and tests, drawn from the engine's seeded generator.

import { normal } from './random';

/** Points and their labels, as makeMoons returns them (sklearn's X, y). */
export interface Dataset {
  /** One [x, y] point per sample. */
  X: number[][];
  /** Class labels, 0 and 1 (micrograd's demo maps them to ±1 with y * 2 - 1). */
  y: number[];
}

/**
 * Two interleaving half circles, as sklearn.datasets.make_moons (without shuffling): the first
 * half of the samples is the upper moon (label 0), the rest the lower one (label 1).
 */
export function makeMoons(nSamples = 100, { noise = 0 }: { noise?: number } = {}): Dataset {
  const nOuter = Math.floor(nSamples / 2);
  const nInner = nSamples - nOuter;
  const X: number[][] = [];
  const y: number[] = [];
  const arc = (i: number, n: number): number => (n === 1 ? 0 : (Math.PI * i) / (n - 1));
  for (let i = 0; i < nOuter; i++) {
    X.push([Math.cos(arc(i, nOuter)), Math.sin(arc(i, nOuter))]);
    y.push(0);
  }
  for (let i = 0; i < nInner; i++) {
    X.push([1 - Math.cos(arc(i, nInner)), 1 - Math.sin(arc(i, nInner)) - 0.5]);
    y.push(1);
  }
  for (const point of X) {
    point[0] += noise * normal();
    point[1] += noise * normal();
  }
  return { X, y };
}
