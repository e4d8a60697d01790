// Small DOM helpers. Every user string goes in as text (textContent), never as HTML; styles only
// through classes or element.style (the CSP forbids style attributes).

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, className = '', attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  if (className) node.setAttribute('class', className);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

export function svgText(className: string, x: number, y: number, text: string): SVGTextElement {
  const node = svg('text', className, { x: round(x), y: round(y) });
  node.textContent = text;
  return node;
}

export const round = (x: number): number => Math.round(x * 10) / 10;

/** Runs `fn` at most once per animation frame, with the latest arguments. */
export function perFrame<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let pending: A | null = null;
  return (...args: A) => {
    const first = pending === null;
    pending = args;
    if (first) {
      requestAnimationFrame(() => {
        const latest = pending!;
        pending = null;
        fn(...latest);
      });
    }
  };
}
