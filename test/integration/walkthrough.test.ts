// The walkthrough's buttons, in a workspace that is examples/ itself (as `npm start` opens it):
// "Open" opens the workspace's file — the same one every click, no Untitled copies — and
// "Compute gradients" / "Train this model" act on the example their step names, whatever has focus.
// Outside such a workspace an example opens read-only from the extension's own copy.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateGradLens, closeTextEditors } from './helpers';

const untitled = (): vscode.TextDocument[] => vscode.workspace.textDocuments.filter((d) => d.isUntitled);

describe('Walkthrough', () => {
  before(() => vscode.workspace.getConfiguration('gradlens').update('panel.revealOnRun', false, vscode.ConfigurationTarget.Global));
  after(() => vscode.workspace.getConfiguration('gradlens').update('panel.revealOnRun', undefined, vscode.ConfigurationTarget.Global));
  afterEach(closeTextEditors);

  it('"Open" opens the workspace\'s example, the same document every click', async () => {
    await activateGradLens();
    const before = untitled().length;
    const first = await vscode.commands.executeCommand<vscode.TextEditor>('gradlens.openExample', '01-manual-gradients.ts', 'scalars');
    const second = await vscode.commands.executeCommand<vscode.TextEditor>('gradlens.openExample', '01-manual-gradients.ts', 'scalars');
    assert.equal(first.document.uri.scheme, 'file');
    assert.match(first.document.uri.path, /\/examples\/01-manual-gradients\.ts$/);
    assert.equal(second.document, first.document);
    assert.equal(untitled().length, before, 'no Untitled copies');
  });

  it('"Compute gradients" computes the step\'s example even when another editor has focus', async () => {
    const { api } = await activateGradLens();
    const other = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const unrelated = 1;\n' });
    await vscode.window.showTextDocument(other);
    await vscode.commands.executeCommand('gradlens.computeExample', '05-neuron.ts', 'neuron');
    const [neuron] = await vscode.workspace.findFiles('**/05-neuron.ts', undefined, 1);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === neuron.toString())!;
    const result = api.resultFor(document);
    assert.ok(result, 'a result for 05-neuron.ts');
    assert.ok(result.graph.nodes.some((n) => n.op === 'tanh'), "the neuron's tanh is in the graph");
    assert.equal(api.resultFor(other), undefined, 'nothing ran on the focused editor');
  });

  it('"Train this model" trains the step\'s example to the end of its loop', async () => {
    const { api } = await activateGradLens();
    await vscode.commands.executeCommand('gradlens.trainExample', '02-simple-nn.ts', 'training');
    const [file] = await vscode.workspace.findFiles('**/02-simple-nn.ts', undefined, 1);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString())!;
    const result = api.resultFor(document);
    assert.ok(result, 'a result for 02-simple-nn.ts');
    assert.equal(result.partial, false);
  });

  it('an example outside the workspace opens as a view of the shipped copy, and runs', async () => {
    const { api } = await activateGradLens();
    const uri = vscode.Uri.from({ scheme: 'gradlens-example', path: '/01-manual-gradients.ts' });
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(editor.document.languageId, 'typescript');
    assert.match(editor.document.getText(), /d\.backward\(\)/);
    assert.equal(editor.document.uri.scheme, 'gradlens-example', 'a view of the shipped file, not an Untitled copy');
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const result = api.resultFor(editor.document);
    assert.equal(result?.bindings.find((b) => b.name === 'a')?.grad, 4);
  });
});
