// A tiny local web server for the panel's browser tests and benchmark: it serves the BUILT page
// (dist/webview.js, dist/webview.css, media/panel.css) in an HTML document like the one the
// extension host writes (src/extension/panel.ts): the same Content-Security-Policy (as a <meta>,
// with a fresh nonce per page), the page's script loaded with the nonce, plus the harness's stub
// of acquireVsCodeApi and a theme's --vscode-* variables. 127.0.0.1 only.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { contentSecurityPolicy } from '../../src/extension/csp';

const ROOT = resolve(__dirname, '..', '..');
const MOUNTS: Record<string, string> = {
  '/dist/': join(ROOT, 'dist'),
  '/media/': join(ROOT, 'media'),
  '/harness/': join(__dirname, 'harness'),
};
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.png': 'image/png' };
export const THEMES = { dark: 'vscode-dark', light: 'vscode-light', 'high-contrast': 'vscode-high-contrast' } as const;
export type Theme = keyof typeof THEMES;

export interface PanelServer {
  url: string;
  /** The page's address for a theme. */
  page(theme?: Theme): string;
  close(): Promise<void>;
}

function panelHtml(origin: string, theme: Theme): string {
  const nonce = randomBytes(16).toString('base64url');
  // The extension's own policy, with cspSource = this server's origin.
  const csp = contentSecurityPolicy(origin, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link id="theme" rel="stylesheet" href="${origin}/harness/${theme}.css">
  <link rel="stylesheet" href="${origin}/media/panel.css">
  <title>GradLens</title>
</head>
<body class="${THEMES[theme]}">
  <main id="app"></main>
  <script nonce="${nonce}" src="${origin}/harness/stub.js"></script>
  <script nonce="${nonce}" src="${origin}/dist/webview.js"></script>
</body>
</html>`;
}

export async function startServer(): Promise<PanelServer> {
  const { origin, close } = await serveHarness(MOUNTS, (url, at) => {
    const theme = (url.searchParams.get('theme') ?? 'dark') as Theme;
    return panelHtml(at, THEMES[theme] ? theme : 'dark');
  });
  return { url: origin, page: (theme = 'dark') => `${origin}/?theme=${theme}`, close };
}

/**
 * A local server for a browser harness: `/` is the page `html` writes (for the request's URL and
 * the server's origin), other paths are files under `mounts` (URL prefix -> folder), never outside them.
 */
export async function serveHarness(mounts: Record<string, string>, html: (url: URL, origin: string) => string): Promise<{ origin: string; close(): Promise<void> }> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html(url, origin));
        return;
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const mount = Object.keys(mounts).find((m) => url.pathname.startsWith(m));
      const file = mount && normalize(join(mounts[mount], decodeURIComponent(url.pathname.slice(mount.length))));
      if (!mount || !file || !file.startsWith(mounts[mount])) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  origin = `http://127.0.0.1:${address.port}`;
  return { origin, close: () => new Promise((done) => server.close(() => done())) };
}
