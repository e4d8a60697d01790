// The walkthrough "Get started with GradLens" at the default window (1280x800, Explorer open: the
// walkthrough's pane is 932 px wide, so VS Code stacks each step's media below the steps in a frame
// 40% of the pane's height). A person who scrolls the page down sees step 1's code block and all of
// step 2's text whole, without scrolling inside the media's frame.
// Everything that is cut is listed before the scenario fails, with screenshots of each state.

import { scenario, type Workbench } from '../lib';
import { WALKTHROUGH } from './walkthrough-workspace.scenario';

interface Check {
  step: string;
  /** The media's heading, to know the step's media is shown. */
  heading: string;
  /** Which blocks must be whole: all of them, or only these tags. */
  tags?: string[];
}

const CHECKS: Check[] = [
  { step: 'scalars', heading: 'Scalars that remember where they came from' },
  { step: 'graph', heading: 'Operations build a graph' },
];

async function checkStep(wb: Workbench, check: Check, problems: string[]): Promise<void> {
  const step = wb.walkthroughStep(check.step);
  await wb.waitVisible(step, `the step "${check.step}"`, 30_000);
  if ((await step.getAttribute('aria-expanded')) !== 'true') await step.locator('h3.step-title').click();
  const media = await wb.walkthroughMedia(check.heading);
  await wb.scrollWalkthroughPage({ to: 'top' });
  const before = await wb.walkthroughMediaFit(media);
  await wb.screenshot(`${check.step}-as-opened`);
  await wb.scrollWalkthroughPage();
  const fit = await wb.walkthroughMediaFit(media);
  await wb.screenshot(`${check.step}-page-scrolled`);
  const cutBefore = before.blocks.filter((b) => !b.whole).map((b) => `${b.tag} "${b.text.slice(0, 40)}…"`);
  console.log(`  step "${check.step}": media frame ${Math.round(fit.frame.width)}x${Math.round(fit.frame.height)} px at y ${Math.round(fit.frame.y)} (pane ${Math.round(fit.pane.y)}–${Math.round(fit.pane.y + fit.pane.height)}), markdown ${fit.document.scrollHeight} px tall in ${fit.document.clientHeight} px`);
  console.log(`    as opened, cut: ${cutBefore.length ? cutBefore.join(', ') : 'nothing'}`);
  for (const b of fit.blocks) {
    console.log(`    after scrolling the page: ${b.whole ? 'whole' : 'CUT  '} ${b.tag} "${b.text.slice(0, 50)}…"${b.whole ? '' : ` — ${b.why}`}`);
    if (!b.whole && (!check.tags || check.tags.includes(b.tag))) {
      problems.push(`step "${check.step}": ${b.tag} "${b.text.slice(0, 50)}…" is cut after scrolling the page down (${b.why}; the media's markdown is ${fit.document.scrollHeight} px tall in a ${fit.document.clientHeight} px frame)`);
    }
  }
}

export default scenario({
  name: 'walkthrough-text',
  title: 'the walkthrough at 1280x800: step 1\'s code block and step 2\'s text are whole once the page is scrolled down',
  readyFile: '01-manual-gradients.ts',
  async run(wb) {
    await wb.openWalkthrough(WALKTHROUGH);
    const problems: string[] = [];
    for (const check of CHECKS) await checkStep(wb, check, problems);
    if (problems.length > 0) throw new Error(`the walkthrough cuts its text at 1280x800:\n${problems.join('\n')}`);
  },
});
