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
   * Opens a contributed walkthrough by its title through "Welcome: Open Walkthrough..." (its own
   * quick pick follows the palette's) and waits until the page shows that walkthrough's steps.
   * Returns the walkthrough's page (the getting-started editor).
   */
  async openWalkthrough(title: string, { timeoutMs = 30_000 } = {}): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator(QUICK_INPUT);
    await this.waitVisible(input, 'the command palette', 10_000);
    await input.fill('>Welcome: Open Walkthrough...');
    const command = this.page.locator(QUICK_INPUT_ROW).filter({ hasText: 'Welcome: Open Walkthrough...' }).first();
    await this.waitVisible(command, 'the command palette to offer "Welcome: Open Walkthrough..."', timeoutMs);
    await this.page.keyboard.press('Enter');
    // The same quick input now lists walkthroughs; wait for ours before choosing it.
    const choice = this.page.locator(QUICK_INPUT_ROW).filter({ hasText: title }).first();
    await this.waitVisible(choice, `the walkthrough picker to offer "${title}"`, timeoutMs);
    await choice.click();
    const page = this.page.locator('.gettingStartedContainer').filter({ visible: true }).first();
    await this.waitVisible(page.locator('.gettingStartedSlideDetails h2.category-title').filter({ hasText: title }), `the walkthrough "${title}"`, timeoutMs);
    await this.waitVisible(page.locator('button.getting-started-step').first(), `the steps of "${title}"`, timeoutMs);
    return page;
  }

  /**
   * A step of the open walkthrough by its id in package.json ("scalars"): the button that holds
   * its title, description and links. Its checkbox is `[data-done-step-id]`.
   */
  walkthroughStep(stepId: string): Locator {
    return this.page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="#${stepId}"]`).filter({ visible: true }).first();
  }

  /**
   * Waits until the walkthrough marks step `stepId` done as the getting-started page does it: the
   * step's aria-checked="true" and its checkbox icon gets the class "complete" (a filled tick).
   */
  async waitForStepDone(stepId: string, { timeoutMs = 30_000 } = {}): Promise<void> {
    const step = this.walkthroughStep(stepId);
    await this.waitVisible(
      this.page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="#${stepId}"][aria-checked="true"] [data-done-step-id$="#${stepId}"].complete`).first(),
      `the walkthrough to mark step "${stepId}" completed`,
      timeoutMs,
    ).catch(async (error: Error) => {
      const state = await step.getAttribute('aria-checked', { timeout: 1_000 }).catch(() => 'not on screen');
      throw new Error(`${error.message} (the step's aria-checked is ${state})`);
    });
  }

  /** Whether the walkthrough shows step `stepId` as completed right now. */
  async isStepDone(stepId: string): Promise<boolean> {
    const icon = this.walkthroughStep(stepId).locator('[data-done-step-id]');
    return (await icon.getAttribute('class', { timeout: 2_000 }).catch(() => ''))?.split(/\s+/).includes('complete') ?? false;
  }

  /**
   * The editor tabs of all groups, left to right: the label a person reads, the resource the
   * tab's label describes (its aria-label: a file's path, or the path of another scheme's URI,
   * e.g. "/01-manual-gradients.ts"), and whether it is its group's active tab.
   */
  async tabs(): Promise<{ label: string; resource: string; active: boolean }[]> {
    return this.page.locator('.tabs-container .tab').evaluateAll((tabs) =>
      tabs.map((t) => ({
        label: t.querySelector('.label-name')?.textContent?.trim() ?? (t as HTMLElement).innerText.trim(),
        resource: t.querySelector('.monaco-icon-label')?.getAttribute('aria-label') ?? '',
        active: t.classList.contains('active'),
      })),
    );
  }

  /** Brings the editor tab whose label is `label` (exactly) to the front by clicking it. */
  async showTab(label: string, { timeoutMs = 15_000 } = {}): Promise<void> {
    const escaped = label.replace(/[.*+?^$|()[\]{}\\]/g, '\\$&');
    const exact = new RegExp('^' + escaped + '$');
    const tab = this.page.locator('.tabs-container .tab').filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first();
    await this.waitVisible(tab, `an editor tab "${label}"`, timeoutMs);
    await tab.click();
    await this.waitVisible(this.page.locator('.tabs-container .tab.active').filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first(), `the tab "${label}" to be active`, timeoutMs);
  }

  /**
   * The markdown media of the walkthrough's selected step: a webview of the workbench (no
   * extensionId) inside `.getting-started-media`. Waits until it shows `text`.
   */
  async walkthroughMedia(text: string | RegExp, { timeoutMs = 30_000 } = {}): Promise<FrameLocator> {
    const outer = this.page.locator('.gettingStartedContainer .getting-started-media iframe.webview.ready').filter({ visible: true }).first();
    await this.waitVisible(outer, 'the walkthrough step\'s media', timeoutMs);
    const frame = outer.contentFrame().locator('iframe#active-frame').contentFrame();
    await this.waitVisible(frame.locator('body').filter({ hasText: text }), `the walkthrough step's media to say ${String(text)}`, timeoutMs);
    return frame;
  }

  /**
   * Scrolls the walkthrough's page (not its step list, not the media) as far down (or up) as it
   * goes, the way a person does with the wheel over the page's margin, and waits until it is still.
   */
  async scrollWalkthroughPage({ to = 'end', timeoutMs = 10_000 }: { to?: 'end' | 'top'; timeoutMs?: number } = {}): Promise<void> {
    const pane = this.page.locator('.gettingStartedContainer .gettingStartedSlideDetails').filter({ visible: true }).first();
    await this.waitVisible(pane, 'the walkthrough\'s page', timeoutMs);
    const media = this.page.locator('.gettingStartedContainer .getting-started-media').filter({ visible: true }).first();
    // The margin left of the text column: the page scrolls there (over the steps or the media,
    // the wheel would scroll those instead).
    const box = await pane.boundingBox();
    if (!box) throw new Error('the walkthrough\'s page has no size');
    await this.page.mouse.move(box.x + 20, box.y + box.height / 2);
    // Wheel in notches until the media stops moving (the end of the page), as a person does.
    const deadline = Date.now() + timeoutMs;
    let last = (await media.boundingBox())?.y ?? -1;
    for (let still = 0; still < 2 && Date.now() < deadline; ) {
      await this.page.mouse.wheel(0, to === 'end' ? 300 : -300);
      await this.page.waitForTimeout(300);
      const y = (await media.boundingBox())?.y ?? -1;
      still = Math.abs(y - last) < 0.5 ? still + 1 : 0;
      last = y;
    }
  }

  /**
   * Which blocks (headings, paragraphs, code blocks, lists) of the walkthrough's media a person
   * sees whole right now: the ink of their text (not their padding, not the font's empty
   * space above and below the glyphs) inside both the media's frame (the markdown scrolls inside it) and the
   * walkthrough's pane (the frame itself can reach below the pane's edge), and not wider than the
   * frame. Also returns the geometry it judged by.
   */
  async walkthroughMediaFit(media: FrameLocator): Promise<{
    frame: { x: number; y: number; width: number; height: number };
    pane: { x: number; y: number; width: number; height: number };
    document: { scrollHeight: number; clientHeight: number; scrollTop: number };
    blocks: { tag: string; text: string; whole: boolean; why: string }[];
  }> {
    const frameBox = (await this.page.locator('.gettingStartedContainer .getting-started-media iframe.webview').filter({ visible: true }).first().boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    const pane = (await this.page.locator('.gettingStartedContainer').filter({ visible: true }).first().boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
    const inner = await media.locator('body').evaluate((body) => {
      const root = body.ownerDocument.documentElement;
      return {
        document: { scrollHeight: root.scrollHeight, clientHeight: root.clientHeight, scrollTop: root.scrollTop },
        blocks: Array.from(body.querySelectorAll('h1, h2, h3, p, pre, ul, ol')).map((e) => {
          // The box of the text itself (its line boxes), not of the block's padding and margins.
          // Only the text nodes' rects: an inline element's own box (a `code` with padding) is not text.
          const lines: DOMRect[] = [];
          const walker = e.ownerDocument.createTreeWalker(e, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent?.trim()) continue;
            const range = e.ownerDocument.createRange();
            range.selectNodeContents(node);
            lines.push(...Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0));
          }
          // A line's box is the font's whole height; its ink (the glyphs) starts and ends inside.
          const style = e.ownerDocument.defaultView!.getComputedStyle(e);
          const context = e.ownerDocument.createElement('canvas').getContext('2d')!;
          context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const m = context.measureText((e as HTMLElement).innerText);
          const slackTop = Math.max(0, m.fontBoundingBoxAscent - m.actualBoundingBoxAscent);
          const slackBottom = Math.max(0, m.fontBoundingBoxDescent - m.actualBoundingBoxDescent);
          const r = lines.length > 0
            ? { top: Math.min(...lines.map((l) => l.top)) + slackTop, bottom: Math.max(...lines.map((l) => l.bottom)) - slackBottom, left: Math.min(...lines.map((l) => l.left)), right: Math.max(...lines.map((l) => l.right)) }
            : e.getBoundingClientRect();
          return { tag: e.tagName.toLowerCase(), text: (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right, overflowing: e.scrollWidth > e.clientWidth + 1 };
        }),
      };
    });
    const visible = {
      top: Math.max(frameBox.y, pane.y),
      bottom: Math.min(frameBox.y + frameBox.height, pane.y + pane.height),
      left: Math.max(frameBox.x, pane.x),
      right: Math.min(frameBox.x + frameBox.width, pane.x + pane.width),
    };
    const blocks = inner.blocks.map((b) => {
      const top = frameBox.y + b.top;
      const bottom = frameBox.y + b.bottom;
      const why: string[] = [];
      if (top < visible.top - 1) why.push(`its top is ${Math.round(visible.top - top)} px above the visible part`);
      if (bottom > visible.bottom + 1) why.push(`its last ${Math.round(bottom - visible.bottom)} px are below the visible part (text ends at y ${Math.round(bottom)}, visible to y ${Math.round(visible.bottom)})`);
      if (frameBox.x + b.right > visible.right + 1 || frameBox.x + b.left < visible.left - 1) why.push('it is wider than the visible part');
      if (b.overflowing) why.push('its text is wider than the block (scrolls sideways)');
      return { tag: b.tag, text: b.text, whole: why.length === 0, why: why.join('; ') };
    });
    return { frame: frameBox, pane, document: inner.document, blocks };
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
