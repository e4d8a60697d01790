// Opening GradLens notebooks: "GradLens: New Notebook" (an untitled .ipynb with TypeScript cells)
// and the tutorial (examples/tutorial.ipynb: the workspace's copy if it has one, else the copy the
// extension ships, opened untitled so that it can be run and saved anywhere). Either comes with
// the GradLens kernel selected.

import * as vscode from 'vscode';
import { CONTROLLER_ID, NOTEBOOK_TYPE, type NotebookKernels } from './notebook-kernel';

const TUTORIAL = 'tutorial.ipynb';
const EXTENSION_ID = 'gradlens.gradlens';

const FIRST_CELLS = [
  markdown('# A GradLens notebook\nCode cells are TypeScript, run by the **GradLens (TypeScript)** kernel: what a cell declares, the cells after it can use. A cell that computes a Value or Tensor shows its graph — click a node for its value and gradient.'),
  code("import { Value } from 'gradlens';\n\nconst a = new Value(2);\nconst b = new Value(3);\nconst c = a * b + a;\nc.backward();\nc"),
  code('// a.grad = ∂c/∂a = b + 1\na.grad'),
];

export async function newNotebook(kernels: NotebookKernels): Promise<void> {
  const data = new vscode.NotebookData(FIRST_CELLS);
  data.metadata = typescriptMetadata();
  const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, data);
  await show(notebook, kernels);
}

export async function openTutorial(extensionUri: vscode.Uri, kernels: NotebookKernels): Promise<vscode.NotebookEditor> {
  const [inWorkspace] = await vscode.workspace.findFiles(`**/${TUTORIAL}`, '**/node_modules/**', 1);
  const notebook = inWorkspace
    ? await vscode.workspace.openNotebookDocument(inWorkspace)
    : await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, parseNotebook(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'examples', TUTORIAL))));
  return show(notebook, kernels);
}

async function show(notebook: vscode.NotebookDocument, kernels: NotebookKernels): Promise<vscode.NotebookEditor> {
  kernels.prefer(notebook);
  const editor = await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { notebookEditor: editor, id: CONTROLLER_ID, extension: EXTENSION_ID });
  return editor;
}

/** The shipped .ipynb as notebook data: its cells' text, without outputs (they are the user's to make). */
function parseNotebook(bytes: Uint8Array): vscode.NotebookData {
  const json = JSON.parse(new TextDecoder().decode(bytes)) as { cells: Array<{ cell_type: string; source: string | string[] }> };
  const data = new vscode.NotebookData(json.cells.map((cell) => {
    const text = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    return cell.cell_type === 'code' ? code(text) : markdown(text);
  }));
  data.metadata = typescriptMetadata();
  return data;
}

/** What the .ipynb says of its language, so that Jupyter and code hosts show TypeScript. */
function typescriptMetadata(): Record<string, unknown> {
  return { metadata: { language_info: { name: 'typescript', file_extension: '.ts' }, kernelspec: { name: 'gradlens', display_name: 'GradLens (TypeScript)', language: 'typescript' } } };
}

function code(text: string): vscode.NotebookCellData {
  return new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'typescript');
}

function markdown(text: string): vscode.NotebookCellData {
  return new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, text, 'markdown');
}
