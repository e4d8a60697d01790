// The shape of a laid-out edge, shared by the panel's drawing (render.ts) and the notebook's saved
// SVG (notebook/graph-svg.ts), so that both draw the same curve. Pure: the kernel runs it in Node.

import type { LayoutResult } from './layout';

/**
 * A left-to-right curve through edge `e`'s route points (horizontal tangents at every point), as
 * an SVG path. `round` sets the coordinates' precision: the panel keeps tenths, a saved file
 * whole pixels.
 */
export function edgePath(layout: LayoutResult, e: number, round: (x: number) => number): string {
  const { route, routeStart } = layout;
  const a = routeStart[e];
  const b = routeStart[e + 1];
  let d = `M${round(route[2 * a])},${round(route[2 * a + 1])}`;
  for (let p = a + 1; p < b; p++) {
    const x0 = route[2 * p - 2];
    const y0 = route[2 * p - 1];
    const x1 = route[2 * p];
    const y1 = route[2 * p + 1];
    const dx = (x1 - x0) / 2;
    d += ` C${round(x0 + dx)},${round(y0)} ${round(x1 - dx)},${round(y1)} ${round(x1)},${round(y1)}`;
  }
  return d;
}

/** The middle of edge `e`'s route: where its bundle count is written. */
export function midpoint(layout: LayoutResult, e: number): [number, number] {
  const { route, routeStart } = layout;
  const mid = (routeStart[e] + routeStart[e + 1] - 1) / 2;
  const lo = Math.floor(mid);
  const hi = Math.ceil(mid);
  return [(route[2 * lo] + route[2 * hi]) / 2, (route[2 * lo + 1] + route[2 * hi + 1]) / 2];
}
