// The loss chart at any length, in the built page in headless Chromium (served as test/browser
// serves it): the cost of one redraw with 1e3, 1e6 and 1e7 loss points held (the chart reports
// each frame it draws, 'gradlens:chart-drawn'), and frames per second while a loop streams
// 200,000 steps/s — what the page receives of it: the runner thins each batch to ~1,000 points
// (~30,000 points/s, src/runner/decimate.ts), 30 batches a second — from an empty chart and
// from one that already holds 1e7 points. Prints figures; nothing passes or fails.
// Usage: npm run build && node --import tsx bench/panel/chart.ts (or npm run bench, with the rest)
import { launch } from '../../test/browser/browser';
import { PanelPage } from '../../test/browser/panel-page';
import { startServer } from '../../test/browser/server';

export interface RedrawFigures {
  points: number;
  /** ms to append the points (in batches of up to 1e6, as one page receives them). */
  fillMs: number;
  medianMs: number;
  p95Ms: number;
}

export interface StreamFigures {
  heldBefore: number;
  seconds: number;
  points: number;
  fps: number;
  frameP95: number;
  longTasks: number;
  redrawMedianMs: number;
}

// The page-side code is a string: tsx would wrap named functions in a helper the page lacks.
const IN_PAGE = `
  window.__bench = {
    step: 0,
    drawn: [],
    post: function (n, stride) {
      var s = new Float64Array(n), v = new Float64Array(n), t = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        this.step += stride;
        s[i] = this.step;
        v[i] = 2 * Math.exp(-this.step / 3e6) + 0.05 * Math.random();
        t[i] = this.step / 200; // 200 steps per ms
      }
      window.postMessage({ type: 'loss', runId: 1, event: { type: 'loss', steps: s, values: v, times: t } }, '*');
    },
    nextDraw: function () {
      return new Promise(function (resolve) { window.addEventListener('gradlens:chart-drawn', function (e) { resolve(e.detail); }, { once: true }); });
    },
    fill: function (total) {
      var self = this, t0 = performance.now();
      for (var left = total; left > 0; left -= 1e6) self.post(Math.min(1e6, left), 1);
      return self.nextDraw().then(function () { return performance.now() - t0; });
    },
    /** One point a frame for \`frames\` frames: each frame redraws the whole chart. */
    redraws: function (frames) {
      var self = this, ms = [];
      window.addEventListener('gradlens:chart-drawn', function (e) { ms.push(e.detail.ms); });
      return new Promise(function (resolve) {
        function tick() {
          if (ms.length >= frames) return resolve(ms.slice(0, frames));
          self.post(1, 1);
          requestAnimationFrame(tick);
        }
        requestAnimationFrame(tick);
      });
    },
    /** 30 batches a second of 1,000 points 6.67 steps apart (200k steps/s, thinned) for \`secs\` s. */
    stream: function (secs) {
      var self = this, frames = [], longTasks = 0, ms = [], points = 0;
      new PerformanceObserver(function (list) { longTasks += list.getEntries().length; }).observe({ type: 'longtask' });
      window.addEventListener('gradlens:chart-drawn', function (e) { ms.push(e.detail.ms); });
      var timer = setInterval(function () { self.post(1000, 200000 / 30 / 1000); points += 1000; }, 1000 / 30);
      return new Promise(function (resolve) {
        var t0 = performance.now(), last = t0;
        function tick(t) {
          frames.push(t - last);
          last = t;
          if (t - t0 < secs * 1000) return requestAnimationFrame(tick);
          clearInterval(timer);
          resolve({ frames: frames.slice(2), longTasks: longTasks, ms: ms, points: points });
        }
        requestAnimationFrame(tick);
      });
    },
  };
`;

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function withPanel<T>(fn: (panel: PanelPage) => Promise<T>): Promise<T> {
  const server = await startServer();
  const browser = await launch();
  try {
    const panel = await PanelPage.open(browser, server, 'dark');
    await panel.deliver({ type: 'runStarted', runId: 1, title: 'bench', mode: 'train' });
    await panel.page.evaluate(IN_PAGE);
    return await fn(panel);
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function redrawAt(points: number): Promise<RedrawFigures> {
  return withPanel(async (panel) => {
    const fillMs = (await panel.page.evaluate(`__bench.fill(${points})`)) as number;
    const ms = (await panel.page.evaluate('__bench.redraws(60)')) as number[];
    return { points, fillMs, medianMs: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95) };
  });
}

export async function streaming(heldBefore: number, seconds = 6): Promise<StreamFigures> {
  return withPanel(async (panel) => {
    if (heldBefore > 0) await panel.page.evaluate(`__bench.fill(${heldBefore})`);
    const r = (await panel.page.evaluate(`__bench.stream(${seconds})`)) as { frames: number[]; longTasks: number; ms: number[]; points: number };
    return {
      heldBefore, seconds, points: r.points, fps: (r.frames.length + 2) / seconds, frameP95: quantile(r.frames, 0.95),
      longTasks: r.longTasks, redrawMedianMs: quantile(r.ms, 0.5),
    };
  });
}

const fmt = (x: number, d = 1): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Runs every case; `print` gets one line per figure. */
export async function chartBench(print: (what: string, figure: string, value: string) => void): Promise<void> {
  for (const n of [1e3, 1e6, 1e7]) {
    const r = await redrawAt(n);
    print(`redraw, ${n.toExponential()} points held`, 'ms per redraw: median (p95); fill ms', `${fmt(r.medianMs, 2)} (${fmt(r.p95Ms, 2)}); ${fmt(r.fillMs, 0)}`);
  }
  for (const held of [0, 1e7]) {
    const s = await streaming(held);
    print(`streaming 200k steps/s (30k points/s), ${held ? '1e7 points held' : 'from empty'}`, 'frames/s (frame p95 ms, long tasks); redraw median ms',
      `${fmt(s.fps)} (${fmt(s.frameP95)}, ${s.longTasks}); ${fmt(s.redrawMedianMs, 2)}`);
  }
}

if (require.main === module) void chartBench((what, figure, value) => console.log(`${what} | ${figure} | ${value}`));
