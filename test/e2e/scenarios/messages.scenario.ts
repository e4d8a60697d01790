// A user trains the exploding-learning-rate example and reads why it failed where VS Code lists
// problems — in their terms: the step the loss went non-finite and the learning rate — then fixes
// the learning rate, and the warning goes with the edit (never a message about code that changed);
// run again, and no warning comes back.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scenario } from '../lib';

/**
 * The example in a folder of its own: the scenario edits it, and VS Code in a browser saves edits
 * by itself (files.autoSave is afterDelay there), so never the repository's copy.
 */
function scratchWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-e2e-messages-'));
  cpSync(resolve(__dirname, '..', '..', '..', 'examples', '07-exploding-lr.ts'), join(dir, '07-exploding-lr.ts'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const PROBLEM_ROWS = '.markers-panel .monaco-list-row';

export default scenario({
  name: 'messages',
  title: 'a NaN warning in the user\'s terms (step, learning rate) in Problems; it goes as the user edits the line, and stays gone after a good run',
  workspace: scratchWorkspace(),
  readyFile: '07-exploding-lr.ts',
  async run(wb) {
    await wb.openFile('07-exploding-lr.ts');
    await wb.runCommand('GradLens: Compute gradients');
    await wb.page.keyboard.press('Control+Shift+M'); // View: Problems
    const warning = wb.page.locator(PROBLEM_ROWS).filter({ hasText: /learning rate is usually too high/ }).first();
    // The example is paced to be watched (~5 s of training); allow for a busy machine.
    await wb.waitVisible(warning, 'a warning in Problems that names the learning rate', 60_000);
    const text = await warning.innerText();
    if (!/loss first went (NaN|infinite) at step \d+/.test(text) && !/at step \d+/.test(text)) {
      throw new Error(`the warning should name the step the loss went non-finite: ${JSON.stringify(text)}`);
    }
    await wb.screenshot('nan-warning');

    // Fix it as the comment at the top says: lr 1.5 → 0.05. Find selects the text; typing replaces it.
    await wb.openFile('07-exploding-lr.ts');
    await wb.page.keyboard.press('Control+F');
    await wb.page.keyboard.type('lr: 1.5');
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.type('lr: 0.05');
    await wb.waitHidden(wb.page.locator(PROBLEM_ROWS).filter({ hasText: /GradLens|learning rate|NaN|infinite/ }), 'the warning to go once the code changed', 15_000);
    await wb.screenshot('edited-no-warning');

    await wb.runCommand('GradLens: Compute gradients');
    const panel = await wb.webview();
    await wb.waitVisible(panel.locator('g.item.role-root'), 'the graph of the good run', 60_000);
    const header = await panel.locator('body').innerText();
    if (/NaN|Infinity/.test(header.split('\n').slice(0, 3).join(' '))) throw new Error(`the good run's header still shows a non-finite loss: ${header.slice(0, 200)}`);
    const rows = await wb.page.locator(PROBLEM_ROWS).allInnerTexts();
    if (rows.some((r) => /learning rate|NaN|infinite/.test(r))) throw new Error(`a warning came back after a good run: ${JSON.stringify(rows)}`);
    await wb.screenshot('good-run');
  },
});
