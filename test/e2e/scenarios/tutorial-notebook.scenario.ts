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
function tutorialCells(): { count: number; code: number[]; graphOfD: number; backward: number; training: number } {
  const json = JSON.parse(readFileSync(TUTORIAL, 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  const sources = json.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
  const code = json.cells.flatMap((c, i) => (c.cell_type === 'code' ? [i] : []));
  const find = (text: string): number => {
    const i = code.find((k) => sources[k].includes(text));
    if (i === undefined) throw new Error(`examples/tutorial.ipynb has no code cell with ${JSON.stringify(text)}`);
    return i;
  };
  return { count: json.cells.length, code, graphOfD: find('const d = c + a'), backward: find('d.backward()'), training: code[code.length - 1] };
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

/** Fails unless `locator` lies wholly inside the notebook's visible cell list; returns its box. */
async function expectOnScreen(nb: Notebook, locator: Locator, what: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await locator.boundingBox({ timeout: 5_000 }).catch(() => null);
  const view = await nb.viewport();
  if (!box || box.y < view.top - 1 || box.y + box.height > view.bottom + 1) throw new Error(`${what} is not wholly on screen (${JSON.stringify(box)}, notebook ${JSON.stringify(view)})`);
  return box;
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
  timeoutMs: 2 * 60_000,
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

    // Done when the last code cell shows its check. Its row stays on screen while the keyboard
    // is on it (the cells above grow as their outputs arrive); a failing cell fails the wait.
    const last = cells.training;
    await nb.focusCell(last, { cellCount: cells.count });
    await mouseAway(wb);
    const deadline = Date.now() + 90_000;
    let queued = false;
    for (;;) {
      if ((await nb.row(last).count()) === 0) await nb.focusCell(last, { cellCount: cells.count });
      const state = await nb.codeCell(last);
      if (state.state === 'success' && state.order) break;
      if (state.state === 'error') throw new Error(`the last code cell (cell ${last + 1}) failed during Run All: ${JSON.stringify(state)}`);
      if (state.state === 'pending' || state.state === 'executing') queued = true;
      else if (queued) throw new Error(`Run All stopped before the last code cell (cell ${last + 1}) ran: ${JSON.stringify(state)}`);
      if (Date.now() > deadline) throw new Error(`the last code cell (cell ${last + 1}) did not finish within 90 s of Run All: ${JSON.stringify(state)}`);
      await wb.page.waitForTimeout(250);
    }
    console.log(`  Run All finished (last cell ✓) ${((Date.now() - clicked) / 1000).toFixed(1)} s after the click`);

    // Top to bottom, as a reader goes with the keyboard: each code cell's order, check, outputs.
    const outputs = nb.outputs();
    const seen: string[] = [];
    let drawn = 0;
    for (const [k, index] of cells.code.entries()) {
      await nb.focusCell(index, { cellCount: cells.count });
      const state = await nb.codeCell(index);
      seen.push(`cell ${index + 1}: ${state.order} ${state.state} ${state.duration}`);
      if (state.order !== `[${k + 1}]`) throw new Error(`cell ${index + 1} (code cell ${k + 1}) should show the execution order [${k + 1}]; it shows ${JSON.stringify(state.order)} (so far: ${seen.join('; ')})`);
      if (state.state !== 'success') throw new Error(`cell ${index + 1} should show the green check; its state icon is ${JSON.stringify(state.state)}`);
      // Every code cell of the tutorial shows something under it: a value, a print, a graph.
      const shown = await nb.outputCount(index);
      if (shown === 0) throw new Error(`cell ${index + 1} shows no output`);
      drawn += shown;
    }
    // Each output is drawn in the webview once its cell has been on screen: wait for all of them.
    const containers = outputs.locator('.output_container');
    const deadlineDrawn = Date.now() + 30_000;
    while ((await containers.count()) < drawn) {
      if (Date.now() > deadlineDrawn) throw new Error(`the cells show ${drawn} outputs, the output webview holds ${await containers.count()}`);
      await wb.page.waitForTimeout(100);
    }
    const errors = await outputs.locator('.output_container .error, .output_container .traceback').allInnerTexts();
    if (errors.length > 0) throw new Error(`the notebook shows error output: ${JSON.stringify(errors)}`);
    console.log(`  every code cell: ${seen.join('; ')}`);
    lap('cells checked');

    // The graph of d = a·b + a under its cell (the renderer's, in the output frame).
    await nb.focusCell(cells.graphOfD, { cellCount: cells.count });
    const dOutput = gradlensOutput(outputs, cells.graphOfD);
    await wb.waitVisible(dOutput.locator('.graph-canvas svg g.item').first(), `the graph under cell ${cells.graphOfD + 1}`, 30_000);
    await nb.frame(dOutput, { context: nb.row(cells.graphOfD), what: `the graph under cell ${cells.graphOfD + 1}` });
    await wb.expectText(dOutput.locator('.cell-root'), /^d = 8(\.0+)? · grad/, { what: `the root of cell ${cells.graphOfD + 1}'s graph` });
    const dValues = (await graphValues(dOutput)).map(([label]) => label).sort();
    if (dValues.join() !== 'a,b,c,d') throw new Error(`cell ${cells.graphOfD + 1}'s graph should show a, b, c, d; it shows ${JSON.stringify(dValues)}`);
    await expectOnScreen(nb, dOutput.locator('.graph-canvas'), `the graph under cell ${cells.graphOfD + 1}`);
    await mouseAway(wb);
    await wb.screenshot('graph-of-d');

    // backward(): the console line, and a click on a in its graph shows a's details.
    await nb.focusCell(cells.backward, { cellCount: cells.count });
    const backwardText = await cellOutputs(outputs, cells.backward).innerText();
    if (!backwardText.includes('a.grad = 4, b.grad = 2')) throw new Error(`cell ${cells.backward + 1} should print "a.grad = 4, b.grad = 2"; its outputs read ${JSON.stringify(backwardText)}`);
    const graph = gradlensOutput(outputs, cells.backward);
    await wb.waitVisible(graph.locator('.graph-canvas svg g.item').first(), `the graph under cell ${cells.backward + 1}`, 30_000);
    const grads = Object.fromEntries((await graphValues(graph)).map(([label, , grad]) => [label, grad]));
    if (!/^grad 4(\.0+)?$/.test(grads.a ?? '') || !/^grad 2(\.0+)?$/.test(grads.b ?? '')) throw new Error(`after backward() the graph should show a with grad 4 and b with grad 2; it shows ${JSON.stringify(grads)}`);
    await nb.frame(graph.locator('.cell-graph'), { context: graph, what: `the graph under cell ${cells.backward + 1}` });
    const nodeA = graph.locator('.graph-canvas g.item.value').filter({ has: outputs.locator('text', { hasText: /^a$/ }) }).first();
    const box = await expectOnScreen(nb, nodeA.locator('.shape').first(), `the node a of cell ${cells.backward + 1}'s graph`);
    await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const details = graph.locator('.cell-details');
    await wb.expectText(details.locator('h2'), 'a', { what: 'the details of the clicked node' });
    const detailsText = await wb.expectText(details, /grad\s+4(\.0+)?\b/, { what: 'a\'s details' });
    // The graph and a's details below it, together.
    await nb.frame(details, { context: graph, what: `a's details under cell ${cells.backward + 1}` });
    await expectOnScreen(nb, details, 'a\'s details');
    await expectOnScreen(nb, nodeA.locator('.shape').first(), 'the node a');
    await mouseAway(wb);
    await wb.screenshot('node-a-details');
    console.log(`  a's details: ${JSON.stringify(detailsText.replace(/\s+/g, ' '))}`);

    // The training loop: its console lines and the loss chart above its graph.
    await nb.focusCell(cells.training, { cellCount: cells.count });
    if (readFileSync(TUTORIAL, 'utf8') !== shipped) throw new Error('running the notebook changed examples/tutorial.ipynb on disk (saved?)');
    const training = gradlensOutput(outputs, cells.training);
    const chart = training.locator('.chart-section .plot canvas, .chart-section .plot svg').first();
    await wb.waitVisible(chart, `the loss chart under cell ${cells.training + 1}`, 30_000);
    await nb.frame(training.locator('.chart-section'), { context: nb.row(cells.training), what: `the loss chart under cell ${cells.training + 1}` });
    await expectOnScreen(nb, training.locator('.chart-section'), `the loss chart under cell ${cells.training + 1}`);
    const trainingText = await cellOutputs(outputs, cells.training).innerText();
    if (!/epoch 499: loss/.test(trainingText)) throw new Error(`cell ${cells.training + 1} should print its last epoch's loss; its outputs read ${JSON.stringify(trainingText.slice(0, 400))}`);
    const stats = await training.locator('.chart-stats').innerText();
    console.log(`  training cell: chart stats ${JSON.stringify(stats)}; header ${JSON.stringify((await training.locator('.cell-header').innerText()).replace(/\s+/g, ' '))}`);
    await mouseAway(wb);
    await wb.screenshot('training-loss-chart');
    lap('done');
  },
});
