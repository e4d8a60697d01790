// Draws the view model, laid out, as SVG: micrograd's records and op nodes, group boxes, ports,
// edges as left-to-right curves with bundle counts. Colours come only from CSS classes whose rules
// use --vscode-* variables (media/panel.css), so a theme change recolours the graph by itself.
// Texts are set with textContent. With the same structure, update() changes numbers and classes
// in place and the layout does not move.

import { el, round, svg, svgText } from '../dom';
import { formatCount, formatPrecise, formatShape } from '../format';
import { edgePath, midpoint } from './edge-path';
import { placeFarLabels, type FarLabel } from './far-labels';
import type { LayoutResult } from './layout';
import type { GraphModel, Item, Link } from './model';
import { countInView, placeBox, type Box } from './placement';
import { READABLE_K, Viewport, type View } from './viewport';

interface Drawn {
  g: SVGGElement;
  texts: SVGTextElement[];
  /** The class attribute last set (only changed items are touched: a restyle of every item of a
      2,000-node graph costs ~0.4 s in software rendering). */
  className: string;
}

/** Below this zoom, cell texts are hidden (unreadable anyway, and cheaper to pan); group names stay. */
const LOD_TEXT = 0.4;

export interface CanvasEvents {
  /** A click on an item (not the end of a drag). */
  onItemClick(key: string): void;
  onBackgroundClick(): void;
  onViewChange(view: View): void;
}

export class GraphCanvas {
  /** The frame: focusable, gets pointer, wheel and key events. */
  readonly element: HTMLElement;
  readonly svg: SVGSVGElement;
  readonly viewport: Viewport;
  private readonly stage: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly layer: SVGGElement;
  private readonly edgeLayer: SVGGElement;
  private readonly labelLayer: SVGGElement;
  private readonly nodeLayer: SVGGElement;
  private drawn = new Map<string, Drawn>();
  private edges = new Map<string, SVGPathElement>();
  private model: GraphModel | null = null;
  private laid: LayoutResult | null = null;
  private selected: string | null = null;
  private matches = new Set<string>();
  /** Items made by the line the editor's cursor is on. */
  private atLine = new Set<string>();
  private farLabels: FarLabel[] = [];

  constructor(private readonly events: CanvasEvents) {
    this.element = el('div', 'graph-canvas');
    this.element.tabIndex = 0;
    this.element.setAttribute('role', 'application');
    this.element.setAttribute('aria-roledescription', 'graph');
    this.stage = el('div', 'graph-stage');
    this.svg = svg('svg', 'graph', { role: 'img', 'aria-label': 'Computation graph' });
    const defs = svg('defs');
    for (const kind of ['plain', 'nan', 'port-link']) {
      const marker = svg('marker', `arrow arrow-${kind}`, {
        id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse',
      });
      marker.append(svg('path', '', { d: 'M0,1 L10,5 L0,9 z' }));
      defs.append(marker);
    }
    this.layer = svg('g', 'layers');
    this.edgeLayer = svg('g', 'edges');
    this.labelLayer = svg('g', 'edge-labels');
    this.nodeLayer = svg('g', 'nodes');
    this.layer.append(this.edgeLayer, this.labelLayer, this.nodeLayer);
    this.svg.append(defs, this.layer);
    this.stage.append(this.svg);
    this.tooltip = el('div', 'graph-tooltip');
    this.tooltip.hidden = true;
    this.element.append(this.stage, this.tooltip);
    this.viewport = new Viewport(this.element, this.stage, (view) => {
      this.svg.classList.toggle('lod-far', view.k < LOD_TEXT);
      this.svg.classList.toggle('below-readable', view.k < READABLE_K);
      placeFarLabels(this.farLabels, view.k);
      this.tooltip.hidden = true;
      this.events.onViewChange(view);
    });
    this.element.addEventListener('click', (event) => {
      if (this.viewport.wasDrag) return;
      const target = (event.target as Element).closest('[data-key]');
      if (target) this.events.onItemClick(target.getAttribute('data-key')!);
      else this.events.onBackgroundClick();
    });
    this.element.addEventListener('pointermove', (event) => this.hover(event));
    this.element.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
  }

  get current(): { model: GraphModel; layout: LayoutResult } | null {
    return this.model && this.laid ? { model: this.model, layout: this.laid } : null;
  }

  /** Draws a new structure (everything is rebuilt). */
  draw(model: GraphModel, layout: LayoutResult): void {
    this.model = model;
    this.laid = layout;
    this.drawn = new Map();
    this.edges = new Map();
    const edgeFrag = document.createDocumentFragment();
    const labelFrag = document.createDocumentFragment();
    const nodeFrag = document.createDocumentFragment();
    model.links.forEach((link, e) => {
      const path = svg('path', edgeClass(model, link), { d: edgePath(layout, e, round) });
      if (link.count > 1) path.setAttribute('stroke-width', String(round(Math.min(5, 1 + Math.log2(link.count) / 2))));
      path.setAttribute(layout.reversed[e] ? 'marker-start' : 'marker-end', `url(#arrow-${markerKind(model, link)})`);
      this.edges.set(link.key, path);
      edgeFrag.append(path);
      if (link.count > 1) {
        const [mx, my] = midpoint(layout, e);
        labelFrag.append(svgText('edge-count', mx, my - 4, `×${link.count.toLocaleString('en-US')}`));
      }
    });
    this.farLabels = [];
    model.items.forEach((item, i) => {
      const drawn = drawItem(item, layout.x[i], layout.y[i]);
      this.drawn.set(item.key, drawn);
      nodeFrag.append(drawn.g);
      if (item.kind === 'group') {
        const farLabel = { nearY: round(item.h * 0.24), farY: round(item.h / 2), cx: layout.x[i], cy: layout.y[i] };
        this.farLabels.push({ text: drawn.texts[0], ...farLabel, chars: item.cells[0].length, weight: item.group?.count ?? 0 });
      }
    });
    placeFarLabels(this.farLabels, this.viewport.view.k);
    this.svg.setAttribute('width', String(Math.ceil(layout.width)));
    this.svg.setAttribute('height', String(Math.ceil(layout.height)));
    this.edgeLayer.replaceChildren(edgeFrag);
    this.labelLayer.replaceChildren(labelFrag);
    this.nodeLayer.replaceChildren(nodeFrag);
    this.refreshClasses();
    this.svg.setAttribute('aria-label', `Computation graph: ${model.items.filter((i) => i.kind === 'value').length} nodes shown`);
  }

  /** Same structure, new numbers: texts and colours change, positions stay. */
  update(model: GraphModel): void {
    this.model = model;
    for (const item of model.items) {
      const drawn = this.drawn.get(item.key);
      if (!drawn) continue;
      item.cells.forEach((text, c) => {
        const t = drawn.texts[c];
        if (t && t.textContent !== text) t.textContent = text;
      });
    }
    for (const link of model.links) {
      const path = this.edges.get(link.key);
      if (!path) continue;
      path.setAttribute('class', edgeClass(model, link));
      const reversed = path.hasAttribute('marker-start');
      path.setAttribute(reversed ? 'marker-start' : 'marker-end', `url(#arrow-${markerKind(model, link)})`);
    }
    this.refreshClasses();
  }

  clear(): void {
    this.model = null;
    this.laid = null;
    this.drawn.clear();
    this.edges.clear();
    this.farLabels = [];
    this.edgeLayer.replaceChildren();
    this.labelLayer.replaceChildren();
    this.nodeLayer.replaceChildren();
  }

  select(key: string | null, reveal = true): void {
    const before = this.selected;
    this.selected = key;
    this.refreshClasses([before, key]);
    if (key && reveal) this.reveal(key);
  }

  /** Marks the items the cursor's line made (empty: none). */
  setAtLine(keys: Iterable<string>): void {
    const before = this.atLine;
    this.atLine = new Set(keys);
    this.refreshClasses([...before, ...this.atLine]);
  }

  setMatches(keys: Iterable<string>): void {
    const before = this.matches;
    this.matches = new Set(keys);
    this.refreshClasses([...before, ...this.matches]);
  }

  /** Pans so that the item is in view. */
  reveal(key: string): void {
    const box = this.box(key);
    if (box) this.viewport.reveal(box.x0, box.y0, box.x1, box.y1);
  }

  box(key: string): { x0: number; y0: number; x1: number; y1: number } | null {
    const i = this.model?.index.get(key);
    if (i === undefined || !this.laid || !this.model) return null;
    const item = this.model.items[i];
    const x = this.laid.x[i];
    const y = this.laid.y[i];
    return { x0: x - item.w / 2, y0: y - item.h / 2, x1: x + item.w / 2, y1: y + item.h / 2 };
  }

  fit(): void {
    const laid = this.laid;
    if (laid) this.viewport.whenVisible(() => this.viewport.fit(laid.width, laid.height));
  }

  /** Shows the items (an opened group's inside): all of them if they read, else their exit end. */
  showItems(keys: string[], anchor: string | null): void {
    this.viewport.whenVisible(() => {
      const boxes = keys.map((key) => this.box(key)).filter((b): b is Box => b !== null);
      if (boxes.length === 0) return;
      const union = {
        x0: Math.min(...boxes.map((b) => b.x0)), y0: Math.min(...boxes.map((b) => b.y0)),
        x1: Math.max(...boxes.map((b) => b.x1)), y1: Math.max(...boxes.map((b) => b.y1)),
      };
      this.viewport.set(placeBox(this.viewport.size(), union, anchor ? this.box(anchor) : null));
    });
  }

  /** The whole graph if its text reads; else the root (the loss) and what feeds it, readable. */
  initialView(): void {
    this.viewport.whenVisible(() => {
      if (!this.laid || !this.model) return;
      const whole = { x0: 0, y0: 0, x1: this.laid.width, y1: this.laid.height };
      this.viewport.set(placeBox(this.viewport.size(), whole, this.box(this.model.rootKey)));
    });
  }

  /** How many items are (at least half) in view, of how many. */
  coverage(): { inView: number; total: number } {
    const model = this.model;
    if (!model || !this.laid) return { inView: 0, total: 0 };
    const boxes = model.items.filter((i) => i.kind !== 'op').map((i) => this.box(i.key)!);
    return { inView: countInView(this.viewport.visibleRect(), boxes), total: boxes.length };
  }

  /** Sets the class of the given items (all when none given), where it changed. */
  private refreshClasses(keys?: Iterable<string | null>): void {
    const model = this.model;
    if (!model) return;
    const items = keys ? [...keys].flatMap((k) => (k !== null && model.index.has(k) ? [model.items[model.index.get(k)!]] : [])) : model.items;
    for (const item of items) {
      const drawn = this.drawn.get(item.key);
      if (!drawn) continue;
      const className = itemClass(item, model.nanPath.has(item.key)) + (item.key === this.selected ? ' selected' : '') + (this.matches.has(item.key) ? ' match' : '') + (this.atLine.has(item.key) ? ' at-line' : '');
      if (className !== drawn.className) {
        drawn.g.setAttribute('class', className);
        drawn.className = className;
      }
    }
  }

  /** The hovered item's tooltip (plain text), next to the pointer. */
  private hover(event: PointerEvent): void {
    if (event.buttons !== 0) return;
    const target = (event.target as Element).closest('[data-key]');
    const i = target && this.model?.index.get(target.getAttribute('data-key')!);
    if (i === undefined || i === null || !this.model) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.textContent = tooltip(this.model.items[i]);
    this.tooltip.hidden = false;
    const frame = this.element.getBoundingClientRect();
    const x = event.clientX - frame.left + 14;
    const y = event.clientY - frame.top + 14;
    this.tooltip.style.left = `${Math.min(x, frame.width - this.tooltip.offsetWidth - 4)}px`;
    this.tooltip.style.top = `${Math.min(y, frame.height - this.tooltip.offsetHeight - 4)}px`;
  }
}

function itemClass(item: Item, onNanPath: boolean): string {
  let c = `item ${item.kind} role-${item.role} mag-${item.mag}`;
  if (item.nonFinite) c += ' nonfinite';
  if (onNanPath) c += ' nan-path';
  return c;
}

/** A port link is dashed (media/panel.css, `.edge.port-link`). */
function edgeClass(model: GraphModel, link: Link): string {
  return `edge${link.portLink ? ' port-link' : ''}${model.nanPath.has(link.key) ? ' nan-path' : ''}`;
}

/** Which arrowhead (a <marker> of the <defs>) the edge ends in. */
function markerKind(model: GraphModel, link: Link): 'plain' | 'nan' | 'port-link' {
  return model.nanPath.has(link.key) ? 'nan' : link.portLink ? 'port-link' : 'plain';
}

function drawItem(item: Item, cx: number, cy: number): Drawn {
  const { w, h } = item;
  const g = svg('g', '', { transform: `translate(${round(cx - w / 2)},${round(cy - h / 2)})` });
  g.setAttribute('data-key', item.key);
  const texts: SVGTextElement[] = [];
  switch (item.kind) {
    case 'op':
      g.append(svg('ellipse', 'shape', { cx: w / 2, cy: h / 2, rx: w / 2, ry: h / 2 }));
      texts.push(centered('cell op-symbol', w / 2, h / 2, item.cells[0]));
      break;
    case 'port':
      g.append(svg('rect', 'shape', { width: w, height: h, rx: 4 }));
      texts.push(centered('cell', w / 2, h / 2, item.cells[0]));
      break;
    case 'group':
      g.append(svg('rect', 'stack', { x: 6, y: 6, width: w, height: h, rx: 3 }), svg('rect', 'stack', { x: 3, y: 3, width: w, height: h, rx: 3 }));
      g.append(svg('rect', 'shape', { width: w, height: h, rx: 3 }));
      texts.push(
        centered('cell group-label', w / 2, h * 0.24, item.cells[0]),
        centered('cell group-summary', w / 2, h * 0.52, item.cells[1]),
        centered('cell group-summary', w / 2, h * 0.78, item.cells[2]),
      );
      break;
    case 'value': {
      const rx = item.role === 'leaf' || item.role === 'param' ? h / 2 : 3;
      g.append(svg('rect', 'shape', { width: w, height: h, rx }));
      if (item.role === 'root') g.append(svg('rect', 'inner-border', { x: 3, y: 3, width: w - 6, height: h - 6, rx: 2 }));
      let x = 0;
      item.cells.forEach((text, c) => {
        const cw = item.cellW[c];
        if (c > 0) g.append(svg('line', 'separator', { x1: round(x), y1: 0, x2: round(x), y2: h }));
        let tx = x + cw / 2;
        if (c === 0 && item.role === 'param') {
          g.append(svg('path', 'param-mark', { d: `M${round(x + 12)},${h / 2 - 5} l5,5 l-5,5 l-5,-5 z` }));
          tx += 7;
        }
        texts.push(centered(c === 0 ? 'cell label' : 'cell number', tx, h / 2, text));
        x += cw;
      });
      break;
    }
  }
  g.append(...texts);
  return { g, texts, className: '' };
}

function centered(className: string, x: number, y: number, text: string): SVGTextElement {
  const t = svgText(className, x, y, text);
  t.setAttribute('text-anchor', 'middle');
  t.setAttribute('dominant-baseline', 'central');
  return t;
}

/** What a hover says about an item (plain text). */
function tooltip(item: Item): string {
  if (item.kind === 'group' && item.group) {
    const bad = item.group.nonFinite > 0 ? `\n${formatCount(item.group.nonFinite)} with NaN/Inf` : '';
    return `${item.group.label}\n${item.cells[1]}: ${item.cells[2]}\nmax |grad| ${formatPrecise(item.group.maxAbsGrad)}${bad}\nClick to open`;
  }
  if (item.kind === 'port' && item.group) {
    const where = item.key.startsWith('i') ? 'Where inputs enter' : 'Where the result leaves';
    return `${where} the opened group ${item.group.label}\nClick, then Delete (or "Close" in the details) to close it`;
  }
  const n = item.node;
  if (!n) return '';
  const name = n.label || `#${n.id}`;
  if (item.kind === 'op') return `${n.op} → ${name}`;
  const role = { root: 'root (loss)', param: 'parameter', leaf: 'leaf', inner: n.op }[item.role as 'root' | 'param' | 'leaf' | 'inner'] ?? '';
  const numbers = n.data !== null ? `data ${formatPrecise(n.data)}\ngrad ${formatPrecise(n.grad)}` : `shape ${formatShape(n.shape)}\n‖grad‖ ${formatPrecise(n.gradSummary?.norm ?? null)}`;
  const where = n.loc ? `\nline ${n.loc.line + 1}` : '';
  return `${name} — ${role}\n${numbers}${where}`;
}
