// Group names when zoomed out. A group box of a fitted 100-group graph is a few pixels tall: its
// 12 px label would be a grey smear, so below the readable scale the label is drawn at a fixed
// size on screen (it outgrows its box, over a halo of the background) and the summary lines go.
// Labels that would overlap a label already placed are left out, the biggest groups placed first,
// so what shows is always readable.

import { READABLE_K } from './viewport';

/** On-screen size of a group's name when zoomed out, in pixels. */
const FAR_PX = 11;
/** Width of a character of the graph's monospace font, as a fraction of its size. */
const CHAR_EM = 0.62;

export interface FarLabel {
  text: SVGTextElement;
  /** Its y in the group's own coordinates: near the top when it reads, at the middle when far. */
  nearY: number;
  farY: number;
  /** Centre of the group, graph coordinates. */
  cx: number;
  cy: number;
  chars: number;
  /** The group's size (bigger groups get their name first). */
  weight: number;
}

/** Sizes and hides the labels for zoom k; returns how many are shown. */
export function placeFarLabels(labels: FarLabel[], k: number): number {
  if (k >= READABLE_K) {
    for (const l of labels) {
      l.text.style.removeProperty('font-size');
      l.text.setAttribute('y', String(l.nearY));
      l.text.classList.remove('far-label', 'far-hidden');
    }
    return labels.length;
  }
  const size = FAR_PX / k;
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  let shown = 0;
  for (const l of [...labels].sort((a, b) => b.weight - a.weight)) {
    const halfW = (l.chars * CHAR_EM * size) / 2 + size * 0.3;
    const halfH = size * 0.7;
    const box = { x0: l.cx - halfW, y0: l.cy - halfH, x1: l.cx + halfW, y1: l.cy + halfH };
    const free = placed.every((p) => box.x1 <= p.x0 || box.x0 >= p.x1 || box.y1 <= p.y0 || box.y0 >= p.y1);
    l.text.classList.add('far-label');
    l.text.classList.toggle('far-hidden', !free);
    if (!free) continue;
    l.text.style.fontSize = `${size.toFixed(2)}px`;
    l.text.setAttribute('y', String(l.farY));
    placed.push(box);
    shown++;
  }
  return shown;
}
