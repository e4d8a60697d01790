// What a person does in the workbench, as a test can do it: wait for the workbench, open a file,
// run a command from the palette, look inside a webview, read notifications, take a screenshot of
// each step. Selectors are the ones measured in VS Code 1.100 (../shared/notes/real-vscode-tests.md).
// Every wait has a timeout and fails with a sentence that says what was expected.

import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { EXTENSION_ID } from '../../vscode/config';
import { screenshot, type Session } from '../../vscode/session';

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';
const QUICK_INPUT_ROW = '.quick-input-list .monaco-list-row';

export class Workbench {
  readonly page: Page;
  private step = 0;
  /** Screenshots taken so far, in order. */
  readonly screenshots: string[] = [];

  constructor(
    readonly session: Session,
    /** Where this scenario's screenshots go (test-results/e2e/<scenario>/). */
    readonly resultsDir: string,
  ) {
    this.page = session.page;
    mkdirSync(resultsDir, { recursive: true });
  }

  /** Saves `NN-<name>.png` (NN counts the steps) and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.step += 1;
    const path = join(this.resultsDir, `${String(this.step).padStart(2, '0')}-${name}.png`);
    const saved = await screenshot(this.page, path);
    if (!saved) throw new Error(`could not take screenshot ${path}`);
    this.screenshots.push(saved);
    return saved;
  }

  /** Waits until the workbench shows the workspace: an explorer row (of `file`, if given). */
  async waitForWorkbench({ file, timeoutMs = 90_000 }: { file?: string; timeoutMs?: number } = {}): Promise<void> {
    const row = file ? `.explorer-folders-view .monaco-list-row[aria-label^="${file}"]` : '.explorer-folders-view .monaco-list-row';
    await this.waitVisible(this.page.locator(row).first(), file ? `the explorer to list ${file}` : 'the explorer to list the workspace', timeoutMs);
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor. */
  async openFile(relativePath: string, { timeoutMs = 30_000 } = {}): Promise<void> {
    const name = basename(relativePath);
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(QUICK_INPUT);
    await this.waitVisible(input, 'Quick Open', 10_000);
    await input.fill(relativePath);
    await this.waitVisible(this.page.locator(QUICK_INPUT_ROW).filter({ hasText: name }).first(), `Quick Open to list ${name}`, timeoutMs);
    await this.page.keyboard.press('Enter');
    await this.waitVisible(this.page.locator('.tabs-container .tab.active').filter({ hasText: name }).first(), `an editor tab for ${name}`, timeoutMs);
    await this.waitVisible(this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first(), `the text of ${name}`, timeoutMs);
  }

  /**
   * Runs a command from the command palette by its label ("GradLens: Show Panel"): F1, type, wait
   * for the row, Enter. `screenshot` names a step taken while the row is shown.
   */
  async runCommand(label: string, { screenshot: shot, timeoutMs = 15_000 }: { screenshot?: string; timeoutMs?: number } = {}): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator(QUICK_INPUT);
    await this.waitVisible(input, 'the command palette', 10_000);
    await input.fill(`>${label}`);
    const row = this.page.locator(QUICK_INPUT_ROW).filter({ hasText: label }).first();
    await this.waitVisible(row, `the command palette to offer "${label}"`, timeoutMs);
    if (shot) await this.screenshot(shot);
    await this.page.keyboard.press('Enter');
    await this.waitHidden(input, 'the command palette to close', 10_000);
  }

  /**
   * The document inside an extension's visible webview (outer iframe.webview, inner
   * iframe#active-frame). The inner frame is swapped in when content loads: wait for an element.
   */
  async webview({ extensionId = EXTENSION_ID, timeoutMs = 30_000 } = {}): Promise<FrameLocator> {
    const outer = this.page.locator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`).filter({ visible: true }).first();
    await this.waitVisible(outer, `a webview of ${extensionId}`, timeoutMs);
    return outer.contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** Waits until `locator`'s text equals `expected` (or matches it); returns the text. */
  async expectText(locator: Locator, expected: string | RegExp, { what = String(locator), timeoutMs = 30_000 } = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last: string | undefined;
    for (;;) {
      last = await locator.first().innerText({ timeout: 1_000 }).catch(() => undefined);
      const text = last?.trim();
      if (text !== undefined && (typeof expected === 'string' ? text === expected : expected.test(text))) return text;
      if (Date.now() > deadline) {
        throw new Error(`${what}: expected the text ${JSON.stringify(String(expected))}, ${last === undefined ? 'but it was not on screen' : `but it read ${JSON.stringify(last.trim())}`} (after ${timeoutMs / 1000} s)`);
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** A CodeLens of the active editor whose text contains `text` (allow time: lenses come late). */
  async codeLens(text: string | RegExp, { timeoutMs = 30_000 } = {}): Promise<Locator> {
    const lens = this.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a').filter({ hasText: text }).first();
    await this.waitVisible(lens, `a CodeLens saying ${String(text)}`, timeoutMs);
    return lens;
  }

  /**
   * Hovers the first token of the active editor that is exactly `word` (on line `line`, 1-based,
   * if given) and returns the hover's text once it contains `expected`. The TypeScript hover
   * shares the widget (and says "Loading..." first), so the wait is for our own text.
   */
  async hover(word: string, expected: string | RegExp, { line, timeoutMs = 20_000 }: { line?: number; timeoutMs?: number } = {}): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-line');
    const scope = line === undefined ? lines : lines.filter({ hasText: await this.lineText(line) });
    const token = scope.locator('span span').filter({ hasText: new RegExp(`^${word.replace(/[$.]/g, '\\$&')}$`) }).first();
    await this.waitVisible(token, `the word ${word} in the editor`, timeoutMs);
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.mouse.move(0, 0);
      await token.hover();
      const text = await hover.first().innerText({ timeout: 3_000 }).catch(() => '');
      if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`the hover over ${word} never said ${String(expected)} (last: ${JSON.stringify(text)})`);
      await this.page.waitForTimeout(500);
    }
  }

  private async lineText(line: number): Promise<string> {
    const all = await this.page.locator('.editor-group-container.active .monaco-editor .view-line').allInnerTexts();
    return all[line - 1] ?? '';
  }

  /** Messages of the notifications on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** Waits for a notification whose message contains `text` (or matches it); returns the message. */
  async waitForNotification(text: string | RegExp, { timeoutMs = 30_000 } = {}): Promise<string> {
    const message = this.page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: text }).first();
    await this.waitVisible(message, `a notification saying ${String(text)}`, timeoutMs);
    return message.innerText();
  }

  async waitVisible(locator: Locator, what: string, timeoutMs: number): Promise<void> {
    try {
      await locator.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
  }

  async waitHidden(locator: Locator, what: string, timeoutMs: number): Promise<void> {
    try {
      await locator.waitFor({ state: 'hidden', timeout: timeoutMs });
    } catch {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
  }
}
