// Where the graph is looked at first: the whole of it when its text still reads (READABLE_K),
// otherwise the root's end of it at a readable scale, the root near the right edge so that what
// feeds it fills the rest of the view. Pure (sizes in, a view out), so it is unit-tested.

import { READABLE_K, type View } from './viewport';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Margin kept around what is shown, in screen pixels. */
const MARGIN = 12;
/** The largest zoom a fit goes to: a 4-node graph in a wide panel should not look like a poster. */
const MAX_FIT_K = 1.25;

/** The scale at which `box` fits in `size`, with margins. */
export function fitK(size: Size, box: Box): number {
  const w = Math.max(1, box.x1 - box.x0);
  const h = Math.max(1, box.y1 - box.y0);
  return Math.min(MAX_FIT_K, (size.width - 2 * MARGIN) / w, (size.height - 2 * MARGIN) / h);
}

/** Whether the whole of `box` reads when fitted. */
export function fitsReadably(size: Size, box: Box): boolean {
  return fitK(size, box) >= READABLE_K;
}

/** `box` centred at scale k. */
export function centred(size: Size, box: Box, k: number): View {
  return { k, x: size.width / 2 - ((box.x0 + box.x1) / 2) * k, y: size.height / 2 - ((box.y0 + box.y1) / 2) * k };
}

/**
 * Shows `box` (the graph, or the inside of an opened group): all of it if it reads, else its part
 * around `anchor` (the root, or the group's exit) at a readable scale: the anchor near the right
 * margin, so that what feeds it fills the view, and no empty space beside the box.
 */
export function placeBox(size: Size, box: Box, anchor: Box | null): View {
  const fit = fitK(size, box);
  if (fit >= READABLE_K || !anchor) return centred(size, box, fit);
  const k = READABLE_K;
  let x: number;
  if ((box.x1 - box.x0) * k <= size.width - 2 * MARGIN) x = size.width / 2 - ((box.x0 + box.x1) / 2) * k;
  else {
    // The anchor's right edge at the right margin, but no empty space left or right of the box.
    x = size.width - MARGIN - anchor.x1 * k;
    x = Math.min(MARGIN - box.x0 * k, Math.max(size.width - MARGIN - box.x1 * k, x));
  }
  let y: number;
  if ((box.y1 - box.y0) * k <= size.height - 2 * MARGIN) y = size.height / 2 - ((box.y0 + box.y1) / 2) * k;
  else {
    y = size.height / 2 - ((anchor.y0 + anchor.y1) / 2) * k;
    y = Math.min(MARGIN - box.y0 * k, Math.max(size.height - MARGIN - box.y1 * k, y));
  }
  return { k, x, y };
}

/** How many of the boxes are at least half in view. */
export function countInView(view: Box, boxes: Iterable<Box>): number {
  let n = 0;
  for (const b of boxes) {
    const w = Math.max(0, Math.min(b.x1, view.x1) - Math.max(b.x0, view.x0));
    const h = Math.max(0, Math.min(b.y1, view.y1) - Math.max(b.y0, view.y0));
    if (w * h * 2 >= (b.x1 - b.x0) * (b.y1 - b.y0)) n++;
  }
  return n;
}
