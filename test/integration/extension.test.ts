// GradLens loads in a real VS Code: the extension is there, activates, and contributes its commands.

import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateGradLens, EXTENSION_ID } from './helpers';

describe('GradLens in VS Code', () => {
  it(`is installed as ${EXTENSION_ID} and activates`, async () => {
    const { extension, api } = await activateGradLens();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.pingPanel, 'function', 'activate() returns the test API');
  });

  it('activates without a compiler in the editor\'s process (the figure: load + activate, ms)', async () => {
    const { extension, api } = await activateGradLens();
    const compilers = Object.keys(require.cache).filter((file) => /[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(file));
    assert.deepEqual(compilers, [], 'no TypeScript compiler module in the extension host');
    const bundle = statSync(join(extension.extensionPath, 'dist', 'extension.js')).size;
    assert.ok(bundle < 600 * 1024, `dist/extension.js is ${bundle} bytes`);
    console.log(`      [activation] dist/extension.js ${(bundle / 1024).toFixed(0)} KB; evaluated and activated in ${api.activationMs.toFixed(1)} ms`);
  });

  it('contributes "GradLens: Show Panel" and registers gradlens.showPanel', async () => {
    const { extension } = await activateGradLens();
    const contributed = (extension.packageJSON.contributes?.commands ?? []) as { command: string; title: string; category?: string }[];
    const showPanel = contributed.find((c) => c.command === 'gradlens.showPanel');
    assert.ok(showPanel, 'package.json contributes gradlens.showPanel');
    assert.equal(`${showPanel.category}: ${showPanel.title}`, 'GradLens: Show Panel');
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('gradlens.showPanel'), 'gradlens.showPanel is registered after activation');
  });

  it('runs in a trusted workspace with the examples open', () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.ok(
      folders.some((f) => f.uri.path.endsWith('/examples')),
      `the examples folder is open (got ${folders.map((f) => f.uri.toString()).join(', ') || 'no folder'})`,
    );
  });
});
