// A new user opens the tutorial notebook with "GradLens: Open the Tutorial Notebook" in the
// examples/ folder, sees the GradLens (TypeScript) kernel picked (top right), presses Run All and
// reads it top to bottom: every code cell ran ([1], [2], … and a green check), no error output,
// "a.grad = 4, b.grad = 2", the graph of d = a·b + a drawn by GradLens's renderer, a click on a
// in the graph after backward() shows its details (grad 4), and the training cell's loss chart.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { EXAMPLES, scenario, type Workbench } from '../lib';
import { Notebook } from '../lib/notebook';

const COMMAND = 'GradLens: Open the Tutorial Notebook';
const KERNEL = 'GradLens (TypeScript)';
const TUTORIAL = join(EXAMPLES, 'tutorial.ipynb');

/** The tutorial's cells as the file has them: which are code, and where the lessons are. */
function tutorialCells(): { code: number[]; graphOfD: number; backward: number; training: number } {
  const json = JSON.parse(readFileSync(TUTORIAL, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  const sources = json.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
  const code = json.cells.flatMap((c, i) => (c.cell_type === 'code' ? [i] : []));
  const find = (text: string): number => {
    const i = code.find((k) => sources[k].includes(text));
    if (i === undefined) throw new Error(`examples/tutorial.ipynb has no code cell with ${JSON.stringify(text)}`);
    return i;
  };
  return { code, graphOfD: find('const d = c + a'), backward: find('d.backward()'), training: code[code.length - 1] };
}

/** The palette lists the extension's commands once its host has loaded it: try again until then. */
async function runOnceOffered(wb: Workbench, label: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await wb.runCommand(label, { timeoutMs: 8_000 });
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** GradLens's own output (the renderer's) of cell `index`: its title says "Cell N, run [k]". */
function gradlensOutput(outputs: FrameLocator, index: number): Locator {
  return outputs.locator('.gradlens-cell').filter({ has: outputs.locator('.cell-title', { hasText: new RegExp(`^Cell ${index + 1},`) }) }).first();
}

/** All outputs of cell `index` (one .cell_container), found by its GradLens output's title. */
function cellOutputs(outputs: FrameLocator, index: number): Locator {
  return outputs.locator('.cell_container').filter({ has: outputs.locator('.cell-title', { hasText: new RegExp(`^Cell ${index + 1},`) }) }).first();
}

/** The graph's value nodes as [label, data, grad] (the texts of each g.item.value). */
async function graphValues(output: Locator): Promise<string[][]> {
  return output.locator('.graph-canvas g.item.value').evaluateAll((items) => items.map((g) => Array.from(g.querySelectorAll('text'), (t) => (t.textContent ?? '').trim())));
}

/** Moves the mouse off the notebook (a hovered cell shows its toolbar) before a screenshot. */
async function mouseAway(wb: Workbench): Promise<void> {
  await wb.page.mouse.move(200, 600);
}

export default scenario({
  name: 'tutorial-notebook',
  title: 'the tutorial notebook run top to bottom: the GradLens kernel picked, Run All, every cell [n] ✓, a.grad = 4, the graph of d with a clickable a (grad 4), the loss chart',
  readyFile: 'tutorial.ipynb',
  // VS Code for the Web saves after a delay by default: Run All would write the outputs into the
  // repository's examples/tutorial.ipynb.
  settings: { 'files.autoSave': 'off' },
  timeoutMs: 5 * 60_000,
  async run(wb) {
    const started = Date.now();
    const lap = (what: string): void => console.log(`  ${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const cells = tutorialCells();
    const shipped = readFileSync(TUTORIAL, 'utf8');
    const nb = new Notebook(wb);

    // Open it from the palette; the workspace's file opens with the GradLens kernel selected.
    await runOnceOffered(wb, COMMAND);
    await wb.waitVisible(wb.page.locator('.tabs-container .tab.active').filter({ hasText: 'tutorial.ipynb' }).first(), 'an editor tab for tutorial.ipynb', 30_000);
    await wb.waitVisible(nb.list, 'the notebook\'s cells', 30_000);
    await wb.expectText(nb.kernelLabel(), KERNEL, { what: 'the kernel picker (top right of the notebook)', timeoutMs: 30_000 });
    const tab = (await wb.tabs()).find((t) => t.active);
    if (!tab || !/(^|[\\/])examples[\\/]tutorial\.ipynb$/.test(tab.resource)) throw new Error(`the command should open the workspace's examples/tutorial.ipynb; the active tab is ${JSON.stringify(tab)}`);
    const before = await nb.codeCell(cells.code[0]);
    if (before.order !== '' || before.state !== '') throw new Error(`before Run All the first code cell should show no execution order or state; it shows ${JSON.stringify(before)}`);
    await mouseAway(wb);
    await wb.screenshot('tutorial-open');
    lap('notebook open');

    // Run All, from the notebook's toolbar.
    const runAll = nb.toolbarButton('Run All');
    await wb.waitVisible(runAll, 'the notebook toolbar\'s Run All', 15_000);
    await runAll.click();
    await mouseAway(wb);
    const clicked = Date.now();

    // Done when the last code cell shows its check (a failing cell would end Run All before it).
    const last = cells.training;
    const deadline = Date.now() + 150_000;
    for (;;) {
      await nb.scrollToEnd();
      const state = await nb.codeCell(last);
      if (state.state === 'success' && state.order) break;
      for (const i of await nb.renderedIndices()) {
        if (cells.code.includes(i) && (await nb.codeCell(i)).state === 'error') throw new Error(`cell ${i + 1} failed during Run All (its status shows the error icon)`);
      }
      if (Date.now() > deadline) throw new Error(`the last code cell (cell ${last + 1}) did not finish within 150 s of Run All: ${JSON.stringify(state)}`);
      await wb.page.waitForTimeout(500);
    }
    console.log(`  Run All finished (last cell ✓) ${((Date.now() - clicked) / 1000).toFixed(1)} s after the click`);

    // Top to bottom, as a reader scrolls: each code cell's order, check, and outputs.
    const outputs = nb.outputs();
    const seen: string[] = [];
    for (const [k, index] of cells.code.entries()) {
      if (index === last) await nb.scrollToEnd();
      else await nb.scrollToCell(index, { offset: 0 });
      const state = await nb.codeCell(index);
      seen.push(`cell ${index + 1}: ${state.order} ${state.state} ${state.duration}`);
      if (state.order !== `[${k + 1}]`) throw new Error(`cell ${index + 1} (code cell ${k + 1}) should show the execution order [${k + 1}]; it shows ${JSON.stringify(state.order)} (so far: ${seen.join('; ')})`);
      if (state.state !== 'success') throw new Error(`cell ${index + 1} should show the green check; its state icon is ${JSON.stringify(state.state)}`);
    }
    // Every output has been drawn by now (each cell was on screen): none is an error.
    const errors = await outputs.locator('.output_container .error, .output_container .traceback').allInnerTexts();
    if (errors.length > 0) throw new Error(`the notebook shows error output: ${JSON.stringify(errors)}`);
    console.log(`  every code cell: ${seen.join('; ')}`);
    lap('cells checked');

    // The top: the graph of d = a·b + a under its cell (the renderer's, in the output frame).
    await nb.scrollToCellBottom(cells.graphOfD);
    const dOutput = gradlensOutput(outputs, cells.graphOfD);
    await wb.waitVisible(dOutput.locator('.graph-canvas svg g.item').first(), `the graph under cell ${cells.graphOfD + 1}`, 30_000);
    await wb.expectText(dOutput.locator('.cell-root'), /^d = 8(\.0+)? · grad/, { what: `the root of cell ${cells.graphOfD + 1}'s graph` });
    const dValues = (await graphValues(dOutput)).map(([label]) => label).sort();
    if (dValues.join() !== 'a,b,c,d') throw new Error(`cell ${cells.graphOfD + 1}'s graph should show a, b, c, d; it shows ${JSON.stringify(dValues)}`);
    await mouseAway(wb);
    await wb.screenshot('graph-of-d');

    // backward(): the console line, and a click on a in its graph shows a's details.
    await nb.scrollToCell(cells.backward, { offset: 0 });
    const backwardText = await cellOutputs(outputs, cells.backward).innerText();
    if (!backwardText.includes('a.grad = 4, b.grad = 2')) throw new Error(`cell ${cells.backward + 1} should print "a.grad = 4, b.grad = 2"; its outputs read ${JSON.stringify(backwardText)}`);
    const graph = gradlensOutput(outputs, cells.backward);
    await wb.waitVisible(graph.locator('.graph-canvas svg g.item').first(), `the graph under cell ${cells.backward + 1}`, 30_000);
    const grads = Object.fromEntries((await graphValues(graph)).map(([label, , grad]) => [label, grad]));
    if (!/^grad 4(\.0+)?$/.test(grads.a ?? '') || !/^grad 2(\.0+)?$/.test(grads.b ?? '')) throw new Error(`after backward() the graph should show a with grad 4 and b with grad 2; it shows ${JSON.stringify(grads)}`);
    const nodeA = graph.locator('.graph-canvas g.item.value').filter({ has: outputs.locator('text', { hasText: /^a$/ }) }).first();
    const box = await nodeA.locator('.shape').first().boundingBox();
    const view = await nb.viewport();
    if (!box || box.y < view.top || box.y + box.height > view.bottom) throw new Error(`the node a of cell ${cells.backward + 1}'s graph is not on screen (${JSON.stringify(box)}, notebook ${JSON.stringify(view)})`);
    await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const details = graph.locator('.cell-details');
    await wb.expectText(details.locator('h2'), 'a', { what: 'the details of the clicked node' });
    const detailsText = await wb.expectText(details, /grad\s+4(\.0+)?\b/, { what: 'a\'s details' });
    await nb.scrollToCellBottom(cells.backward);
    await mouseAway(wb);
    await wb.screenshot('node-a-details');
    console.log(`  a's details: ${JSON.stringify(detailsText.replace(/\s+/g, ' '))}`);

    // The training loop: its console lines and the loss chart above its graph.
    await nb.scrollToCell(cells.training, { offset: 0 });
    if (readFileSync(TUTORIAL, 'utf8') !== shipped) throw new Error('running the notebook changed examples/tutorial.ipynb on disk (saved?)');
    const training = gradlensOutput(outputs, cells.training);
    await wb.waitVisible(training.locator('.chart-section .plot canvas, .chart-section .plot svg').first(), `the loss chart under cell ${cells.training + 1}`, 30_000);
    const trainingText = await cellOutputs(outputs, cells.training).innerText();
    if (!/epoch 499: loss/.test(trainingText)) throw new Error(`cell ${cells.training + 1} should print its last epoch's loss; its outputs read ${JSON.stringify(trainingText.slice(0, 400))}`);
    const stats = await training.locator('.chart-stats').innerText();
    console.log(`  training cell: chart stats ${JSON.stringify(stats)}; header ${JSON.stringify((await training.locator('.cell-header').innerText()).replace(/\s+/g, ' '))}`);
    await mouseAway(wb);
    await wb.screenshot('training-loss-chart');
    lap('done');
  },
});
