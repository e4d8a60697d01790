// Pan and zoom of the graph: one CSS transform on the stage that holds the SVG, changed at most
// once a frame. The 3D translate gives the stage its own compositor layer, so panning moves
// pixels already drawn instead of redrawing thousands of SVG elements (measured: ~100 ms → a few
// ms per frame at 2,000 nodes in software rendering); a zoom redraws at the new scale. Wheel
// zooms around the pointer, dragging pans (a drag is not a click), and fit() shows it all.

import { perFrame } from '../dom';

export interface View {
  x: number;
  y: number;
  k: number;
}

/**
 * The smallest zoom at which the graph's text reads: its fonts are 12 px (media/panel.css), and
 * 10 px on screen is the least a first-time user can read without leaning in.
 */
export const READABLE_K = 0.85;
const MIN_K = 0.02;
const MAX_K = 4;
/** Pointer movement (px) beyond which a press is a drag, not a click. */
const DRAG_SLOP = 4;

export class Viewport {
  view: View = { x: 0, y: 0, k: 1 };
  private dragged = false;
  private deferred: (() => void) | null = null;
  private readonly apply = perFrame(() => {
    const { x, y, k } = this.view;
    this.stage.style.transform = `translate3d(${x.toFixed(1)}px, ${y.toFixed(1)}px, 0) scale(${k.toFixed(4)})`;
    this.onChange(this.view);
  });

  constructor(
    /** The visible frame: it gets the pointer and wheel events and gives the size. */
    private readonly frame: HTMLElement,
    /** What moves: positioned at the frame's top left, transformed from its own top left. */
    private readonly stage: HTMLElement,
    private readonly onChange: (view: View) => void,
  ) {
    // When the frame is resized, the graph point at its centre stays at its centre. A view asked
    // for while the frame had no size (its tab hidden) is set once it has one. A frame that had no
    // size keeps its view, but what is in view changed: listeners hear of it.
    let last = { width: 0, height: 0 };
    new ResizeObserver(() => {
      const size = this.size();
      if (this.deferred && this.visible()) {
        const deferred = this.deferred;
        this.deferred = null;
        deferred();
      } else if (last.width > 1 && last.height > 1) this.panBy((size.width - last.width) / 2, (size.height - last.height) / 2);
      else this.apply();
      last = size;
    }).observe(frame);
    frame.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    frame.addEventListener('pointerdown', (event) => this.onPointerDown(event));
  }

  /** Runs `place` now if the frame has a size, else as soon as it gets one. */
  whenVisible(place: () => void): void {
    if (this.visible()) {
      this.deferred = null;
      place();
    } else this.deferred = place;
  }

  private visible(): boolean {
    const r = this.frame.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  }

  /** Whether the last press moved the view (its click should not select). */
  get wasDrag(): boolean {
    return this.dragged;
  }

  set(view: View): void {
    this.view = { x: view.x, y: view.y, k: clamp(view.k, MIN_K, MAX_K) };
    this.apply();
  }

  size(): { width: number; height: number } {
    const r = this.frame.getBoundingClientRect();
    return { width: Math.max(1, r.width), height: Math.max(1, r.height) };
  }

  /** The scale at which `width` × `height` fits, with a margin. */
  fitScale(width: number, height: number): number {
    const { width: w, height: h } = this.size();
    return clamp(Math.min((w - 24) / width, (h - 24) / height), MIN_K, 1.25);
  }

  fit(width: number, height: number): void {
    const k = this.fitScale(width, height);
    const { width: w, height: h } = this.size();
    this.set({ k, x: (w - width * k) / 2, y: (h - height * k) / 2 });
  }

  /** The part of the graph (its coordinates) in view. */
  visibleRect(): { x0: number; y0: number; x1: number; y1: number } {
    const { width, height } = this.size();
    const { x, y, k } = this.view;
    return { x0: -x / k, y0: -y / k, x1: (width - x) / k, y1: (height - y) / k };
  }

  /** Puts graph point (gx, gy) at the centre (or at `at`, a fraction of the view). */
  centerOn(gx: number, gy: number, k = this.view.k, at = { fx: 0.5, fy: 0.5 }): void {
    const { width, height } = this.size();
    this.set({ k, x: width * at.fx - gx * k, y: height * at.fy - gy * k });
  }

  /** Pans just enough for the box (graph coordinates) to be visible. */
  reveal(x0: number, y0: number, x1: number, y1: number): void {
    const { width, height } = this.size();
    const { x, y, k } = this.view;
    const margin = 24;
    let dx = 0;
    let dy = 0;
    if (x0 * k + x < margin) dx = margin - (x0 * k + x);
    else if (x1 * k + x > width - margin) dx = width - margin - (x1 * k + x);
    if (y0 * k + y < margin) dy = margin - (y0 * k + y);
    else if (y1 * k + y > height - margin) dy = height - margin - (y1 * k + y);
    if (dx !== 0 || dy !== 0) this.set({ x: x + dx, y: y + dy, k });
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    const { width, height } = this.size();
    const px = cx ?? width / 2;
    const py = cy ?? height / 2;
    const { x, y, k } = this.view;
    const nk = clamp(k * factor, MIN_K, MAX_K);
    this.set({ k: nk, x: px - ((px - x) / k) * nk, y: py - ((py - y) / k) * nk });
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const r = this.frame.getBoundingClientRect();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    this.zoomBy(Math.exp(-delta / 500), event.clientX - r.left, event.clientY - r.top);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.dragged = false;
    const startX = event.clientX;
    const startY = event.clientY;
    const start = { ...this.view };
    const move = (e: PointerEvent): void => {
      const dx = e.clientX - startX;
      const dy = e.clientY - startY;
      if (!this.dragged && Math.hypot(dx, dy) < DRAG_SLOP) return;
      if (!this.dragged) {
        this.dragged = true;
        this.frame.setPointerCapture(event.pointerId);
        this.frame.classList.add('dragging');
      }
      this.set({ ...start, x: start.x + dx, y: start.y + dy });
    };
    const up = (): void => {
      this.frame.removeEventListener('pointermove', move);
      this.frame.removeEventListener('pointerup', up);
      this.frame.removeEventListener('pointercancel', up);
      this.frame.classList.remove('dragging');
    };
    this.frame.addEventListener('pointermove', move);
    this.frame.addEventListener('pointerup', up);
    this.frame.addEventListener('pointercancel', up);
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
