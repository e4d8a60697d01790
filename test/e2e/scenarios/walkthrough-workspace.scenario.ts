// A new user opens the walkthrough "Get started with GradLens" in the repository's examples/
// folder (as `npm start` opens it) and follows its first two steps with the buttons: "Open
// 01-manual-gradients.ts" opens the workspace's file (once, however often it is clicked, and never
// an Untitled copy) and ticks step 1; "Compute gradients" draws the graph (a: grad 4) and ticks
// step 2. The walk itself is exported for walkthrough-shipped.scenario.ts (a folder without the
// examples), which expects a read-only view of the copy shipped in the extension instead.

import { scenario, type Workbench } from '../lib';

export const WALKTHROUGH = 'Get started with GradLens';
export const WALKTHROUGH_TAB = 'Walkthrough: GradLens';
const EXAMPLE = '01-manual-gradients.ts';

/** What the example's editor tab must describe: where the walkthrough's example comes from. */
export interface ExampleSource {
  /** Checks the resource of the example's tab (its label's aria-label); returns a complaint or ''. */
  checkResource(resource: string): string;
  /** Said in failures: "the workspace's file", "the shipped copy". */
  what: string;
  /** Extra checks once the example's editor is on screen. */
  checkEditor?(wb: Workbench): Promise<void>;
}

/** Clicks the button `label` of walkthrough step `stepId` (expanding the step first). */
async function clickStepButton(wb: Workbench, stepId: string, label: string): Promise<void> {
  const step = wb.walkthroughStep(stepId);
  await wb.waitVisible(step, `the walkthrough's step "${stepId}"`, 30_000);
  if ((await step.getAttribute('aria-expanded')) !== 'true') {
    await step.locator('h3.step-title').click();
    await wb.waitVisible(wb.page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="#${stepId}"][aria-expanded="true"]`), `the step "${stepId}" to open`, 15_000);
  }
  const button = step.locator('.step-description-container a.monaco-button').filter({ hasText: new RegExp(`^\\s*${label.replace(/[.()]/g, '\\$&')}\\s*$`) }).first();
  await wb.waitVisible(button, `the button "${label}" in step "${stepId}"`, 15_000);
  await button.click();
}

/** Waits until the example's tab is the active one and its editor shows the example's code. */
async function waitForExampleEditor(wb: Workbench): Promise<void> {
  const tab = wb.page.locator('.tabs-container .tab.active').filter({ has: wb.page.locator('.label-name', { hasText: new RegExp(`^${EXAMPLE.replace(/\./g, '\\.')}$`) }) }).first();
  await wb.waitVisible(tab, `an editor tab for ${EXAMPLE}`, 60_000);
  const code = wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').filter({ hasText: 'torch.tensor(2.0' }).first();
  await wb.waitVisible(code, `the editor to show the code of ${EXAMPLE}`, 30_000);
}

/** The tabs must hold exactly one of the example, from the right source, and no Untitled one. */
async function checkTabs(wb: Workbench, source: ExampleSource, when: string): Promise<void> {
  const tabs = await wb.tabs();
  const shown = JSON.stringify(tabs.map((t) => `${t.label} (${t.resource})`));
  const untitled = tabs.filter((t) => /untitled/i.test(t.label) || /untitled/i.test(t.resource));
  if (untitled.length > 0) throw new Error(`${when}: an Untitled tab opened: ${shown}`);
  const examples = tabs.filter((t) => t.label === EXAMPLE);
  if (examples.length !== 1) throw new Error(`${when}: expected one tab named ${EXAMPLE}, found ${examples.length}: ${shown}`);
  const complaint = source.checkResource(examples[0].resource);
  if (complaint) throw new Error(`${when}: the tab of ${EXAMPLE} should be ${source.what}: ${complaint} (tabs: ${shown})`);
}

/** The GradLens panel must draw the example's graph with `a` at grad 4.0000 (and b, c, d). */
async function checkGraph(wb: Workbench): Promise<void> {
  const panel = await wb.webview({ timeoutMs: 60_000 });
  await wb.waitVisible(panel.locator('g.item.role-root'), 'the graph in the GradLens panel', 90_000);
  const expected: Record<string, string> = { a: 'grad 4.0000', b: 'grad 2.0000', c: 'grad 1.0000', d: 'grad 1.0000' };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const records = await panel.locator('g.item.value').evaluateAll((items) => items.map((g) => Array.from(g.querySelectorAll('text'), (t) => t.textContent ?? '')));
    const grads = Object.fromEntries(records.map(([label, , grad]) => [label, grad]));
    const wrong = Object.entries(expected).filter(([label, grad]) => grads[label] !== grad);
    if (wrong.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the panel should show ${wrong.map(([l, g]) => `${l} with ${g}`).join(', ')}; it shows ${JSON.stringify(records)}`);
    await wb.page.waitForTimeout(300);
  }
}

/** Returns to the walkthrough's tab and waits for its steps and the selected step's media. */
async function backToWalkthrough(wb: Workbench, mediaText: string): Promise<void> {
  await wb.showTab(WALKTHROUGH_TAB);
  await wb.waitVisible(wb.walkthroughStep('scalars'), 'the walkthrough\'s steps', 30_000);
  await wb.walkthroughMedia(mediaText, { timeoutMs: 30_000 });
}

/**
 * The walk of steps 1 and 2, with a screenshot of each stage. `source` says where the example
 * must come from.
 */
export async function walkFirstSteps(wb: Workbench, source: ExampleSource): Promise<void> {
  const started = Date.now();
  const lap = (what: string): void => console.log(`  ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  await wb.openWalkthrough(WALKTHROUGH);
  await wb.walkthroughMedia('Scalars that remember where they came from');
  for (const id of ['scalars', 'graph']) {
    if (await wb.isStepDone(id)) throw new Error(`a fresh profile should show step "${id}" not completed yet`);
  }
  await wb.screenshot('walkthrough');
  lap('walkthrough open');

  // Step 1: "Open 01-manual-gradients.ts".
  await clickStepButton(wb, 'scalars', `Open ${EXAMPLE}`);
  await waitForExampleEditor(wb);
  await checkTabs(wb, source, 'after the first "Open"');
  await source.checkEditor?.(wb);
  await wb.screenshot('example-open');
  await backToWalkthrough(wb, 'Scalars that remember where they came from');
  await wb.waitForStepDone('scalars');
  if (await wb.isStepDone('graph')) throw new Error('opening the example should not tick step 2 ("Operations build a graph")');
  await wb.screenshot('step1-done');
  lap('step 1 done');

  // "Open" again: the same tab comes to the front, no second one, no Untitled one.
  await clickStepButton(wb, 'scalars', `Open ${EXAMPLE}`);
  await waitForExampleEditor(wb);
  // The active tab says the command ran; give a stray editor a moment to show up, then count.
  await wb.page.waitForTimeout(1_000);
  await checkTabs(wb, source, 'after the second "Open"');
  await wb.screenshot('example-open-again');
  lap('opened again');

  // Step 2: "Operations build a graph" → "Compute gradients".
  await backToWalkthrough(wb, 'Scalars that remember where they came from');
  await wb.walkthroughStep('graph').locator('h3.step-title').click();
  await wb.walkthroughMedia('Operations build a graph');
  await wb.screenshot('step2');
  await clickStepButton(wb, 'graph', 'Compute gradients');
  await checkGraph(wb);
  await checkTabs(wb, source, 'after "Compute gradients"');
  await wb.screenshot('panel-graph');
  lap('graph drawn');
  await backToWalkthrough(wb, 'Operations build a graph');
  await wb.waitForStepDone('graph');
  await wb.waitForStepDone('scalars', { timeoutMs: 5_000 });
  await wb.screenshot('step2-done');
  lap('step 2 done');

  // For the record (walkthrough-text asserts the full-width case): with the panel beside it, the
  // walkthrough is half as wide; what of step 2's text can a person read once the page is scrolled?
  await wb.scrollWalkthroughPage();
  const fit = await wb.walkthroughMediaFit(await wb.walkthroughMedia('Operations build a graph'));
  const cut = fit.blocks.filter((b) => !b.whole);
  console.log(`  beside the panel (pane ${Math.round(fit.pane.width)} px wide), step 2's media after scrolling the page: ${cut.length === 0 ? 'all whole' : `cut: ${cut.map((b) => `${b.tag} "${b.text.slice(0, 40)}…" (${b.why})`).join('; ')}`}`);
  await wb.screenshot('step2-done-scrolled');
}

export default scenario({
  name: 'walkthrough-workspace',
  title: 'the walkthrough in examples/: "Open 01-manual-gradients.ts" opens the workspace file once and ticks step 1; "Compute gradients" draws a: grad 4 and ticks step 2',
  readyFile: EXAMPLE,
  timeoutMs: 4 * 60_000,
  async run(wb) {
    await walkFirstSteps(wb, {
      what: 'the workspace\'s file examples/01-manual-gradients.ts',
      checkResource: (resource) => (/(^|[\\/])examples[\\/]01-manual-gradients\.ts$/.test(resource) && !resource.startsWith('/01') ? '' : `its resource is ${JSON.stringify(resource)}`),
    });
  },
});
