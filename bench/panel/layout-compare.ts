// Our layered layout (webview/graph/layout.ts) against @dagrejs/dagre on the panel's graphs:
// time (the first layout in a fresh process, as in a new worker, and the median of the next
// ones), edge crossings counted on the drawn polylines, total edge length and drawing size. Each
// runs in a child process with a time limit (dagre takes seconds to minutes from ~1,000 nodes).
// Plain Node, not the browser: both are plain JS (browser.ts times the whole page).
// Usage: node --import tsx bench/panel/layout-compare.ts [dagre time limit in s, default 120]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_GRAPHS, benchGraph } from './graphs';
import type { Quality } from './geometry';

type Measured = Quality & { coldMs: number; warmMs: number | null };

/** One engine on one graph in a fresh process; null if it did not finish within the limit. */
function measure(engine: 'ours' | 'dagre', index: number, limitS: number): Measured | null {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'layout-child.ts'), engine, String(index)], { timeout: limitS * 1000, encoding: 'utf8' });
  if (child.status !== 0) return null;
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
}

const fmt = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function layoutCompare(limitS = 120): void {
  console.log('\n## Layout: ours against @dagrejs/dagre (plain Node, same machine)\n');
  console.log('| graph | shown nodes | layout nodes / edges | engine | first layout ms | again ms | crossings | edge length px | size px |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  BENCH_GRAPHS.forEach(([fixture, open, name], index) => {
    const g = benchGraph(fixture, open, name);
    const head = `| ${name} | ${fmt(g.shown)} | ${fmt(g.input.w.length)} / ${fmt(g.input.from.length)}`;
    for (const engine of ['ours', 'dagre'] as const) {
      const m = measure(engine, index, limitS);
      if (!m) console.log(`${head} | ${engine} | > ${fmt(limitS * 1000)} (gave up) | | | | |`);
      else console.log(`${head} | ${engine} | ${fmt(m.coldMs)} | ${m.warmMs === null ? '—' : fmt(m.warmMs)} | ${fmt(m.crossings)} | ${fmt(m.edgeLength)} | ${fmt(m.width)} × ${fmt(m.height)} |`);
    }
  });
}

if (require.main === module) layoutCompare(Number(process.argv[2] ?? 120));
