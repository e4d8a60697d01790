// The renderer's stylesheet. A cell's output is drawn in a shadow root (renderer.ts), so the
// panel's own CSS (media/panel.css: the graph, the chart, the details, all themed by --vscode-*
// variables) applies unchanged inside it and nothing leaks into the notebook or other outputs.
// The panel's rules for the page itself (html, body) are rewritten for the shadow host; the
// renderer's few rules of its own (renderer.css) come last and win.

import panelCss from 'text:../../media/panel.css';
import uplotCss from 'text:uplot/dist/uPlot.min.css';
import rendererCss from 'text:./renderer.css';

let sheet: CSSStyleSheet | null = null;

/** One constructed stylesheet shared by every cell's shadow root. */
export function cellStyleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync([uplotCss, forShadowRoot(panelCss), rendererCss].join('\n'));
  }
  return sheet;
}

/**
 * A page's stylesheet for use inside a shadow root: comments and `@import`s dropped (their files come in
 * separately), `html` dropped, `body` becomes the host, and `body.theme-class` a condition on
 * the page's body (the theme classes VS Code sets: vscode-dark, vscode-high-contrast, ...).
 */
export function forShadowRoot(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/@import[^;]*;/g, '')
    .replace(/(^|})([^{}@]+)\{/g, (_match, before: string, selectors: string) => `${before}${mapSelectors(selectors)}{`);
}

function mapSelectors(list: string): string {
  const leading = /^\s*/.exec(list)![0];
  const mapped = list.split(',').flatMap((raw) => {
    const selector = raw.trim();
    if (selector === 'html') return [];
    const body = /^body((?:[.:][\w-]+(?:\([^)]*\))?)*)(.*)$/.exec(selector);
    if (!body) return [selector];
    const [, compound, rest] = body;
    return [compound ? `:host-context(body${compound})${rest}` : `:host${rest}`];
  });
  return `${leading}${[...new Set(mapped)].join(',\n')} `;
}
