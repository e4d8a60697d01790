// Browser tests of the BUILT notebook renderer (dist/notebook-renderer.js) in headless Chromium, in
// a page laid out as VS Code's notebook output frame is: the renderer imported as an ES module,
// `activate(context)` called with a stand-in renderer context (messages posted are logged; the
// fake host answers expand requests from the fixture's recorded group views), outputs rendered
// into output elements, a theme's --vscode-* variables. Fed with CellOutputs recorded from real
// runs (notebook-fixtures.ts). VS Code's notebook frame has no CSP by default; one test turns on
// the policy of `notebook.experimental.enableCsp`, which allows no blob: worker (the layout then
// runs on the page). Screenshots at 460 px go to test-results/browser/.
// Usage: npm run build && node --import tsx test/browser/notebook.ts [name filter]
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { CellOutput } from '../../src/protocol';
import { launch, type Browser } from './browser';
import { revive } from './fixture';
import { serveHarness } from './server';
import { runSuite } from './suite-runner';
import type { NotebookFixture } from './notebook-fixtures';

const ROOT = resolve(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'browser');
type Theme = 'dark' | 'light';

/** VS Code's notebook frame policy with notebook.experimental.enableCsp (backLayerWebView.ts). */
const EXPERIMENTAL_CSP = (source: string): string =>
  `default-src 'none'; script-src ${source} 'unsafe-inline' 'unsafe-eval'; style-src ${source} 'unsafe-inline'; ` +
  `img-src ${source} https: http: data:; font-src ${source} https:; connect-src https:; child-src https: data:;`;

/** The output frame: two output elements, the renderer activated with a stand-in context. */
function page(origin: string, theme: Theme, csp: boolean, messaging: boolean): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  ${csp ? `<meta http-equiv="Content-Security-Policy" content="${EXPERIMENTAL_CSP(origin)}">` : ''}
  <link rel="stylesheet" href="${origin}/harness/${theme}.css">
</head>
<body class="vscode-${theme}" style="margin: 0; padding: 8px 10px; background: var(--vscode-editor-background)">
  <div id="container"><div class="output" id="out1"></div><div class="output" id="out2"></div></div>
  <script type="module">
    import { activate } from '${origin}/dist/notebook-renderer.js';
    window.__posted = [];
    window.__violations = [];
    window.__answers = 'fixture';
    window.__groupViews = {};
    window.__drawn = 0;
    window.addEventListener('gradlens:drawn', () => window.__drawn++);
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    const listeners = [];
    const context = {
      getState() { return undefined; },
      setState() {},
      workspace: { isTrusted: true },
      postMessage(message) {
        window.__posted.push(JSON.parse(JSON.stringify(message)));
        if (message.type !== 'expand' || window.__answers === 'silent') return;
        const view = window.__answers === 'restarted' ? null : window.__groupViews[message.group] ?? null;
        setTimeout(() => listeners.forEach((l) => l({ type: 'expanded', requestId: message.requestId, view })), 30);
      },
      onDidReceiveMessage(listener) {
        listeners.push(listener);
        return { dispose() {} };
      },
    };
    if (!${messaging}) {
      delete context.postMessage;
      delete context.onDidReceiveMessage;
    }
    const api = activate(context);
    window.__render = (element, id, output) =>
      api.renderOutputItem({ id, mime: 'application/vnd.gradlens.cell+json', json: () => output, text: () => JSON.stringify(output) }, document.getElementById(element));
    window.__dispose = (id) => api.disposeOutputItem(id);
    window.__ready = true;
  </script>
</body>
</html>`;
}

function serve(): Promise<{ origin: string; close(): Promise<void> }> {
  const mounts = { '/dist/': join(ROOT, 'dist'), '/harness/': join(__dirname, 'harness') };
  return serveHarness(mounts, (url, origin) =>
    page(origin, url.searchParams.get('theme') === 'light' ? 'light' : 'dark', url.searchParams.has('csp'), !url.searchParams.has('nomessaging')));
}

function fixture(name: string): NotebookFixture {
  return revive(JSON.parse(readFileSync(join(__dirname, 'fixtures', `notebook-${name}.json`), 'utf8')) as NotebookFixture);
}

/** One output frame in the browser, with what the tests look at. */
class Frame {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
  }

  /** Renders an output; resolves once its graph is drawn (or at once when it has none). */
  async render(output: CellOutput, { element = 'out1', id = 'output-1' } = {}): Promise<void> {
    const before = await this.page.evaluate(() => (window as unknown as { __drawn: number }).__drawn);
    await this.page.evaluate(([e, i, o]) => (window as unknown as { __render(e: unknown, i: unknown, o: unknown): Promise<void> }).__render(e, i, o), [element, id, output] as const);
    if (output.graph && output.graph.nodes.length + output.graph.groups.length > 0) await this.page.waitForFunction((n) => (window as unknown as { __drawn: number }).__drawn > n, before, { timeout: 20_000 });
  }

  async posted(): Promise<Record<string, unknown>[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: Record<string, unknown>[] }).__posted);
  }

  async violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  }

  text(selector: string): Promise<string> {
    return this.page.locator(selector).first().innerText();
  }

  /** Clicks a graph item (Fit all first if it is out of view). */
  async click(key: string, output = 'out1'): Promise<void> {
    const shape = this.page.locator(`#${output} g.item[data-key="${key}"] .shape`).first();
    const box = await shape.boundingBox();
    const frame = await this.page.locator(`#${output} .graph-canvas`).boundingBox();
    const inView = box && frame && box.x + box.width / 2 > frame.x && box.x + box.width / 2 < frame.x + frame.width && box.y + box.height / 2 > frame.y && box.y + box.height / 2 < frame.y + frame.height;
    if (!inView) {
      await this.page.locator(`#${output} .graph-toolbar vscode-button`, { hasText: 'Fit all' }).click();
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    await shape.click({ force: true });
  }

  async shot(name: string): Promise<void> {
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await this.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
}

interface Env {
  open(options?: { theme?: Theme; csp?: boolean; messaging?: boolean; width?: number }): Promise<Frame>;
}

const tests: { name: string; fn: (env: Env) => Promise<void> }[] = [];
const test = (name: string, fn: (env: Env) => Promise<void>): void => void tests.push({ name, fn });
const last = (f: NotebookFixture): CellOutput => f.outputs[f.outputs.length - 1];

// ---- the tests -------------------------------------------------------------------------------

test('seed cell: the title and root, the graph drawn, a click shows the node with its cell line', async ({ open }) => {
  for (const theme of ['dark', 'light'] as const) {
    const frame = await open({ theme });
    const output = last(fixture('seed'));
    await frame.render(output);
    assert.equal(await frame.text('#out1 .cell-title'), 'Cell 3, run [5]');
    assert.equal(await frame.text('#out1 .cell-root'), 'd = 8.0000 · grad 1.0000');
    assert.match(await frame.text('#out1 .cell-caption'), /root: the last backward\(\) · 4 nodes/);
    assert.equal(await frame.page.locator('#out1 g.item.value').count(), 4);
    assert.equal(await frame.page.locator('#out1 g.item.op').count(), 2);
    assert.equal(await frame.page.locator('#out1 .chart-section').count(), 0, 'one backward(): no chart');
    assert.ok(frame.page.workers().some((w) => w.url().startsWith('blob:')), 'the layout ran in a Blob-URL worker');
    const c = output.graph!.nodes.find((n) => n.label === 'c')!;
    await frame.click(`n${c.id}`);
    const details = await frame.text('#out1 .cell-details');
    assert.match(details, /^c\n/);
    assert.match(details, /data\s+6\b/);
    assert.match(details, /grad\s+1\b/);
    assert.match(details, /op\s+mul/);
    assert.match(details, new RegExp(`line\\s*${c.loc!.line + 1} of this cell`));
    assert.match(details, /∂c\/∂a = 3/, 'local derivatives');
    // Keyboard: the graph takes focus; an arrow key moves the selection, Escape clears it.
    await frame.page.locator('#out1 .graph-canvas').focus();
    await frame.page.keyboard.press('ArrowRight');
    assert.doesNotMatch(await frame.text('#out1 .cell-details h2'), /^c$/);
    await frame.page.keyboard.press('Escape');
    assert.match(await frame.text('#out1 .cell-details'), /Click a node/);
    // Labels are at least 10 px.
    const smallest = await frame.page.evaluate(() => {
      const root = document.getElementById('out1')!.shadowRoot!;
      let min = Infinity;
      for (const e of root.querySelectorAll('*')) {
        if (!e.textContent?.trim() || e.children.length > 0 || (e as HTMLElement).offsetParent === null && !(e instanceof SVGElement)) continue;
        min = Math.min(min, parseFloat(getComputedStyle(e).fontSize));
      }
      return min;
    });
    assert.ok(smallest >= 10, `smallest text ${smallest}px`);
  }
});

test('training cell: the chart appears, grows in place with more losses, then the final graph', async ({ open }) => {
  const frame = await open();
  const f = fixture('train');
  const final = last(f);
  const early: CellOutput = { ...final, graph: null, rootReason: null, done: false, losses: final.losses.slice(0, 10) };
  await frame.render(early);
  await frame.page.locator('#out1 .chart-section canvas').first().waitFor();
  assert.match(await frame.text('#out1 .cell-state'), /running · step 10/);
  assert.match(await frame.text('#out1 .chart-stats'), /step 10/);
  assert.match(await frame.text('#out1 .cell-empty'), /appears when the cell ends/);
  await frame.page.evaluate(() => ((document.getElementById('out1')!.shadowRoot!.querySelector('.chart-section') as HTMLElement).dataset.first = 'yes'));

  await frame.render({ ...early, losses: final.losses.slice(0, 25) });
  await frame.page.waitForFunction(() => /step 25/.test(document.getElementById('out1')!.shadowRoot!.querySelector('.chart-stats')!.textContent ?? ''));
  assert.equal(await frame.page.locator('#out1 .chart-section[data-first="yes"]').count(), 1, 'the same chart, updated in place');

  await frame.render(final);
  await frame.page.waitForFunction((n) => new RegExp(`step ${n}\\b`).test(document.getElementById('out1')!.shadowRoot!.querySelector('.chart-stats')!.textContent ?? ''), final.losses.length);
  assert.equal(await frame.page.locator('#out1 .chart-section[data-first="yes"]').count(), 1);
  assert.equal(await frame.text('#out1 .cell-state').catch(() => ''), '');
  assert.equal(await frame.page.locator('#out1 g.item.group').count(), final.graph!.groups.length);
  assert.match(await frame.text('#out1 .graph-banner'), /groups collapsed/);
  await frame.shot('notebook-train-dark-460');
  // A long run's losses thinned to every 2nd step: the points are drawn at their steps.
  await frame.render({ ...final, lossStride: 2 } as CellOutput);
  await frame.page.waitForFunction((n) => new RegExp(`step ${n}\\b`).test(document.getElementById('out1')!.shadowRoot!.querySelector('.chart-stats')!.textContent ?? ''), (final.losses.length - 1) * 2 + 1);
});

test('group: a click posts an expand request; the answer opens it; Close collapses it', async ({ open }) => {
  const frame = await open();
  const f = fixture('train');
  const final = last(f);
  await frame.page.evaluate((views) => ((window as unknown as { __groupViews: unknown }).__groupViews = views), f.groupViews as unknown);
  await frame.render(final);
  const group = [...final.graph!.groups].sort((a, b) => b.count - a.count)[0];
  const drawn = await frame.page.evaluate(() => (window as unknown as { __drawn: number }).__drawn);
  await frame.click(`g${group.id}`);
  await frame.page.waitForFunction((n) => (window as unknown as { __drawn: number }).__drawn > n, drawn);
  const posted = await frame.posted();
  assert.deepEqual(posted, [{ type: 'expand', requestId: 1, session: 'fixture-session', execution: 5, group: group.id }]);
  assert.equal(await frame.page.locator(`#out1 g.item[data-key="g${group.id}"]`).count(), 0, 'the group is open');
  assert.equal(await frame.page.locator(`#out1 g.item.port`).count(), 2, 'its entry and exit');
  const inside = f.groupViews[group.id];
  assert.ok(await frame.page.locator('#out1 g.item.value').count() >= inside.nodes.length);
  await frame.shot('notebook-expanded-dark-460');
  await frame.page.locator('#out1 .open-group').first().click();
  await frame.page.waitForFunction((key) => document.getElementById('out1')!.shadowRoot!.querySelector(`g.item[data-key="${key}"]`) !== null, `g${group.id}`);
});

test('group of a restarted kernel, or with no messaging: says to run the cell again', async ({ open }) => {
  const f = fixture('train');
  const final = last(f);
  const group = final.graph!.groups[0];
  const frame = await open();
  await frame.page.evaluate(() => ((window as unknown as { __answers: string }).__answers = 'restarted'));
  await frame.render(final);
  await frame.click(`g${group.id}`);
  await frame.page.locator('#out1 .cell-notice:not([hidden])').waitFor();
  assert.equal(await frame.text('#out1 .cell-notice'), 'This kernel was restarted; run the cell again to open groups.');
  assert.equal(await frame.page.locator(`#out1 g.item[data-key="g${group.id}"]`).count(), 1, 'still collapsed');

  const quiet = await open({ messaging: false });
  await quiet.render(final);
  await quiet.click(`g${group.id}`);
  await quiet.page.locator('#out1 .cell-notice:not([hidden])').waitFor();
  assert.match(await quiet.text('#out1 .cell-notice'), /run the cell again to open groups/);
});

test('two outputs, another run in the same element, dispose', async ({ open }) => {
  const frame = await open();
  const seed = last(fixture('seed'));
  const train = last(fixture('train'));
  await frame.render(train, { element: 'out1', id: 'a' });
  await frame.render(seed, { element: 'out2', id: 'b' });
  assert.equal(await frame.page.locator('#out2 g.item.value').count(), 4);
  assert.ok(await frame.page.locator('#out1 .chart-section').count() === 1);
  // A new run of the cell into the same output: no chart from the old run, its own graph.
  await frame.render({ ...seed, execution: 6, title: 'Cell 7, run [10]' }, { element: 'out1', id: 'a' });
  assert.equal(await frame.text('#out1 .cell-title'), 'Cell 7, run [10]');
  assert.equal(await frame.page.locator('#out1 .chart-section').count(), 0);
  assert.equal(await frame.page.locator('#out1 g.item.value').count(), 4);
  // A cell that computed no graph (it only declares or prints): its empty graph, said in words.
  const none: CellOutput = { ...seed, execution: 7, rootReason: 'none', losses: [], graph: { ...seed.graph!, root: -1, totalNodes: 0, totalEdges: 0, nodes: [], groups: [], edges: [] } };
  await frame.render(none, { element: 'out2', id: 'b' });
  assert.match(await frame.text('#out2 .cell-empty'), /No graph/);
  assert.equal(await frame.page.locator('#out2 .cell-graph:not([hidden])').count(), 0);
  assert.equal(await frame.text('#out2 .cell-caption').catch(() => ''), '');
  await frame.page.evaluate(() => (window as unknown as { __dispose(id: string): void }).__dispose('b'));
  assert.equal(await frame.page.locator('#out2 .gradlens-cell *').count(), 0);
});

test('the wheel scrolls the notebook over a graph; Ctrl+wheel zooms it', async ({ open }) => {
  const frame = await open();
  await frame.render(last(fixture('seed')));
  await frame.page.evaluate(() => {
    const w = window as unknown as { __wheels: number };
    w.__wheels = 0;
    window.addEventListener('wheel', () => w.__wheels++);
  });
  const stage = () => frame.page.evaluate(() => (document.getElementById('out1')!.shadowRoot!.querySelector('.graph-stage') as HTMLElement).style.transform);
  const before = await stage();
  const canvas = (await frame.page.locator('#out1 .graph-canvas').boundingBox())!;
  await frame.page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await frame.page.mouse.wheel(0, 200);
  await frame.page.waitForFunction(() => (window as unknown as { __wheels: number }).__wheels > 0);
  assert.equal(await stage(), before, 'no zoom');
  await frame.page.keyboard.down('Control');
  await frame.page.mouse.wheel(0, -200);
  await frame.page.keyboard.up('Control');
  await frame.page.waitForFunction((b) => (document.getElementById('out1')!.shadowRoot!.querySelector('.graph-stage') as HTMLElement).style.transform !== b, before);
});

test('the notebook frame with its experimental CSP (no blob: worker): the layout runs on the page', async ({ open }) => {
  const frame = await open({ csp: true });
  await frame.render(last(fixture('train')));
  assert.ok(await frame.page.locator('#out1 g.item').count() > 0);
  assert.equal(frame.page.workers().length, 0, 'no worker: laid out on the page');
  // The refused worker is the only violation (and Chromium's console line about it).
  assert.ok((await frame.violations()).every((v) => /^(worker-src|child-src|script-src) blob/.test(v)), (await frame.violations()).join('\n'));
  frame.errors.splice(0, frame.errors.length, ...frame.errors.filter((e) => !/(Refused to create|Creating) a worker from 'blob:/.test(e)));
});

test('460 px, light theme: seed and training cells with a node selected (screenshots)', async ({ open }) => {
  const frame = await open({ theme: 'light' });
  const train = last(fixture('train'));
  await frame.render(train);
  await frame.click(`n${train.graph!.root}`);
  await frame.shot('notebook-train-light-460');
  const seed = last(fixture('seed'));
  await frame.render(seed, { element: 'out2', id: 'b' });
  await frame.click(`n${seed.graph!.nodes.find((n) => n.label === 'c')!.id}`, 'out2');
  const width = await frame.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 460, `no horizontal overflow (${width}px)`);
  await frame.shot('notebook-seed-light-460');
});

// ---- runner ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const server = await serve();
  const browser: Browser = await launch({ width: 460, height: 900 });
  const ok = await runSuite(
    tests,
    process.argv[2] ?? '',
    (opened: (frame: Frame) => void): Env => ({
      open: async ({ theme = 'dark', csp = false, messaging = true, width = 460 } = {}) => {
        const p = await browser.context.newPage();
        await p.setViewportSize({ width, height: 900 });
        const frame = new Frame(p);
        opened(frame);
        const query = new URLSearchParams({ theme, ...(csp ? { csp: '1' } : {}), ...(messaging ? {} : { nomessaging: '1' }) });
        await p.goto(`${server.origin}/?${query}`);
        await p.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
        return frame;
      },
    }),
    async (f) => {
      assert.deepEqual(f.errors, [], 'no errors in the console');
      if (!f.page.url().includes('csp=')) assert.deepEqual(await f.violations(), [], 'no CSP violations');
    },
  );
  await browser.close();
  await server.close();
  process.exit(ok ? 0 : 1);
}

void main();
