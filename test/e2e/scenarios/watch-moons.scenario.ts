// A user trains micrograd's moons with "Train this model" and watches: the panel's graph is this
// run's, live, its step advancing; when training ends, the Health tab plots each layer, the
// Boundary tab shows the decision boundary, and the Step slider (keyboard) goes back to step 1.

import { resolve } from 'node:path';
import { scenario } from '../lib';

export default scenario({
  name: 'watch-moons',
  title: 'training moons: the graph live step by step, then Health, Boundary and the Step slider',
  workspace: resolve(__dirname, '..', 'workspaces', 'training'),
  readyFile: 'moons.ts',
  async run(wb) {
    await wb.openFile('moons.ts');
    await (await wb.codeLens('Train this model')).click();
    const panel = await wb.webview({ timeoutMs: 60_000 });
    const outcome = panel.locator('.run-outcome');
    const first = await wb.expectText(outcome, /^Live: the graph of step (\d+)/, { what: 'the live graph', timeoutMs: 60_000 });
    await wb.screenshot('training-live');
    const stepOf = (text: string): number => Number(/step ([\d,]+)/.exec(text)![1].replace(/,/g, ''));
    await wb.expectText(outcome, new RegExp(`^Live: the graph of step (?!${stepOf(first)}\\b)\\d+`), { what: 'a later step', timeoutMs: 30_000 });
    await wb.expectText(panel.locator('.run-status'), 'completed', { what: 'the run to complete', timeoutMs: 60_000 });
    await wb.screenshot('trained');

    await panel.locator('vscode-tab-header', { hasText: 'Health' }).click();
    await wb.expectText(panel.locator('.health-group').first(), 'model.layers.0', { what: 'the first layer\'s row' });
    await wb.screenshot('health');
    await panel.locator('vscode-tab-header', { hasText: 'Boundary' }).click();
    await wb.expectText(panel.locator('.boundary-caption'), /step 200 · accuracy \d+%/, { what: 'the trained model\'s boundary' });
    await wb.screenshot('boundary');

    await panel.locator('.scrubber-slider').focus();
    await wb.page.keyboard.press('Home');
    await wb.expectText(outcome, /^Step 1 \(scrubber\)/, { what: 'step 1 from the slider' });
    await panel.locator('vscode-tab-header', { hasText: 'Graph' }).click();
    await wb.screenshot('scrubbed-step-1');
  },
});
