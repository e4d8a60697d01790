// The panel in headless Chromium (the built page, as test/browser serves it):
//  - time from a `result` (or `groupView`) message to the graph painted: the moment the message
//    is posted to the page (structured clone included) to the end of the frame that shows it;
//    for ~100 and ~1,000 shown nodes and for a 98k-node scalar graph that arrives grouped, each
//    in a fresh page (cold: worker started, code not yet optimised) and again in a page that has
//    drawn another graph before (warm);
//  - the loss chart while 10,000 points per second arrive (30 batches a second, as the host
//    sends them): frame intervals and long tasks.
// Usage: npm run build && node --import tsx bench/panel/browser.ts
import type { HostToPanel } from '../../src/protocol';
import { launch, type Browser } from '../../test/browser/browser';
import { loadFixture } from '../../test/browser/fixture';
import { PanelPage } from '../../test/browser/panel-page';
import { startServer, type PanelServer } from '../../test/browser/server';

const REPEATS = 3;

export interface DrawTiming {
  totalMs: number;
  layoutMs: number;
  renderMs: number;
  items: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function resultOf(name: string): HostToPanel {
  const m = loadFixture(name).messages.find((x) => x.type === 'result');
  if (!m) throw new Error(`${name}: no result`);
  return m;
}

/** Posts `message` inside the page and waits for the graph to be painted. */
async function timeMessage(panel: PanelPage, message: unknown): Promise<DrawTiming> {
  await panel.page.evaluate((m) => ((window as unknown as { __next: unknown }).__next = m), message);
  const drawn = await panel.armDrawn(60_000);
  await panel.page.evaluate(() => {
    const w = window as unknown as { __deliver(m: unknown): void; __next: unknown };
    w.__deliver(w.__next);
  });
  const d = await drawn();
  const deliveredAt = await panel.page.evaluate(() => (window as unknown as { __deliveredAt: number }).__deliveredAt);
  return { totalMs: d.at - deliveredAt, layoutMs: d.layoutMs, renderMs: d.renderMs, items: d.items };
}

async function drawCase(browser: Browser, server: PanelServer, fixture: string, expand: number[] = []): Promise<{ cold: DrawTiming[]; warm: DrawTiming[] }> {
  const cold: DrawTiming[] = [];
  const warm: DrawTiming[] = [];
  const f = loadFixture(fixture);
  for (let r = 0; r < REPEATS; r++) {
    const panel = await PanelPage.open(browser, server, 'dark');
    await panel.deliver({ type: 'runStarted', runId: 1, title: fixture, mode: 'file' });
    if (expand.length === 0) {
      cold.push(await timeMessage(panel, resultOf(fixture)));
      // Warm: another graph first (so the worker and the page's code are warm), then this one.
      await panel.deliver({ type: 'runStarted', runId: 2, title: 'other', mode: 'file' });
      await timeMessage(panel, { ...(resultOf('mlp-300') as object), runId: 2 });
      await panel.deliver({ type: 'runStarted', runId: 3, title: fixture, mode: 'file' });
      warm.push(await timeMessage(panel, { ...(resultOf(fixture) as object), runId: 3 }));
    } else {
      await timeMessage(panel, resultOf(fixture));
      for (const [i, group] of expand.entries()) {
        const t = await timeMessage(panel, { type: 'groupView', runId: 1, group, view: f.groupViews[group] });
        (i === expand.length - 1 ? cold : warm).push(t);
      }
    }
    await panel.page.close();
  }
  return { cold, warm };
}

export interface ChartTiming {
  seconds: number;
  points: number;
  frames: number;
  fps: number;
  p50: number;
  p95: number;
  max: number;
  over50: number;
  longTasks: number;
  longestTaskMs: number;
}

async function chartCase(browser: Browser, server: PanelServer, pointsPerSecond: number, seconds: number): Promise<ChartTiming> {
  const panel = await PanelPage.open(browser, server, 'dark');
  await panel.deliver({ type: 'runStarted', runId: 1, title: 'stream', mode: 'train' });
  // The page-side code is a string: tsx would wrap named functions in a helper the page lacks.
  const result = (await panel.page.evaluate(`(${STREAM})(${pointsPerSecond}, ${seconds})`)) as Omit<ChartTiming, 'seconds'>;
  await panel.page.close();
  return { seconds, ...result };
}

/** In the page: posts loss batches (30 a second) for `secs` seconds and records frame intervals. */
const STREAM = `function (rate, secs) {
  return new Promise(function (resolve) {
    var frames = [];
    var longTasks = [];
    new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) { longTasks.push(e.duration); }); }).observe({ type: 'longtask' });
    var step = 0;
    var perBatch = Math.round(rate / 30);
    var t0 = performance.now();
    var timer = setInterval(function () {
      var steps = new Float64Array(perBatch), values = new Float64Array(perBatch), times = new Float64Array(perBatch);
      var now = performance.now() - t0;
      for (var i = 0; i < perBatch; i++) {
        step++;
        steps[i] = step;
        values[i] = 2 * Math.exp(-step / 20000) + 0.05 * Math.random();
        times[i] = now;
      }
      window.postMessage({ type: 'loss', runId: 1, event: { type: 'loss', steps: steps, values: values, times: times } }, '*');
    }, 1000 / 30);
    var last = performance.now();
    function tick(t) {
      frames.push(t - last);
      last = t;
      if (t - t0 < secs * 1000) { requestAnimationFrame(tick); return; }
      clearInterval(timer);
      var sorted = frames.slice(2).sort(function (a, b) { return a - b; });
      function q(p) { return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]; }
      resolve({
        points: step, frames: frames.length, fps: frames.length / secs, p50: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1],
        over50: sorted.filter(function (f) { return f > 50; }).length, longTasks: longTasks.length, longestTaskMs: Math.max.apply(null, [0].concat(longTasks)),
      });
    }
    requestAnimationFrame(tick);
  });
}`;

const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function browserBench(): Promise<void> {
  const server = await startServer();
  const browser = await launch();
  try {
    console.log('\n## result message → graph painted (headless Chromium, software rendering)\n');
    console.log('| graph | items laid out | cold: total ms (layout, render) | warm: total ms (layout, render) | target |');
    console.log('|---|---|---|---|---|');
    const cases: [string, string, number[], string][] = [
      ['~100 nodes: MLP(3,[4,4,1]), 1 sample', 'mlp-100', [], '< 1,000'],
      ['~1,000 nodes: MLP(3,[8,8,1]), 4 samples', 'mlp-1000', [], '< 1,000'],
      ['98k-node scalar graph, grouped (moons, 150 samples)', 'moons-100k', [], '< 2,000'],
      ['  … then groupView "scores" (100 groups) and one sample (963 nodes)', 'moons-100k', [1, 5], ''],
    ];
    for (const [name, fixture, expand, target] of cases) {
      const { cold, warm } = await drawCase(browser, server, fixture, expand);
      const cell = (ts: DrawTiming[]): string => (ts.length ? `${fmt(median(ts.map((t) => t.totalMs)))} (${fmt(median(ts.map((t) => t.layoutMs)))}, ${fmt(median(ts.map((t) => t.renderMs)))})` : '—');
      const items = (cold[0] ?? warm[0]).items;
      if (expand.length) console.log(`| ${name} | ${fmt(warm[0]?.items ?? 0)} → ${fmt(items)} | sample: ${cell(cold)} | scores: ${cell(warm)} | |`);
      else console.log(`| ${name} | ${fmt(items)} | ${cell(cold)} | ${cell(warm)} | ${target} |`);
    }
    console.log(`\n(median of ${REPEATS} fresh pages; cold = the page's first graph, warm = after drawing another one)`);

    console.log('\n## loss chart while points stream in\n');
    console.log('| points/s | seconds | points | frames/s | frame p50 / p95 / max ms | frames > 50 ms | long tasks (longest ms) |');
    console.log('|---|---|---|---|---|---|---|');
    for (const rate of [10_000]) {
      const c = await chartCase(browser, server, rate, 6);
      console.log(`| ${fmt(rate)} | ${c.seconds} | ${fmt(c.points)} | ${fmt(c.fps, 1)} | ${fmt(c.p50, 1)} / ${fmt(c.p95, 1)} / ${fmt(c.max, 1)} | ${c.over50} | ${c.longTasks} (${fmt(c.longestTaskMs)}) |`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (require.main === module) void browserBench();
