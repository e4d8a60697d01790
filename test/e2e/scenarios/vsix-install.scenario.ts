// A user installs the packaged extension (gradlens.vsix) into VS Code and runs the seed example
// through it: Compute gradients from the palette, then the hover over `a` shows grad 4.

import { resolve } from 'node:path';
import { scenario } from '../lib';

export default scenario({
  name: 'vsix-install',
  title: 'the packaged VSIX installs into VS Code and computes the seed example\'s gradients',
  workspace: resolve(__dirname, '..', 'workspaces', 'user'),
  readyFile: 'seed.ts',
  fromVsix: true,
  async run(wb) {
    await wb.openFile('seed.ts');
    await wb.runCommand('GradLens: Compute gradients', { screenshot: 'command-palette' });
    await wb.webview();
    await wb.openFile('seed.ts');
    await wb.hover('a', 'grad 4.0000', { line: 6 });
    await wb.screenshot('hover-a');
  },
});
