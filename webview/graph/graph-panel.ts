// The graph tab: toolbar (search, fit, zoom), the banner saying what is collapsed and open, the
// canvas with a hint of what the view leaves out, and the legend. Turns a shown graph into a model, lays it out in the worker (a newer request
// cancels an older one) and draws it — or, when the structure has not changed, only updates
// numbers and colours so that nothing moves.

import { el } from '../dom';
import { button, progressRing, textField, type TextField } from '../elements';
import { formatCount } from '../format';
import { GraphBanner } from './banner';
import { LayoutCancelled, LayoutClient } from './layout-client';
import type { LayoutResult } from './layout';
import type { ShownGraph } from './merge';
import { buildModel, layoutInput, type GraphModel, type Item, type Metrics } from './model';
import { neighbour, type Direction } from './navigate';
import { GraphCanvas } from './render';
import { BackwardStepper } from './stepper';
import { ViewHint } from './view-hint';
import { READABLE_K, type View } from './viewport';

export interface GraphPanelHooks {
  onSelect(item: Item | null): void;
  /** Click or Enter on a group. */
  onExpand(groupId: number): void;
  /** Close an opened group (collapse it into its box again). */
  onCollapse(groupId: number): void;
  /** Click or Enter on a value or op node. */
  onReveal(item: Item): void;
  onViewChange(view: View): void;
}

export interface DrawnEvent {
  kind: 'draw' | 'update';
  /** performance.now() once painted. */
  at: number;
  items: number;
  links: number;
  modelMs: number;
  layoutMs: number;
  renderMs: number;
}

export class GraphPanel {
  readonly element: HTMLElement;
  private readonly canvas: GraphCanvas;
  private readonly layouts = new LayoutClient();
  private readonly banner: GraphBanner;
  private readonly hint: ViewHint;
  private readonly status: HTMLElement;
  private readonly statusText: HTMLElement;
  private readonly search: TextField;
  private readonly searchCount: HTMLElement;
  private readonly placeholder: HTMLElement;
  private model: GraphModel | null = null;
  private selected: string | null = null;
  private matches: string[] = [];
  private matchAt = -1;
  private generation = 0;
  private metrics: Metrics | null = null;
  private readonly stepper: BackwardStepper;

  constructor(private readonly hooks: GraphPanelHooks) {
    this.element = el('section', 'graph-panel');
    this.canvas = new GraphCanvas({
      onItemClick: (key) => this.activate(key, 'click'),
      onBackgroundClick: () => this.select(null),
      onViewChange: (view) => {
        this.updateHint();
        hooks.onViewChange(view);
      },
    });
    this.search = textField({ placeholder: 'Search labels', label: 'Search nodes by label', className: 'graph-search' }, (q) => this.onSearch(q), (back) => this.nextMatch(back ? -1 : 1));
    this.searchCount = el('span', 'search-count');
    const toolbar = el('div', 'graph-toolbar');
    toolbar.append(
      this.search.element,
      this.searchCount,
      el('span', 'spacer'),
      button('Step backward()', () => (this.stepper.open ? this.stepper.close() : this.stepper.start(this.model)), { secondary: true, title: 'Replay backward() node by node: each local rule with the run\'s numbers' }),
      button('Fit all', () => this.canvas.fit(), { secondary: true, title: 'Show the whole graph (F); on a big graph its text gets small' }),
      button('−', () => this.canvas.viewport.zoomBy(1 / 1.25), { secondary: true, title: 'Zoom out (-)' }),
      button('+', () => this.canvas.viewport.zoomBy(1.25), { secondary: true, title: 'Zoom in (+)' }),
    );
    this.stepper = new BackwardStepper({ onNode: (key) => this.select(key) });
    this.banner = new GraphBanner((group) => hooks.onCollapse(group));
    this.hint = new ViewHint({
      fitAll: () => this.canvas.fit(),
      zoomToRead: () => this.canvas.viewport.zoomBy(READABLE_K / this.view.k),
    });
    this.status = el('div', 'graph-status');
    this.statusText = el('span');
    this.status.append(progressRing('status-ring'), this.statusText);
    this.status.hidden = true;
    this.placeholder = el('p', 'graph-placeholder', 'The graph of the result appears here when the run ends (or is stopped).');
    this.canvas.element.append(this.placeholder, this.hint.element);
    this.element.append(toolbar, this.stepper.element, this.banner.element, this.canvas.element, this.status, legend());
    this.canvas.element.addEventListener('keydown', (event) => this.onKey(event));
    this.layouts.warm();
  }

  get current(): GraphModel | null {
    return this.model;
  }

  get view(): View {
    return this.canvas.viewport.view;
  }

  item(key: string | null): Item | null {
    if (key === null || !this.model) return null;
    const i = this.model.index.get(key);
    return i === undefined ? null : this.model.items[i];
  }

  /**
   * Shows a graph. Same structure as drawn: numbers and colours only. Otherwise a new layout;
   * `view` (a saved viewport) or `focus` (items to show, e.g. an opened group's inside, and the
   * one to keep in view if they do not all read) say where to look afterwards.
   */
  async show(shown: ShownGraph, options: { view?: View | null; focus?: { keys: string[]; anchor: string | null } | null } = {}): Promise<void> {
    const generation = ++this.generation;
    const t0 = performance.now();
    const model = buildModel(shown, this.fontMetrics());
    const modelMs = performance.now() - t0;
    this.banner.update(model);
    if (this.model && this.canvas.current && model.structure === this.model.structure) {
      const t1 = performance.now();
      this.model = model;
      this.canvas.update(model);
      this.drawn({ kind: 'update', items: model.items.length, links: model.links.length, modelMs, layoutMs: 0, renderMs: performance.now() - t1 });
      return;
    }
    this.setStatus(`Laying out ${formatCount(model.items.length)} nodes…`);
    let laid: LayoutResult;
    try {
      // Bundles carry a count label ("×50,550") between the layers: give it room.
      const bundles = model.links.some((l) => l.count > 1);
      laid = await this.layouts.run(layoutInput(model), bundles ? { layerGap: 76 } : {});
    } catch (error) {
      if (error instanceof LayoutCancelled) return;
      throw error;
    }
    if (generation !== this.generation) return;
    const t2 = performance.now();
    this.stepper.close(); // its steps were another graph's
    this.model = model;
    this.placeholder.hidden = true;
    this.canvas.draw(model, laid);
    if (this.selected && !model.index.has(this.selected)) this.select(null);
    else this.canvas.select(this.selected, false);
    this.applySearch();
    if (options.view) this.canvas.viewport.set(options.view);
    else if (options.focus && options.focus.keys.length > 0) this.canvas.showItems(options.focus.keys, options.focus.anchor);
    else this.canvas.initialView();
    this.updateHint();
    this.setStatus(null);
    this.drawn({ kind: 'draw', items: model.items.length, links: model.links.length, modelMs, layoutMs: laid.ms, renderMs: performance.now() - t2 });
  }

  /**
   * The editor's cursor is on `line` (0-based) of the run's own file (null: not in it): marks the
   * nodes that line made, and the groups made by a statement spanning it.
   */
  showLine(line: number | null): void {
    const keys: string[] = [];
    for (const item of this.model?.items ?? []) {
      const loc = item.node?.loc ?? (item.kind === 'group' ? item.group?.loc : null);
      if (!loc || line === null || loc.file !== undefined || line < loc.line || line > loc.endLine) continue;
      if (item.kind === 'value' || item.kind === 'group') keys.push(item.key);
    }
    this.canvas.setAtLine(keys);
  }

  clear(): void {
    this.stepper.close();
    this.generation++;
    this.layouts.cancel();
    this.model = null;
    this.selected = null;
    this.canvas.clear();
    this.placeholder.hidden = false;
    this.banner.clear();
    this.hint.update(1, 0, 0);
    this.setStatus(null);
    delete document.body.dataset.graph; // tests wait for 'drawn': nothing is, now
  }

  setStatus(text: string | null): void {
    this.status.hidden = text === null;
    this.statusText.textContent = text ?? '';
  }

  /** Selects an item (null: none); `reveal` pans it into view. Tells the hooks. */
  select(key: string | null, reveal = true): void {
    this.selected = key !== null && this.model?.index.has(key) ? key : null;
    this.canvas.select(this.selected, reveal);
    this.hooks.onSelect(this.item(this.selected));
  }

  get selection(): string | null {
    return this.selected;
  }

  focusCanvas(): void {
    this.canvas.element.focus();
  }

  focusSearch(): void {
    this.search.focus();
  }

  private activate(key: string, _how: 'click' | 'key'): void {
    this.select(key, false);
    const item = this.item(key);
    if (!item) return;
    if (item.kind === 'group') this.hooks.onExpand(item.id);
    else if (item.kind === 'value' || item.kind === 'op') this.hooks.onReveal(item);
  }

  private onKey(event: KeyboardEvent): void {
    const arrows: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    const current = this.canvas.current;
    if (arrows[event.key] && current) {
      event.preventDefault();
      this.select(neighbour(current, this.selected, arrows[event.key]));
    } else if (event.key === 'Enter' && this.selected) {
      event.preventDefault();
      this.activate(this.selected, 'key');
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && this.selected) {
      // A selected entry or exit of an opened group: close that group.
      const item = this.item(this.selected);
      if (item?.kind === 'port') this.hooks.onCollapse(item.id);
    } else if (event.key === 'Escape') this.select(null);
    else if (event.key === '+' || event.key === '=') this.canvas.viewport.zoomBy(1.25);
    else if (event.key === '-') this.canvas.viewport.zoomBy(1 / 1.25);
    else if (event.key === 'f' || event.key === '0') this.canvas.fit();
    else if (event.key === '/') {
      event.preventDefault();
      this.search.focus();
    } else return;
  }

  private onSearch(query: string): void {
    this.matchAt = -1;
    this.applySearch(query);
  }

  private applySearch(query = this.search.value): void {
    const q = query.trim().toLowerCase();
    this.matches = [];
    if (q && this.model) {
      for (const item of this.model.items) {
        if (item.kind === 'op') continue;
        const label = (item.node?.label ?? item.group?.label ?? '').toLowerCase();
        if (label.includes(q) || (item.node && `#${item.node.id}` === q)) this.matches.push(item.key);
      }
    }
    this.canvas.setMatches(this.matches);
    this.updateSearchCount(q);
  }

  private nextMatch(step: number): void {
    if (this.matches.length === 0) return;
    this.matchAt = (this.matchAt + step + this.matches.length) % this.matches.length;
    const key = this.matches[this.matchAt];
    this.select(key, false);
    const box = this.canvas.box(key);
    if (box) this.canvas.viewport.centerOn((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, Math.max(this.view.k, 0.8));
    this.updateSearchCount(this.search.value.trim());
  }

  private updateSearchCount(q: string): void {
    if (!q) {
      this.searchCount.textContent = '';
      return;
    }
    const collapsed = this.model?.collapsed.groups ?? 0;
    const where = this.matchAt >= 0 ? `${this.matchAt + 1} of ${this.matches.length}` : `${this.matches.length} found`;
    this.searchCount.textContent = this.matches.length === 0 ? `none shown${collapsed ? ` (${collapsed} groups collapsed)` : ''}` : where;
  }

  private updateHint(): void {
    const { inView, total } = this.canvas.coverage();
    this.hint.update(this.view.k, inView, total);
  }

  /** The graph font's character width, measured once (the font is monospace). */
  private fontMetrics(): Metrics {
    if (this.metrics) return this.metrics;
    const probe = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    probe.setAttribute('class', 'cell number');
    probe.textContent = '0123456789'.repeat(4);
    const host = this.canvas.svg;
    host.append(probe);
    const width = probe.getComputedTextLength();
    probe.remove();
    // Not measurable while hidden (its tab not shown): a typical width, measured again next time.
    if (!(width > 0)) return { charWidth: 7.2 };
    this.metrics = { charWidth: Math.max(5, Math.min(12, width / 40)) };
    return this.metrics;
  }

  /** Tells tests and benchmarks (event 'gradlens:drawn') once the frame with the graph is painted. */
  private drawn(detail: Omit<DrawnEvent, 'at'>): void {
    requestAnimationFrame(() =>
      setTimeout(() => {
        document.body.dataset.graph = 'drawn';
        window.dispatchEvent(new CustomEvent('gradlens:drawn', { detail: { ...detail, at: performance.now() } }));
      }, 0),
    );
  }
}

/** What shapes and colours mean. */
function legend(): HTMLElement {
  const box = el('div', 'graph-legend');
  const entries: [string, string][] = [
    ['shape-root', 'root (loss)'],
    ['shape-param', 'parameter'],
    ['shape-leaf', 'leaf'],
    ['shape-value', 'value'],
    ['shape-op', 'op'],
    ['shape-group', 'group'],
    ['shape-nan', 'NaN/Inf'],
  ];
  for (const [cls, text] of entries) {
    const entry = el('span', 'legend-entry');
    entry.append(el('span', `legend-swatch ${cls}`), document.createTextNode(text));
    box.append(entry);
  }
  const scale = el('span', 'legend-entry legend-scale');
  scale.append(document.createTextNode('|grad|: 0'));
  for (let m = 0; m <= 4; m++) scale.append(el('span', `legend-swatch mag-swatch mag-${m}`));
  scale.append(document.createTextNode('max'));
  box.append(scale);
  return box;
}
