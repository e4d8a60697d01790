// The GradLens panel on the host side: one webview panel, created or revealed on demand and
// revived after a reload (WebviewPanelSerializer). Messages are typed by src/protocol/panel.ts;
// until the page says it is ready, outgoing messages are queued.

import * as vscode from 'vscode';
import type { HostToPanel, PanelToHost } from '../protocol';
import { contentSecurityPolicy } from './csp';
import { Disposable } from './dispose';

export const PANEL_VIEW_TYPE = 'gradlens.panel';

/** How long a new page gets to say 'ready' before it is loaded again, and how often. */
const READY_TIMEOUT_MS = 4_000;
const MAX_RELOADS = 3;

export class GradLensPanel extends Disposable {
  private static current: GradLensPanel | undefined;
  private static readonly createdEmitter = new vscode.EventEmitter<GradLensPanel>();
  /** Fires for every new panel (created or revived), so its messages can be wired up. */
  static readonly onDidCreate = GradLensPanel.createdEmitter.event;
  private ready = false;
  private queue: HostToPanel[] = [];
  /** How many times the page was loaded: only the latest load's 'ready' counts. */
  private page = 0;
  private readonly messageEmitter = this._register(new vscode.EventEmitter<PanelToHost>());
  /** Messages from the page (after 'ready'). */
  readonly onMessage = this.messageEmitter.event;
  private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposeEmitter.event;

  static get instance(): GradLensPanel | undefined {
    return GradLensPanel.current;
  }

  /** Shows the panel (beside the editor, without taking focus unless asked), creating it if needed. */
  static createOrShow(extensionUri: vscode.Uri, { preserveFocus = true } = {}): GradLensPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (GradLensPanel.current) {
      GradLensPanel.current.panel.reveal(column, preserveFocus);
      return GradLensPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'GradLens', { viewColumn: column, preserveFocus }, webviewOptions(extensionUri));
    return GradLensPanel.created(new GradLensPanel(panel, extensionUri));
  }

  private static created(panel: GradLensPanel): GradLensPanel {
    GradLensPanel.current = panel;
    GradLensPanel.createdEmitter.fire(panel);
    return panel;
  }

  /** Re-attaches to a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): GradLensPanel {
    GradLensPanel.current?.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    return GradLensPanel.created(new GradLensPanel(panel, extensionUri));
  }

  private constructor(private readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri) {
    super();
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.load(extensionUri);
    this.reloadIfSilent(extensionUri, 1);
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(
      panel.webview.onDidReceiveMessage((message: PanelToHost) => {
        if (message.type === 'ready') {
          // A page replaced by a reload may still say ready: its messages would be lost.
          if (message.page !== this.page) return;
          this.flush();
        }
        this.messageEmitter.fire(message);
      }),
    );
  }

  /**
   * A page that has not said 'ready' after a few seconds is loaded again (seen in code-server
   * when a panel opens right after another one closed: its frame never starts). Queued messages
   * wait for the new page.
   */
  private reloadIfSilent(extensionUri: vscode.Uri, attempt: number): void {
    const timer = setTimeout(() => {
      if (this.ready || this.isDisposed || attempt > MAX_RELOADS) return;
      this.load(extensionUri);
      this.reloadIfSilent(extensionUri, attempt + 1);
    }, READY_TIMEOUT_MS);
    this._register({ dispose: () => clearTimeout(timer) });
  }

  private load(extensionUri: vscode.Uri): void {
    this.page++;
    this.panel.webview.html = panelHtml(this.panel.webview, extensionUri, this.page);
  }

  post(message: HostToPanel): void {
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private flush(): void {
    this.ready = true;
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (GradLensPanel.current === this) GradLensPanel.current = undefined;
    this.disposeEmitter.fire();
    this.panel.dispose();
    super.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // A hidden webview that is not retained drops the messages sent to it: a training run would
    // lose its loss points and result whenever the user looks at another tab.
    retainContextWhenHidden: true,
    // Resources only from the extension's own build and media folders.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: number): string {
  const nonce = makeNonce();
  const asset = (...path: string[]): vscode.Uri => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path));
  const csp = contentSecurityPolicy(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${asset('media', 'panel.css')}">
  <title>GradLens</title>
</head>
<body>
  <main id="app" data-page="${page}"></main>
  <script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}

function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars[Math.floor(Math.random() * chars.length)];
  return nonce;
}
