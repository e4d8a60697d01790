// A new user opens an example, runs "GradLens: Show Panel" from the command palette, and sees the
// panel with its welcome text.

import { scenario } from '../lib';

export default scenario({
  name: 'show-panel',
  title: '"GradLens: Show Panel" from the command palette opens the GradLens panel',
  readyFile: '01-manual-gradients.ts',
  async run(wb) {
    await wb.openFile('01-manual-gradients.ts');
    await wb.screenshot('file-open');
    await wb.runCommand('GradLens: Show Panel', { screenshot: 'command-palette' });
    const panel = await wb.webview();
    await wb.expectText(panel.locator('.empty-state h1'), 'GradLens', { what: 'the panel title' });
    await wb.screenshot('panel');
  },
});
