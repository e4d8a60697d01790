// The graph of a notebook cell as one self-contained SVG, saved in the .ipynb beside GradLens' own
// output so that the notebook reads in plain Jupyter or on a code host. The panel's model and
// layout (model.ts, layout.ts: pure), drawn as the panel draws it (render.ts) in a fixed light
// theme. Pure and DOM-free: the kernel (Node) calls it at the end of a cell.
//
// An SVG output may be put inline into a page (classic Jupyter does), so it carries no <style>,
// no ids and no script: colours are attributes, arrowheads are drawn paths, every text is escaped.

import type { GraphView } from '../../src/protocol';
import { formatCount, getPrecision, setPrecision } from '../format';
import { edgePath, midpoint } from '../graph/edge-path';
import { layout, type LayoutResult } from '../graph/layout';
import { shownGraph } from '../graph/merge';
import { buildModel, DEFAULT_METRICS, layoutInput, type GraphModel, type Item } from '../graph/model';

/** The panel's colours in a light theme (media/panel.css with the Light+ theme's values). */
const LIGHT = {
  background: '#ffffff',
  text: '#1f1f1f',
  muted: '#616161',
  border: '#8a8a8a',
  edge: '#8a8a8a',
  /** By gradient magnitude (model.ts bucket): the charts blue mixed into white at 0, 12, 24, 38, 55%. */
  fill: ['#f3f3f3', '#e7f2ff', '#cfe5ff', '#b3d6ff', '#91c4ff'],
  opFill: '#f3f3f3',
  param: '#8a4fc1',
  root: '#d18616',
  error: '#e51400',
  errorFill: '#fbd9d6',
} as const;

const FONT = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/**
 * The shown graph of `view` (its groups collapsed, as the cell's output first shows it), laid out
 * as the panel lays it out, as SVG text; numbers with `precision` decimals.
 */
export function graphSvg(view: GraphView, precision: number): string {
  const before = getPrecision();
  setPrecision(precision);
  try {
    const model = buildModel(shownGraph(view), DEFAULT_METRICS);
    const bundles = model.links.some((l) => l.count > 1);
    const laid = layout(layoutInput(model), bundles ? { layerGap: 76 } : {});
    return writeSvg(model, laid, view);
  } finally {
    setPrecision(before);
  }
}

function writeSvg(model: GraphModel, laid: LayoutResult, view: GraphView): string {
  const width = Math.ceil(laid.width);
  const height = Math.ceil(laid.height);
  const values = model.items.filter((i) => i.kind === 'value').length;
  const groups = model.collapsed.groups;
  const what = `${formatCount(values)} nodes${groups ? ` and ${formatCount(groups)} groups (${formatCount(model.collapsed.nodes)} nodes)` : ''}`;
  const title = `Computation graph: ${what} of ${formatCount(view.totalNodes)}`;
  // Defaults set once and inherited: text is centred in the text colour, edges are unfilled lines.
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}" font-family="${FONT}" font-size="12" text-anchor="middle" fill="${LIGHT.text}">`,
    `<title>${escape(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="${LIGHT.background}"/>`,
  ];
  const edges: string[] = [];
  const heads: string[] = [];
  const counts: string[] = [];
  model.links.forEach((link, e) => {
    const onNanPath = model.nanPath.has(link.key);
    let attrs = onNanPath ? ` stroke="${LIGHT.error}" stroke-width="2.5"` : link.count > 1 ? ` stroke-width="${r(Math.min(5, 1 + Math.log2(link.count) / 2))}"` : '';
    if (link.portLink) attrs += ' stroke-dasharray="4 3"';
    edges.push(`<path d="${edgePath(laid, e, r)}"${attrs}/>`);
    heads.push(arrowhead(laid, e, onNanPath ? ` fill="${LIGHT.error}"` : ''));
    if (link.count > 1) {
      const [mx, my] = midpoint(laid, e);
      counts.push(`<text x="${r(mx)}" y="${r(my - 4)}">×${formatCount(link.count)}</text>`);
    }
  });
  out.push(`<g fill="none" stroke="${LIGHT.edge}" stroke-width="1.2">`, ...edges, '</g>');
  out.push(`<g fill="${LIGHT.edge}">`, ...heads, '</g>');
  if (counts.length > 0) out.push(`<g fill="${LIGHT.muted}">`, ...counts, '</g>');
  model.items.forEach((item, i) => out.push(drawItem(item, laid.x[i], laid.y[i], model.nanPath.has(item.key))));
  out.push('</svg>');
  return out.join('\n');
}

function drawItem(item: Item, cx: number, cy: number, onNanPath: boolean): string {
  const { w, h } = item;
  const bad = item.nonFinite;
  let stroke: string = LIGHT.border;
  let strokeWidth = 1;
  if (item.role === 'param') [stroke, strokeWidth] = [LIGHT.param, 2];
  if (item.role === 'root') [stroke, strokeWidth] = [LIGHT.root, 2];
  if (onNanPath) [stroke, strokeWidth] = [LIGHT.error, 2];
  if (bad) [stroke, strokeWidth] = [LIGHT.error, 2.5];
  const fill = bad ? LIGHT.errorFill : item.kind === 'op' ? LIGHT.opFill : LIGHT.fill[item.mag] ?? LIGHT.fill[0];
  const paint = `fill="${fill}" stroke="${stroke}"${strokeWidth === 1 ? '' : ` stroke-width="${strokeWidth}"`}`;
  const parts: string[] = [`<g transform="translate(${r(cx - w / 2)},${r(cy - h / 2)})">`];
  switch (item.kind) {
    case 'op':
      parts.push(`<ellipse cx="${r(w / 2)}" cy="${r(h / 2)}" rx="${r(w / 2)}" ry="${r(h / 2)}" ${paint}/>`);
      parts.push(text(w / 2, h / 2, item.cells[0], ' font-size="13" font-weight="600"'));
      break;
    case 'port':
      parts.push(`<rect width="${r(w)}" height="${h}" rx="4" fill="none" stroke="${LIGHT.muted}" stroke-dasharray="3 2"/>`);
      parts.push(text(w / 2, h / 2, item.cells[0], ` fill="${LIGHT.muted}"`));
      break;
    case 'group':
      for (const d of [6, 3]) parts.push(`<rect x="${d}" y="${d}" width="${r(w)}" height="${h}" rx="3" fill="${LIGHT.opFill}" stroke="${LIGHT.border}"/>`);
      parts.push(`<rect width="${r(w)}" height="${h}" rx="3" ${paint}/>`);
      parts.push(text(w / 2, h * 0.24, item.cells[0], ' font-weight="600"'));
      parts.push(text(w / 2, h * 0.52, item.cells[1], ` fill="${LIGHT.muted}"`));
      parts.push(text(w / 2, h * 0.78, item.cells[2], ` fill="${LIGHT.muted}"`));
      break;
    case 'value': {
      const rx = item.role === 'leaf' || item.role === 'param' ? h / 2 : 3;
      parts.push(`<rect width="${r(w)}" height="${h}" rx="${rx}" ${paint}/>`);
      if (item.role === 'root') parts.push(`<rect x="3" y="3" width="${r(w - 6)}" height="${h - 6}" rx="2" fill="none" stroke="${LIGHT.root}"/>`);
      let x = 0;
      item.cells.forEach((cell, c) => {
        const cw = item.cellW[c];
        if (c > 0) parts.push(`<path d="M${r(x)},0v${h}" stroke="${LIGHT.border}"/>`);
        let tx = x + cw / 2;
        if (c === 0 && item.role === 'param') {
          parts.push(`<path d="M${r(x + 12)},${h / 2 - 5} l5,5 l-5,5 l-5,-5 z" fill="${LIGHT.param}"/>`);
          tx += 7;
        }
        parts.push(text(tx, h / 2, cell, c === 0 ? ' font-weight="600"' : ''));
        x += cw;
      });
      break;
    }
  }
  parts.push('</g>');
  return parts.join('');
}

/** From a text's middle to its baseline (12 px type): not dominant-baseline, which some viewers ignore. */
const BASELINE = 4.2;

/** Centred text (the anchor and colour are the document's). */
function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${r(x)}" y="${r(y + BASELINE)}"${attrs}>${escape(content)}</text>`;
}

/** The edge's arrowhead at its target: curves end horizontally, so it points right (left when reversed). */
function arrowhead(laid: LayoutResult, e: number, attrs: string): string {
  const { route, routeStart } = laid;
  const reversed = laid.reversed[e] === 1;
  const p = reversed ? routeStart[e] : routeStart[e + 1] - 1;
  const x = route[2 * p];
  const y = route[2 * p + 1];
  const back = reversed ? 7 : -7;
  return `<path d="M${r(x)},${r(y)} L${r(x + back)},${r(y - 3.5)} L${r(x + back)},${r(y + 3.5)}z"${attrs}/>`;
}

/** Whole pixels: a tenth more would be invisible and cost a tenth of the file. */
const r = (x: number): number => Math.round(x);

/**
 * Text for XML: markup characters escaped, and what XML 1.0 cannot hold at all (control
 * characters, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD, so any label a program gives
 * still makes a well-formed document.
 */
export function escape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
