// The walkthrough's examples and its buttons. An example opens from the workspace when the
// workspace has it (the repository's examples/ folder, or examples/ itself as `npm start` opens it),
// otherwise as a read-only view of the copy shipped inside the extension — the same document every
// time, never a new Untitled one. "Compute gradients" and "Train this model" act on the example
// their step opened, not on whatever has focus (the walkthrough itself, usually), and a step is
// ticked only once its action succeeded.

import * as vscode from 'vscode';
import type { RunController, RunOutcome } from './run-controller';

/** Read-only documents of the shipped examples: gradlens-example:/01-manual-gradients.ts */
export const EXAMPLE_SCHEME = 'gradlens-example';

export class ShippedExamples implements vscode.TextDocumentContentProvider {
  constructor(private readonly extensionUri: vscode.Uri) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const name = uri.path.replace(/^\//, '');
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'examples', name));
    return new TextDecoder().decode(bytes);
  }
}

export async function openExample(name: string): Promise<vscode.TextEditor> {
  const [inWorkspace] = await vscode.workspace.findFiles(`**/${name}`, '**/node_modules/**', 1);
  const uri = inWorkspace ?? vscode.Uri.from({ scheme: EXAMPLE_SCHEME, path: `/${name}` });
  return vscode.window.showTextDocument(uri, { preview: false });
}

/** The first training loop of a document, for "Train this model" from a link or the palette. */
export async function firstTrainingLoop(controller: RunController, document: vscode.TextDocument): Promise<{ start: number; end: number } | undefined> {
  const [loop] = await controller.trainingLoops(document);
  return loop && { start: loop.start, end: loop.end };
}

/** The context key a walkthrough step's completion waits for (package.json, completionEvents). */
const stepDone = (step: string): Thenable<unknown> => vscode.commands.executeCommand('setContext', `gradlens.walkthrough.${step}`, true);

/** The walkthrough's commands: open an example, compute it, train it — each ticking its step. */
export function registerWalkthrough(controller: RunController): vscode.Disposable[] {
  const succeeded = (outcome: RunOutcome | null, training: boolean): boolean =>
    outcome !== null && (outcome.status === 'completed' || (training && outcome.status === 'stopped' && outcome.hasResult));
  return [
    vscode.commands.registerCommand('gradlens.openExample', async (name: string, step?: string) => {
      const editor = await openExample(name);
      if (step) await stepDone(step);
      return editor;
    }),
    vscode.commands.registerCommand('gradlens.computeExample', async (name: string, step?: string) => {
      const editor = await openExample(name);
      const outcome = await controller.compute(editor, { wholeFile: true });
      if (step && succeeded(outcome, false)) await stepDone(step);
    }),
    vscode.commands.registerCommand('gradlens.trainExample', async (name: string, step?: string) => {
      const editor = await openExample(name);
      const loop = await firstTrainingLoop(controller, editor.document);
      if (!loop) {
        void vscode.window.showWarningMessage(`GradLens: ${name} has no training loop (a loop whose body calls .backward()).`);
        return;
      }
      const outcome = await controller.train(editor.document, loop);
      if (step && succeeded(outcome, true)) await stepDone(step);
    }),
  ];
}
