// Small helpers for suites that run inside a real VS Code extension host.

import * as vscode from 'vscode';
import type { GradLensApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'gradlens.gradlens';

/** The GradLens extension, activated; fails with a readable message when it cannot be. */
export async function activateGradLens(): Promise<{ extension: vscode.Extension<GradLensApi>; api: GradLensApi }> {
  const extension = vscode.extensions.getExtension<GradLensApi>(EXTENSION_ID);
  if (!extension) {
    const loaded = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`extension ${EXTENSION_ID} is not loaded (other extensions: ${loaded.join(', ') || 'none'})`);
  }
  const api = await extension.activate();
  return { extension, api };
}

/** Polls `probe` until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Webview tabs of the given view type (VS Code prefixes the extension's viewType). */
export function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes(viewType));
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Closes the text editors but leaves the GradLens panel open. Creating and closing a webview for
 * every test makes code-server's webview service worker race with itself ("Found unexpected
 * service worker controller"), and a later panel then never loads; the panel's own suite opens
 * and closes it on purpose.
 */
export async function closeTextEditors(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => !(t.input instanceof vscode.TabInputWebview));
  await vscode.window.tabGroups.close(tabs);
}
