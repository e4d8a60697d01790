// A line over the graph's bottom edge saying what the view leaves out, with the one step that
// changes it: "4 of 10 nodes in view — Fit all (small text)" when the graph opened at a readable
// scale on part of it, "Whole graph: text too small to read — Zoom to read" after a fit that had
// to shrink it. Hidden when everything is in view and readable.

import { el } from '../dom';
import { button } from '../elements';
import { formatCount } from '../format';
import { READABLE_K } from './viewport';

export interface ViewHintActions {
  fitAll(): void;
  zoomToRead(): void;
}

export class ViewHint {
  readonly element = el('div', 'view-hint');
  private readonly text = el('span', 'view-hint-text');
  private readonly fit: HTMLElement;
  private readonly zoom: HTMLElement;

  constructor(actions: ViewHintActions) {
    this.fit = button('Fit all', () => actions.fitAll(), { secondary: true, title: 'Show the whole graph (F); its text gets small' });
    this.zoom = button('Zoom to read', () => actions.zoomToRead(), { secondary: true, title: 'Zoom in until the text reads' });
    this.element.append(this.text, this.fit, this.zoom);
    this.element.hidden = true;
    // Its clicks and drags are its own, not the canvas's (which would deselect or pan).
    for (const type of ['click', 'pointerdown', 'wheel']) this.element.addEventListener(type, (event) => event.stopPropagation());
  }

  update(k: number, inView: number, total: number): void {
    const partial = inView < total;
    const small = k < READABLE_K;
    this.element.hidden = total === 0 || (!partial && !small);
    this.fit.hidden = !partial;
    this.zoom.hidden = partial || !small;
    if (partial) this.text.textContent = `${formatCount(inView)} of ${formatCount(total)} nodes in view — drag to pan, or`;
    else this.text.textContent = 'Whole graph shown: text too small to read —';
  }
}
