// GradLens as a notebook kernel, in the real VS Code: the kernel is selected for a TypeScript
// notebook, Run All runs every cell in order in one session, bindings carry from cell to cell, a
// cell runs again, Interrupt stops a `while (true)` cell and keeps the state, Restart loses it,
// hovers work in cells; the tutorial runs top to bottom.

import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME, type CellOutput } from '../../src/protocol';
import { EXTENSION_ID, activateGradLens, waitFor } from './helpers';

const RUN_MS = 60_000;

function codeCell(text: string): vscode.NotebookCellData {
  return new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'typescript');
}

async function openNotebook(cells: string[]): Promise<vscode.NotebookEditor> {
  const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData(cells.map(codeCell)));
  const editor = await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: 'gradlens-kernel', extension: EXTENSION_ID });
  return editor;
}

/** Runs cells [start, end) and waits until each has an execution summary newer than before. */
async function runCells(notebook: vscode.NotebookDocument, start: number, end = start + 1): Promise<void> {
  const before = notebook.getCells().map((c) => c.executionSummary?.timing?.endTime ?? 0);
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start, end }], document: notebook.uri });
  await waitFor(`cells ${start + 1}–${end} to run`, () => notebook.getCells().slice(start, end).every((c, i) => (c.executionSummary?.timing?.endTime ?? 0) > before[start + i] && c.executionSummary?.success !== undefined), RUN_MS);
}

const textOf = (cell: vscode.NotebookCell): string =>
  cell.outputs.flatMap((o) => o.items).filter((i) => i.mime.startsWith('text/') || i.mime.includes('stdout') || i.mime.includes('stderr') || i.mime.includes('error')).map((i) => new TextDecoder().decode(i.data)).join('\n');

function graphOf(cell: vscode.NotebookCell): CellOutput | undefined {
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === CELL_OUTPUT_MIME);
  return item && (JSON.parse(new TextDecoder().decode(item.data)) as CellOutput);
}

describe('GradLens notebook kernel', function () {
  this.timeout(180_000);

  before(async () => {
    await activateGradLens();
  });

  it('runs cells in one session: bindings carry, a cell runs again, outputs say which run', async () => {
    const editor = await openNotebook([
      "import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = new Value(3);",
      'const c = a * b + a;\nc.backward();\nconsole.log(`a.grad = ${a.grad}`);\nc',
      'a.grad',
    ]);
    const { notebook } = editor;
    await runCells(notebook, 0, 3);
    const [first, second, third] = notebook.getCells();
    assert.deepEqual(notebook.getCells().map((c) => c.executionSummary?.success), [true, true, true], textOf(third));
    assert.deepEqual(notebook.getCells().map((c) => c.executionSummary?.executionOrder), [1, 2, 3]);
    assert.match(textOf(second), /a\.grad = 4/);
    const graph = graphOf(second);
    assert.equal(graph?.title, 'Cell 2, run [2]');
    assert.equal(graph?.graph?.totalNodes, 4);
    assert.equal(graph?.graph?.nodes.find((n) => n.id === graph.graph?.root)?.data, 8);
    assert.ok(second.outputs.flatMap((o) => o.items).some((i) => i.mime === 'image/svg+xml'), 'an SVG for plain Jupyter');
    assert.equal(textOf(third).trim(), '4');
    assert.equal(graphOf(first), undefined, 'declaring leaves draws no graph');

    // Hover in a cell: the cell's own bindings, from its run.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', second.document.uri, new vscode.Position(0, 7));
    const hoverText = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
    assert.match(hoverText, /GradLens.*`c`/);
    assert.match(hoverText, /data `8(\.0+)?`/);

    // Again: the second cell's backward() adds to a.grad, as in PyTorch; the run counts up.
    await runCells(notebook, 1);
    await runCells(notebook, 2);
    assert.equal(second.executionSummary?.executionOrder, 4);
    assert.equal(graphOf(second)?.title, 'Cell 2, run [4]');
    assert.equal(textOf(third).trim(), '8');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it("a cell run A, then B failing: its output, hovers and Problems show B's state, never A's", async () => {
    const editor = await openNotebook(["import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = a.mul(3);\nb.backward();\nb"]);
    const { notebook } = editor;
    const cell = notebook.getCells()[0];
    const hoverAt = async (line: number, col: number): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell.document.uri, new vscode.Position(line, col));
      return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
    };
    await runCells(notebook, 0);
    assert.match(await hoverAt(1, 6), /grad `3(\.0+)?`/, 'run A: a.grad = 3');
    assert.equal(graphOf(cell)?.title, 'Cell 1, run [1]');

    // B: the same cell, now throwing before b exists.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cell.document.uri, new vscode.Position(2, 0), "throw new Error('B failed');\n");
    await vscode.workspace.applyEdit(edit);
    await runCells(notebook, 0);
    assert.equal(cell.executionSummary?.success, false);
    assert.equal(graphOf(cell), undefined, "no graph of run A under run B's error");
    assert.match(textOf(cell), /B failed \(line 3\)/);
    assert.doesNotMatch(await hoverAt(1, 6), /grad `3/, 'no hover numbers from run A');
    const problems = vscode.languages.getDiagnostics(cell.document.uri).filter((d) => d.source === 'GradLens');
    assert.deepEqual(problems.map((d) => [d.range.start.line, d.message]), [[2, 'B failed']]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Interrupt stops a while (true) cell and keeps the state; Restart loses it', async () => {
    const editor = await openNotebook(['let kept = 41;', 'let spins = 0;\nwhile (true) {\n  spins++;\n  if (spins % 1e6 === 0) console.log(spins);\n}', 'kept + 1']);
    const { notebook } = editor;
    await runCells(notebook, 0);
    const spinning = notebook.getCells()[1];
    // Not awaited: the command resolves when the cell is done.
    void vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 1, end: 2 }], document: notebook.uri });
    await waitFor('the loop to print', () => /\d/.test(textOf(spinning)), 20_000);
    const stopAt = Date.now();
    // The notebook toolbar's Stop: the running cell's execution is cancelled.
    await vscode.commands.executeCommand('notebook.cancelExecution');
    await waitFor('the loop to stop', () => spinning.executionSummary?.success === false, 20_000);
    assert.match(textOf(spinning), /■ Stopped/);
    assert.doesNotMatch(textOf(spinning), /time limit/);
    assert.ok(Date.now() - stopAt < 15_000, 'stopped by the interrupt, not by a limit');
    await runCells(notebook, 2);
    assert.equal(textOf(notebook.getCells()[2]).trim(), '42', 'the state outlives the interrupt');

    await vscode.commands.executeCommand('gradlens.restartKernel');
    await runCells(notebook, 2);
    const after = notebook.getCells()[2];
    assert.equal(after.executionSummary?.success, false);
    assert.match(textOf(after), /kept is not defined/);
    assert.equal(after.executionSummary?.executionOrder, 1, 'a new session counts from 1');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('opens the tutorial with the kernel selected and runs it top to bottom', async () => {
    await vscode.commands.executeCommand('gradlens.openTutorial');
    const editor = await waitFor('the tutorial', () => vscode.window.activeNotebookEditor);
    const { notebook } = editor;
    const code = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.ok(code.length >= 8);
    await vscode.commands.executeCommand('notebook.execute');
    await waitFor('every cell to run', () => code.every((c) => c.executionSummary?.success !== undefined), RUN_MS * 2);
    assert.deepEqual(code.map((c) => c.executionSummary?.success), code.map(() => true), code.map(textOf).join('\n---\n'));
    assert.match(code.map(textOf).join('\n'), /a\.grad = 4, b\.grad = 2/);
    const training = graphOf(code[code.length - 1]);
    assert.equal(training?.losses.length, 500);
    assert.ok(training!.losses[499] < training!.losses[0]);
    // The workspace's tutorial stays as shipped (no outputs saved into the repository's copy).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
