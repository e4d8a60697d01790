// The walkthrough's "open this example" and "train it" links. An example opens from the
// workspace when it is there (the repository's examples/ folder, as `npm start` opens it),
// otherwise as an untitled copy of the one shipped inside the extension.

import * as vscode from 'vscode';
import { findTrainingLoops } from '../runner/training-loops';

export async function openExample(extensionUri: vscode.Uri, name: string): Promise<vscode.TextEditor> {
  const [inWorkspace] = await vscode.workspace.findFiles(`**/examples/${name}`, '**/node_modules/**', 1);
  if (inWorkspace) return vscode.window.showTextDocument(inWorkspace, { preview: false });
  const shipped = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'examples', name));
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: new TextDecoder().decode(shipped) });
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The first training loop of the active editor, for "Train this model" from a link. */
export function firstTrainingLoop(editor: vscode.TextEditor | undefined): { document: vscode.TextDocument; loop: { start: number; end: number } } | undefined {
  if (!editor) return undefined;
  const [loop] = findTrainingLoops(editor.document.getText(), editor.document.fileName);
  return loop && { document: editor.document, loop: { start: loop.start, end: loop.end } };
}
