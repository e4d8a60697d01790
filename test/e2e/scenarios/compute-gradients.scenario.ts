// A new user opens the seed example and runs "GradLens: Compute gradients" from the command
// palette: the panel draws a, b, c, d with gradients 4, 2, 1, 1, and the hover over `a` agrees.

import { scenario } from '../lib';

export default scenario({
  name: 'compute-gradients',
  title: '"GradLens: Compute gradients" on the seed example: the panel shows a, b, c, d with grads 4, 2, 1, 1; so does the hover',
  readyFile: '01-manual-gradients.ts',
  async run(wb) {
    await wb.openFile('01-manual-gradients.ts');
    await wb.runCommand('GradLens: Compute gradients', { screenshot: 'command-palette' });
    const panel = await wb.webview();
    await wb.waitVisible(panel.locator('g.item.role-root'), 'the graph in the panel', 30_000);
    const records = await panel.locator('g.item.value').evaluateAll((items) => items.map((g) => Array.from(g.querySelectorAll('text'), (t) => t.textContent ?? '')));
    const grads = Object.fromEntries(records.map(([label, , grad]) => [label, grad]));
    const expected = { a: 'grad 4.0000', b: 'grad 2.0000', c: 'grad 1.0000', d: 'grad 1.0000' };
    for (const [label, grad] of Object.entries(expected)) {
      if (grads[label] !== grad) throw new Error(`the panel should show ${label} with ${grad}; it shows ${JSON.stringify(records)}`);
    }
    await wb.screenshot('panel-graph');
    // Focus the editor again (the panel opened beside it), then hover.
    await wb.openFile('01-manual-gradients.ts');
    const text = await wb.hover('a', 'grad 4.0000', { line: 9 });
    if (!text.includes('data 2.0000')) throw new Error(`the hover should show a's data 2.0000, it said: ${text}`);
    await wb.screenshot('hover-a');
    const b = await wb.hover('b', 'grad 2.0000', { line: 9 });
    if (!b.includes('Show in graph')) throw new Error(`the hover should offer "Show in graph": ${b}`);
  },
});
