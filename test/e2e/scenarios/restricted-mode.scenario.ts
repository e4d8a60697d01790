// A user opens a folder they do not trust: GradLens runs nothing there. The CodeLens reads
// "Trust this workspace to train" and "Compute gradients" explains why it will not run.

import { resolve } from 'node:path';
import { scenario } from '../lib';

export default scenario({
  name: 'restricted-mode',
  title: 'in Restricted Mode nothing runs: the lens asks for trust and the command says why',
  workspace: resolve(__dirname, '..', 'workspaces', 'training'),
  workspaceTrust: true,
  async run(wb) {
    // The workbench asks whether to trust the folder: this user says no.
    const refuse = wb.page.locator('.monaco-dialog-box .monaco-button').filter({ hasText: /No, I don't trust/ }).first();
    await wb.waitVisible(refuse, 'the Workspace Trust dialog', 60_000);
    await wb.screenshot('trust-dialog');
    await refuse.click();
    await wb.waitForWorkbench({ file: 'long-training.ts' });
    await wb.openFile('long-training.ts');
    await wb.codeLens('Trust this workspace to train');
    await wb.screenshot('lens-asks-for-trust');
    await wb.runCommand('GradLens: Compute gradients');
    await wb.waitForNotification('Trust this workspace to run it');
    await wb.screenshot('command-explains');
  },
});
