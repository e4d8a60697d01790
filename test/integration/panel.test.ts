// The GradLens panel: the command opens a webview panel, and the page inside answers messages.
// Each test lets its page finish loading (it answers a ping) before the panel is closed: closing
// a webview mid-load can leave code-server's webview service worker unable to load the next one.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateGradLens, closeAllEditors, waitFor, webviewTabs } from './helpers';

const VIEW_TYPE = 'gradlens.panel';

describe('GradLens panel', () => {
  afterEach(closeAllEditors);

  it('answers a message from the extension host', async () => {
    const { api } = await activateGradLens();
    const answered = await api.pingPanel(25_000);
    assert.equal(answered, true, 'the page answered the ping within 25 s');
  });

  it('opens as a webview tab when "GradLens: Show Panel" runs', async () => {
    const { api } = await activateGradLens();
    await closeAllEditors();
    assert.equal(webviewTabs(VIEW_TYPE).length, 0, 'no panel before the command');
    await vscode.commands.executeCommand('gradlens.showPanel');
    const tabs = await waitFor('a GradLens webview tab', () => {
      const found = webviewTabs(VIEW_TYPE);
      return found.length > 0 && found;
    });
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0].label, 'GradLens');
    assert.equal(await api.pingPanel(25_000), true, 'the new page loads');
  });

  it('shows one panel however often the command runs', async () => {
    const { api } = await activateGradLens();
    await vscode.commands.executeCommand('gradlens.showPanel');
    await vscode.commands.executeCommand('gradlens.showPanel');
    await waitFor('a GradLens webview tab', () => webviewTabs(VIEW_TYPE).length > 0);
    assert.equal(webviewTabs(VIEW_TYPE).length, 1);
    assert.equal(await api.pingPanel(25_000), true, 'the page loads');
  });
});
