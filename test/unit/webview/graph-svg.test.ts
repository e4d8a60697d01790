// The SVG of a cell's graph saved in the .ipynb: well-formed XML (parsed strictly), every shown
// node's label there as text (escaped, so HTML in a label stays text), groups drawn with their
// counts, nothing a page would run or style by, and fast enough to write at the end of a cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRequire } from 'node:module';
import type { GraphView } from '../../../src/protocol';
import { getPrecision } from '../../../webview/format';
import { shortLabel } from '../../../webview/graph/model';
import { escape, graphSvg } from '../../../webview/notebook/graph-svg';
import { loadFixture, revive } from '../../browser/fixture';
import { result } from '../../browser/suite';

// A strict XML parser: sax, which @vscode/vsce brings (through xml2js); the little of its API used here.
interface SaxTag {
  name: string;
  local: string;
  uri: string;
  attributes: Record<string, { name: string; value: string }>;
}
interface SaxParser {
  onerror: (error: Error) => void;
  onopentag: (tag: SaxTag) => void;
  ontext: (text: string) => void;
  onclosetag: (name: string) => void;
  write(xml: string): { close(): void };
}
const sax = createRequire(__filename)('sax') as { parser(strict: boolean, options: { xmlns: boolean }): SaxParser };

interface Parsed {
  root: string;
  elements: Map<string, number>;
  texts: string[];
  attributes: string[];
}

/** Parses strictly (throws on any well-formedness error); collects element names and text. */
function parse(xml: string): Parsed {
  const parser = sax.parser(true, { xmlns: true });
  const parsed: Parsed = { root: '', elements: new Map(), texts: [], attributes: [] };
  let depth = 0;
  let inText = false;
  let current = '';
  parser.onerror = (error) => {
    throw error;
  };
  parser.onopentag = (tag) => {
    if (depth === 0) parsed.root = `${tag.uri}|${tag.local}`;
    depth++;
    parsed.elements.set(tag.name, (parsed.elements.get(tag.name) ?? 0) + 1);
    for (const a of Object.values(tag.attributes)) parsed.attributes.push(`${a.name}=${a.value}`);
    inText = tag.name === 'text';
    current = '';
  };
  parser.ontext = (t) => {
    if (inText) current += t;
  };
  parser.onclosetag = (name) => {
    depth--;
    if (name === 'text') parsed.texts.push(current);
    inText = false;
  };
  parser.write(xml).close();
  assert.equal(depth, 0, 'every element closed');
  return parsed;
}

const graphOf = (name: string): GraphView => revive(result(loadFixture(name)).event.graph);

describe('graphSvg', () => {
  it('is well-formed SVG with every node of the seed example: label, data, grad, op', () => {
    const view = graphOf('manual');
    const svg = graphSvg(view, 4);
    const parsed = parse(svg);
    assert.equal(parsed.root, 'http://www.w3.org/2000/svg|svg');
    for (const [label, data, grad] of [['a', '2.0000', '4.0000'], ['b', '3.0000', '2.0000'], ['c', '6.0000', '1.0000'], ['d', '8.0000', '1.0000']]) {
      assert.ok(parsed.texts.includes(label), `label ${label}`);
      assert.ok(parsed.texts.includes(`data ${data}`), `data of ${label}`);
      assert.ok(parsed.texts.includes(`grad ${grad}`), `grad of ${label}`);
    }
    assert.ok(parsed.texts.includes('×') && parsed.texts.includes('+'), 'op nodes for c (mul) and d (add)');
    assert.equal(parsed.elements.get('ellipse'), 2, 'two op nodes');
    // Self-contained and inert when put inline into a page: no style, script, ids or references.
    for (const banned of ['style', 'script', 'foreignObject', 'use', 'image', 'a']) assert.equal(parsed.elements.get(banned), undefined, banned);
    assert.ok(!parsed.attributes.some((a) => /^(id|href|xlink:href|on\w+|style|class)=/.test(a)), 'no ids, links, handlers, styles or classes');
    assert.ok(!/url\(/.test(svg));
  });

  it('uses the precision it is given, and leaves the panel formatter as it was', () => {
    const before = getPrecision();
    const parsed = parse(graphSvg(graphOf('manual'), 2));
    assert.ok(parsed.texts.includes('grad 4.00'));
    assert.equal(getPrecision(), before);
  });

  it('escapes labels: HTML stays text, control characters do not break the XML', () => {
    const view = graphOf('xss');
    const svg = graphSvg(view, 4);
    assert.ok(!svg.includes('<img') && !svg.includes('<b>'), 'no markup from labels');
    const parsed = parse(svg);
    for (const node of view.nodes) if (node.label) assert.ok(parsed.texts.includes(shortLabel(node.label)), `label ${node.label}`);
    assert.ok(parsed.texts.includes('<b>bold</b>'), 'the label reads as written');

    const weird = structuredClone(view);
    weird.nodes[0].label = 'x\u0001y & "z" \uD800';
    const again = parse(graphSvg(weird, 4));
    assert.ok(again.texts.includes('x\uFFFDy & "z" \uFFFD'));
    assert.equal(escape(`<'&">`), '&lt;&apos;&amp;&quot;&gt;');
  });

  it('draws a grouped graph: each group as a box with its label and count, bundles with theirs', () => {
    const fixture = loadFixture('moons-100k');
    const view = revive(result(fixture).event.graph);
    assert.ok(view.groups.length > 0);
    const parsed = parse(graphSvg(view, 4));
    for (const g of view.groups) {
      assert.ok(parsed.texts.includes(shortLabel(g.label)), `group ${g.label}`);
      assert.ok(parsed.texts.includes(`${g.count.toLocaleString('en-US')} nodes`), `count of ${g.label}`);
    }
    const bundled = view.edges.filter((e) => e.count > 1);
    for (const e of bundled) assert.ok(parsed.texts.includes(`×${e.count.toLocaleString('en-US')}`), `bundle ×${e.count}`);
    // The inside of a group (as the kernel answers an expand): nested groups and nodes.
    for (const inside of Object.values(fixture.groupViews).slice(0, 2)) {
      const view2 = revive(inside);
      const p = parse(graphSvg(view2, 4));
      for (const g of view2.groups) assert.ok(p.texts.includes(shortLabel(g.label)));
      for (const n of view2.nodes) if (n.label) assert.ok(p.texts.includes(shortLabel(n.label)));
    }
  });

  it('marks NaN: the first non-finite node and its path in the error colour', () => {
    const svg = graphSvg(graphOf('nan'), 4);
    parse(svg);
    assert.match(svg, /stroke="#e51400"/);
    assert.match(svg, /NaN/);
  });
});
