// A user whose folder has no examples (test/e2e/workspaces/user) follows the walkthrough "Get
// started with GradLens": "Open 01-manual-gradients.ts" opens a read-only view of the copy shipped
// inside the extension (gradlens-example:/01-manual-gradients.ts), never an Untitled copy, and
// "Compute gradients" draws its graph with a: grad 4.0000. Same walk as walkthrough-workspace.

import { resolve } from 'node:path';
import { scenario } from '../lib';
import { walkFirstSteps } from './walkthrough-workspace.scenario';

export default scenario({
  name: 'walkthrough-shipped',
  title: 'the walkthrough in a folder without the examples: "Open" shows the shipped example read-only (not Untitled); "Compute gradients" draws a: grad 4',
  workspace: resolve(__dirname, '..', 'workspaces', 'user'),
  readyFile: 'seed.ts',
  timeoutMs: 4 * 60_000,
  async run(wb) {
    await walkFirstSteps(wb, {
      what: 'the shipped copy, gradlens-example:/01-manual-gradients.ts (its tab describes it by its path)',
      // A tab of a non-file URI describes it by its path; a workspace file would be /…/user/…
      checkResource: (resource) => (resource === '/01-manual-gradients.ts' ? '' : `its resource is ${JSON.stringify(resource)}`),
      async checkEditor(wb) {
        // Read-only: typing is refused with the editor's own message (and changes nothing).
        await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
        await wb.page.keyboard.type('x');
        await wb.waitVisible(wb.page.locator('.monaco-editor-overlaymessage').filter({ hasText: 'Cannot edit in read-only editor' }).first(), 'the editor to say "Cannot edit in read-only editor"', 15_000);
        const dirty = await wb.page.locator('.tabs-container .tab.dirty').count();
        if (dirty > 0) throw new Error('typing into the shipped example marked a tab as modified');
      },
    });
  },
});
