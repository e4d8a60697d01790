// The three ways in, through the VS Code API: "GradLens: Compute gradients" on a file and on a
// selection, the "Train this model" CodeLens, and the hover — on the workspace's examples and on
// untitled documents.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateGradLens, closeTextEditors, waitFor } from './helpers';

async function openExample(name: string): Promise<vscode.TextEditor> {
  const [uri] = await vscode.workspace.findFiles(`**/${name}`, undefined, 1);
  assert.ok(uri, `${name} is in the workspace`);
  return vscode.window.showTextDocument(uri, { preview: false });
}

async function openSnippet(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
  return vscode.window.showTextDocument(document, { preview: false });
}

const valueOf = (result: { bindings: { name: string; data: number | null; grad: number | null }[] }, name: string) =>
  result.bindings.find((b) => b.name === name);

// These suites check results through the API, not the panel (the panel's suite and the e2e
// scenarios do that): runs here leave the panel closed, so no webview loads in the background.
before(() => vscode.workspace.getConfiguration('gradlens').update('panel.revealOnRun', false, vscode.ConfigurationTarget.Global));
after(() => vscode.workspace.getConfiguration('gradlens').update('panel.revealOnRun', undefined, vscode.ConfigurationTarget.Global));

describe('Compute gradients', () => {
  afterEach(closeTextEditors);

  it('on a whole file: the seed example gives a.grad = 4 and b.grad = 2', async () => {
    const { api } = await activateGradLens();
    const editor = await openExample('01-manual-gradients.ts');
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const result = api.resultFor(editor.document);
    assert.ok(result, 'a result for the document');
    assert.equal(result.rootReason, 'backward');
    assert.equal(valueOf(result, 'a')?.grad, 4);
    assert.equal(valueOf(result, 'b')?.grad, 2);
    assert.equal(valueOf(result, 'd')?.data, 8);
  });

  it('on a selection: the selected expression is the root, evaluated after the code above it', async () => {
    const { api } = await activateGradLens();
    const source = "import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = new Value(3);\nconst e = a.mul(b).add(a);\nthrow new Error('not reached');\n";
    const editor = await openSnippet(source);
    const start = source.indexOf('a.mul(b).add(a)');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + 'a.mul(b).add(a)'.length));
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const result = api.resultFor(editor.document);
    assert.ok(result, 'a result (the throw after the selection never ran)');
    assert.equal(result.rootReason, 'expression');
    const root = result.graph.nodes.find((n) => n.id === result.graph.root);
    assert.equal(root?.data, 8);
    assert.equal(valueOf(result, 'a')?.grad, 4);
    assert.equal(valueOf(result, 'b')?.grad, 2);
  });

  it('a syntax error and a throw become error diagnostics at their lines', async () => {
    await activateGradLens();
    const broken = await openSnippet("import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = a.mul(;\n");
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const syntax = await waitFor('a syntax diagnostic', () => vscode.languages.getDiagnostics(broken.document.uri).find((d) => d.source === 'GradLens'));
    assert.equal(syntax.range.start.line, 2, syntax.message);
    assert.match(syntax.message, /expected/i);
    assert.equal(syntax.severity, vscode.DiagnosticSeverity.Error);

    const throwing = await openSnippet("import { Value } from 'gradlens';\nconst a = new Value(2);\n\nif (a.data > 1) throw new Error('too big');\n");
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const thrown = await waitFor('a runtime diagnostic', () => vscode.languages.getDiagnostics(throwing.document.uri).find((d) => d.source === 'GradLens'));
    assert.equal(thrown.range.start.line, 3);
    assert.match(thrown.message, /too big/);
  });

  it('Stop ends a while (true) at once, and the extension keeps working', async () => {
    const { api } = await activateGradLens();
    await openSnippet('let spins = 0;\nwhile (true) { spins++; }\n');
    const run = vscode.commands.executeCommand('gradlens.computeGradients');
    await waitFor('the run to start', () => api.activeRun() !== null);
    const stoppedAt = Date.now();
    await vscode.commands.executeCommand('gradlens.stop');
    await run;
    // Typically tens of ms (R4 in the benchmarks); a Stop that is not heard runs to the time limit.
    assert.ok(Date.now() - stoppedAt < 10_000, `stopped after ${Date.now() - stoppedAt} ms`);
    assert.equal(api.activeRun(), null);
    const editor = await openExample('01-manual-gradients.ts');
    await vscode.commands.executeCommand('gradlens.computeGradients');
    assert.equal(valueOf(api.resultFor(editor.document)!, 'a')?.grad, 4);
  });
});

describe('Train this model (CodeLens)', () => {
  afterEach(closeTextEditors);

  it('stands exactly above the training loops, not above other loops', async () => {
    await activateGradLens();
    const source = [
      "import { Value } from 'gradlens';",
      'const w = new Value(0);',
      'for (const x of [1, 2, 3]) console.log(x);',
      'for (let step = 0; step < 20; step++) {',
      '  w.grad = 0;',
      '  const loss = w.sub(3).pow(2);',
      '  loss.backward();',
      '  w.data -= 0.1 * w.grad;',
      '}',
      'let i = 0;',
      'while (i++ < 3) { w.mul(2); }',
    ].join('\n');
    const editor = await openSnippet(source);
    const lenses = await waitFor('the CodeLens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return found.filter((l) => l.command?.title.includes('Train this model')).length > 0 && found;
    }, 30_000);
    const train = lenses.filter((l) => l.command?.title.includes('Train this model'));
    assert.deepEqual(train.map((l) => l.range.start.line), [3]);
  });

  it('trains up to the end of the loop and leaves the trained parameters in hovers', async () => {
    const { api } = await activateGradLens();
    const editor = await openExample('02-simple-nn.ts');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const lens = lenses.find((l) => l.command?.command === 'gradlens.train');
    assert.ok(lens?.command, 'a Train this model lens');
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const result = api.resultFor(editor.document);
    assert.ok(result && result.rootReason === 'backward');
    const loss = valueOf(result, 'loss');
    assert.ok(loss?.data !== null && loss!.data! < 0.5, `loss ${loss?.data}`);
    const labels = result.graph.nodes.map((n) => n.label);
    assert.ok(labels.includes('fc1.weight'), labels.join(', '));
  });
});

describe('Watch a model learn', () => {
  afterEach(closeTextEditors);

  it('the panel shows this run\'s graph live while micrograd\'s moons train: the root\'s numbers change step by step', async () => {
    const { api } = await activateGradLens();
    assert.equal(await api.pingPanel(25_000), true, 'the panel is up');
    const editor = await openExample('03-micrograd-moons.ts');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const lens = lenses.find((l) => l.command?.command === 'gradlens.train');
    assert.ok(lens?.command, 'a Train this model lens');
    const done = vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    let finished = false;
    void Promise.resolve(done).finally(() => (finished = true));
    const seen = new Map<number, number | null>(); // live step -> the root's data then
    let runId: number | null = null;
    while (!finished) {
      const shown = await api.panelShows(2_000);
      const active = api.activeRun();
      if (shown?.liveStep && active && shown.runId === active.runId) {
        runId = shown.runId;
        seen.set(shown.liveStep, shown.root?.data ?? null);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await done;
    const steps = [...seen.keys()];
    assert.ok(steps.length >= 2, `live steps seen: ${steps.join(', ')}`);
    assert.ok(new Set(seen.values()).size >= 2, `the root's data changed: ${[...seen.values()].join(', ')}`);
    // Once the run is over: its result, under the same run.
    const result = api.resultFor(editor.document)!;
    const root = result.graph.nodes.find((n) => n.id === result.graph.root)!;
    const after = await waitFor('the result on screen', async () => {
      const shown = await api.panelShows(2_000);
      return shown?.liveStep === null && shown.root?.data === root.data ? shown : undefined;
    }, 15_000);
    assert.equal(after.runId, runId);
    assert.equal(after.root?.label, 'totalLoss');
  });
});

describe('Gradient lints', () => {
  afterEach(closeTextEditors);

  it('a loop that never zeroes its gradients gets a warning at backward(), and the quick fix inserts zeroGrad()', async () => {
    await activateGradLens();
    const source = [
      "import { Value, nn, manualSeed } from 'gradlens';",
      'manualSeed(4); const model = new nn.MLP(2, [3, 1]);',
      'for (let k = 0; k < 5; k++) {',
      '  const out = model.forward([1, 2]) as Value;',
      '  const loss = out.sub(1).pow(2);',
      '  loss.backward();',
      '  for (const p of model.parameters()) p.data -= 0.01 * p.grad;',
      '}',
    ].join('\n');
    const editor = await openSnippet(source);
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const warning = await waitFor('the lint', () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'GradLens' && /add up/.test(d.message)));
    assert.equal(warning.range.start.line, 5);
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Insert model.zeroGrad() before backward()');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(editor.document.lineAt(5).text, '  model.zeroGrad();');
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'GradLens').length, 0, 'the edit clears it');
    await vscode.commands.executeCommand('gradlens.computeGradients');
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'GradLens').length, 0, 'the fixed loop is clean');
  });

  it('.grad read on a tensor that does not require grad: one warning at the reading line, in the user\'s names', async () => {
    await activateGradLens();
    const source = [
      "import { tensor } from 'gradlens';",
      'const x = tensor([1, 2, 3]);',
      'const w = tensor([0.5, -1, 2], { requiresGrad: true });',
      'for (let k = 0; k < 3; k++) {',
      '  x.mul(w).sum().backward();',
      '  console.log(x.grad);',
      '}',
    ].join('\n');
    const editor = await openSnippet(source);
    await vscode.commands.executeCommand('gradlens.computeGradients');
    await waitFor('the lint', () => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'GradLens' && /requiresGrad/.test(d.message)));
    const warnings = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'GradLens');
    assert.deepEqual(warnings.map((d) => [d.range.start.line, d.severity]), [[5, vscode.DiagnosticSeverity.Warning]]);
    assert.match(warnings[0].message, /^x\.grad is null: x does not require grad, so backward\(\) gives it no gradient — create it with tensor\(…, \{ requiresGrad: true \}\)/);

    // The quick fix makes x require grad where it is made; run again: clean, and x has its gradient.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, warnings[0].range);
    const fix = actions.find((a) => a.title === 'Create x with { requiresGrad: true }');
    assert.ok(fix?.edit, `the quick fix is offered: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(editor.document.lineAt(1).text, 'const x = tensor([1, 2, 3], { requiresGrad: true });');
    await vscode.commands.executeCommand('gradlens.computeGradients');
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'GradLens').length, 0, 'the fixed program is clean');
  });
});

describe('One run at a time on screen', () => {
  afterEach(closeTextEditors);

  const hoverText = async (editor: vscode.TextEditor, name: string): Promise<string> => {
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith(`const ${name}`));
    const position = new vscode.Position(line, 'const '.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  };
  const gradLensDiagnostics = (editor: vscode.TextEditor) => vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'GradLens');

  it('run A, then B fails, then B is stopped: hovers and diagnostics show B, never A', async () => {
    const { api } = await activateGradLens();
    const editor = await openSnippet("import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = a.mul(3);\nb.backward();\n");
    await vscode.commands.executeCommand('gradlens.computeGradients');
    assert.match(await hoverText(editor, 'a'), /grad `3\.0000`/, 'run A: a.grad = 3');

    // B: the same document, now throwing before any value exists. A's numbers must not stay in hovers.
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), "throw new Error('B failed');\n"));
    await vscode.commands.executeCommand('gradlens.computeGradients');
    assert.equal(api.resultFor(editor.document), undefined, 'no result from the failed run B');
    assert.doesNotMatch(await hoverText(editor, 'a'), /grad/, 'no hover numbers from run A');
    const [failed] = gradLensDiagnostics(editor);
    assert.equal(failed?.range.start.line, 1);
    assert.match(failed.message, /B failed/);

    // Editing the code makes B's diagnostic stale: it goes.
    await editor.edit((edit) => edit.delete(editor.document.lineAt(1).rangeIncludingLineBreak));
    await waitFor('the stale diagnostic to go', () => gradLensDiagnostics(editor).length === 0);

    // B again, now training until it is stopped: the result is B's last finished step.
    await editor.edit((edit) => edit.insert(new vscode.Position(4, 0), 'for (;;) { a.grad = 0; a.mul(4).backward(); }\n'));
    const run = vscode.commands.executeCommand('gradlens.computeGradients');
    await waitFor('a training step', () => (api.activeRun()?.step ?? 0) > 0);
    await vscode.commands.executeCommand('gradlens.stop');
    await run;
    assert.equal(api.activeRun(), null);
    assert.equal(gradLensDiagnostics(editor).length, 0, 'a stop is not an error');
    const stopped = api.resultFor(editor.document);
    assert.equal(stopped?.partial, true);
    assert.equal(valueOf(stopped, 'a')?.grad, 4, "a's gradient in B's last step (A's was 3)");
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('Hover', () => {
  afterEach(closeTextEditors);

  it('shows a bound variable\'s value and gradient after a run, and says when it is stale', async () => {
    await activateGradLens();
    const editor = await openExample('01-manual-gradients.ts');
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('const c'));
    const position = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('a * b'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /GradLens/);
    assert.match(text, /grad `4\.0000`/);
    assert.match(text, /Show in graph/);

    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited\n'));
    const stale = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position.translate(1));
    const staleText = stale.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(staleText, /Stale/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('says what a gradient means after several backward() calls: a leaf\'s adds up, an inner Value\'s is the last call\'s', async () => {
    await activateGradLens();
    const editor = await openSnippet("import { Value } from 'gradlens';\nconst a = new Value(2);\nconst b = a.mul(3);\nb.backward();\nb.backward();\n");
    await vscode.commands.executeCommand('gradlens.computeGradients');
    const hoverAt = async (name: string): Promise<string> => {
      const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith(`const ${name}`));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 'const '.length));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    const a = await hoverAt('a');
    assert.match(a, /grad `6\.0000`/);
    assert.match(a, /added up over the backward\(\) calls/);
    const b = await hoverAt('b');
    assert.match(b, /grad `1\.0000`/);
    assert.match(b, /from the last of 2 backward\(\) calls/);
  });
});
