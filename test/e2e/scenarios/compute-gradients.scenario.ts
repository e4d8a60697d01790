// A new user opens the seed example, runs "GradLens: Compute gradients" from the command palette,
// and hovers over `a`: its gradient is 4.

import { scenario } from '../lib';

export default scenario({
  name: 'compute-gradients',
  title: '"GradLens: Compute gradients" on the seed example, then the hover over a shows grad 4',
  readyFile: '01-manual-gradients.ts',
  async run(wb) {
    await wb.openFile('01-manual-gradients.ts');
    await wb.runCommand('GradLens: Compute gradients', { screenshot: 'command-palette' });
    await wb.webview();
    await wb.screenshot('panel-after-run');
    // Focus the editor again (the panel opened beside it), then hover.
    await wb.openFile('01-manual-gradients.ts');
    const text = await wb.hover('a', 'grad 4.0000', { line: 9 });
    if (!text.includes('data 2.0000')) throw new Error(`the hover should show a's data 2.0000, it said: ${text}`);
    await wb.screenshot('hover-a');
    const b = await wb.hover('b', 'grad 2.0000', { line: 9 });
    if (!b.includes('Show in graph')) throw new Error(`the hover should offer "Show in graph": ${b}`);
  },
});
