// One real-VS-Code session in code-server: install (cached), start isolated, attach headless
// Debian Chromium through playwright-core, open the workbench on a folder with this repository
// as the extension under development (and optionally an extension-test suite to run).
// Used by the integration launcher (test/integration/run.ts) and the e2e scenarios (test/e2e/).

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, seconds } from './config';
import { ensureCodeServer, isCodeServerInstalled, startCodeServer, type CodeServer, type CodeServerOptions } from './code-server';
import { sleep } from './processes';
import { BROWSER_PACKAGES, ensureSystemPackages, INSTALL_PACKAGES } from './system';

export interface SessionOptions extends CodeServerOptions {
  /** Absolute path of a built extension-test index (exports run()), run by the extension host. */
  extensionTestsPath?: string;
  /** Called before the workbench page loads (e.g. page.exposeFunction). */
  beforeOpen?: (page: Page) => Promise<void>;
  viewport?: { width: number; height: number };
}

export interface Session {
  server: CodeServer;
  context: BrowserContext;
  page: Page;
  url: string;
  timings: { installMs: number; serverMs: number; browserMs: number };
  /** Browser console errors and page errors seen so far (newest last, at most 200). */
  consoleErrors: string[];
  /** Closes the browser and stops code-server; no process of the session survives. */
  close(): Promise<void>;
}

/** The workbench URL that opens `folder` with `extensionDevelopmentPath` (and a test suite). */
export function workbenchUrl(server: CodeServer, folder: string, extensionTestsPath?: string, { development = true } = {}): string {
  const remote = (path: string): string => `vscode-remote://${server.authority}${path}`;
  const payload: [string, string][] = development ? [['extensionDevelopmentPath', remote(REPO_ROOT)]] : [];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  return `${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Everything a run needs before a session can start: system packages and code-server. */
export async function prepareCodeServer(): Promise<{ entry: string; installMs: number }> {
  // One apt-get run on a fresh machine; nothing but a dpkg-query on the next ones.
  const installing = !isCodeServerInstalled();
  ensureSystemPackages([...BROWSER_PACKAGES, ...(installing ? INSTALL_PACKAGES : [])], installing ? 'to build code-server and run it in headless Chromium' : 'to run the workbench in headless Chromium');
  const { entry, ms } = await ensureCodeServer();
  return { entry, installMs: ms };
}

export async function openSession(entry: string, options: SessionOptions): Promise<Session> {
  const server = await startCodeServer(entry, options);
  let context: BrowserContext | undefined;
  try {
    const browserStarted = Date.now();
    context = await chromium.launchPersistentContext(join(server.root, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env: server.childEnv as Record<string, string>,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      timeout: 60_000,
    });
    const browserMs = Date.now() - browserStarted;
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    const consoleErrors: string[] = [];
    const remember = (text: string): void => {
      consoleErrors.push(text);
      if (consoleErrors.length > 200) consoleErrors.shift();
    };
    page.on('console', (message) => {
      // A failed request is reported with its URL below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) remember(message.text());
    });
    page.on('response', (response) => {
      // vsda (VS Code's signing module) is not part of code-server: its 404s are expected.
      if (response.status() >= 400 && !response.url().includes('/vsda/')) remember(`HTTP ${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => remember(`pageerror: ${error.message}`));
    await options.beforeOpen?.(page);
    // With an installed VSIX the repository is not loaded as well.
    const url = workbenchUrl(server, options.workspace, options.extensionTestsPath, { development: !options.vsix });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const openedContext = context;
    let closing: Promise<void> | undefined;
    return {
      server,
      context,
      page,
      url,
      consoleErrors,
      timings: { installMs: 0, serverMs: server.startMs, browserMs },
      close() {
        return (closing ??= (async () => {
          await Promise.race([openedContext.close().catch(() => undefined), sleep(15_000)]);
          await server.stop();
        })());
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

/**
 * Runs in the page. A string, not a function: tsx (esbuild keepNames) would wrap the function's
 * inner helpers in a `__name` call that does not exist in the page.
 */
const DESCRIBE_SCREEN = `(() => {
  const texts = (selector) => Array.from(document.querySelectorAll(selector))
    .map((e) => e.innerText.trim().replace(/\\s+/g, ' '))
    .filter((t) => t.length > 0);
  const lines = ['title: ' + document.title];
  const add = (label, values) => { if (values.length > 0) lines.push(label + ': ' + values.join(' | ')); };
  add('notifications', texts('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message'));
  add('dialog', texts('.monaco-dialog-box'));
  add('quick input', texts('.quick-input-widget:not([style*="display: none"])'));
  add('editor tabs', texts('.tabs-container .tab .label-name'));
  add('status bar', texts('.statusbar-item.left, .statusbar-item.right').slice(0, 12));
  if (lines.length === 1) lines.push('page text: ' + document.body.innerText.replace(/\\s+/g, ' ').slice(0, 1500));
  return lines.join('\\n');
})()`;

/** Text of what is on screen that usually explains a failure: notifications, dialogs, quick input, editors. */
export async function describeScreen(page: Page): Promise<string> {
  try {
    return (await page.evaluate(DESCRIBE_SCREEN)) as string;
  } catch (error) {
    return `(could not read the page: ${(error as Error).message.split('\n')[0]})`;
  }
}

/** Saves a screenshot of the page; returns its path, or undefined if the page is gone. */
export async function screenshot(page: Page, path: string): Promise<string | undefined> {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    await page.screenshot({ path, timeout: 15_000 });
    return path;
  } catch {
    return undefined;
  }
}

/** Keeps code-server's log next to a failure's screenshot. */
export function keepServerLog(session: Session, dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const to = join(dir, 'code-server.log');
    copyFileSync(session.server.logFile, to);
    return to;
  } catch {
    return undefined;
  }
}

export { seconds };
