// The panel's benchmark: the layout against dagre (Node), then the built page in headless
// Chromium (result → graph painted; the loss chart under 10,000 points/s). Prints markdown tables.
// Usage: npm run build && node --import tsx bench/panel/index.ts [dagre time limit in s]
import { browserBench } from './browser';
import { layoutCompare } from './layout-compare';

async function main(): Promise<void> {
  layoutCompare(Number(process.argv[2] ?? 120));
  await browserBench();
}

void main();
