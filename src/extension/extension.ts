// GradLens' entry point: registers commands, the panel serializer and (as later parts land) the
// CodeLens, hover and decoration providers. Everything registered is disposed with the extension.

import * as vscode from 'vscode';
import type { PanelToHost } from '../protocol';
import { GradLensPanel, PANEL_VIEW_TYPE } from './panel';

/** What activate() returns: a small surface the integration tests drive. */
export interface GradLensApi {
  /** Sends a ping to the panel (opening it if needed) and resolves with the page's answer. */
  pingPanel(timeoutMs?: number): Promise<boolean>;
}

export function activate(context: vscode.ExtensionContext): GradLensApi {
  const { extensionUri } = context;
  context.subscriptions.push(
    vscode.commands.registerCommand('gradlens.showPanel', () => GradLensPanel.createOrShow(extensionUri, { preserveFocus: false })),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        GradLensPanel.revive(panel, extensionUri);
      },
    }),
    { dispose: () => GradLensPanel.instance?.dispose() },
  );
  return { pingPanel: (timeoutMs = 10_000) => pingPanel(extensionUri, timeoutMs) };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}

async function pingPanel(extensionUri: vscode.Uri, timeoutMs: number): Promise<boolean> {
  const panel = GradLensPanel.createOrShow(extensionUri);
  const nonce = Math.floor(Math.random() * 1e9);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(false);
    }, timeoutMs);
    const listener = panel.onMessage((message: PanelToHost) => {
      if (message.type === 'pong' && message.nonce === nonce) {
        clearTimeout(timer);
        listener.dispose();
        resolve(true);
      }
    });
    panel.post({ type: 'ping', nonce });
  });
}
