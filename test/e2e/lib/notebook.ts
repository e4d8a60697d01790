// A notebook editor in the workbench, as a person sees it: its toolbar (kernel picker, Run All),
// its cells by place (the list's rows carry data-index), each code cell's execution order and
// state icon, and its outputs, which VS Code draws in one webview behind the cell list (outer
// iframe.webview with purpose=notebookRenderer, inner iframe#active-frame, one .cell_container per
// cell holding .output_container elements).
//
// Only the rows near the screen are rendered. To reach a cell this moves the keyboard focus, as a
// person does in command mode (Ctrl+Home, Ctrl+End, Up, Down): VS Code reveals each cell it
// focuses, in one jump. Wheel-scrolling a cell at a time took minutes on a busy machine, and a
// cell's extent cannot be read from its rows (a rendered markdown row reports height 0 and a top
// that does not match the cell). To frame a screenshot, frame() measures the thing itself (an
// output's element, in page coordinates) and wheels by the distance it has to move.

import type { FrameLocator, Locator } from 'playwright-core';
import type { Workbench } from './workbench';

const LIST = '.notebookOverlay .cell-list-container > .monaco-list';

export interface CodeCellState {
  index: number;
  /** "[3]", or '' before it has run (VS Code shows "[ ]"). */
  order: string;
  /** The state icon of its status bar: success, error, executing, pending, or ''. */
  state: string;
  /** The status bar's duration ("0.1s"). */
  duration: string;
}

interface Extent {
  top: number;
  bottom: number;
}

export class Notebook {
  constructor(readonly wb: Workbench) {}

  get list(): Locator {
    return this.wb.page.locator(LIST).filter({ visible: true }).first();
  }

  row(index: number): Locator {
    return this.wb.page.locator(`${LIST} .monaco-list-row[data-index="${index}"]`).first();
  }

  /** The name of the selected kernel in the notebook toolbar (top right). */
  kernelLabel(): Locator {
    return this.wb.page.locator('.notebook-toolbar-container .kernel-action-view-item .kernel-label').filter({ visible: true }).first();
  }

  /** A button of the notebook toolbar by its label ("Run All", "Restart Kernel"). */
  toolbarButton(label: string): Locator {
    return this.wb.page.locator(`.notebook-toolbar-container .action-item a.action-label[aria-label="${label}"]`).filter({ visible: true }).first();
  }

  /** The document inside the notebook's output webview. */
  outputs(): FrameLocator {
    return this.wb.page.locator('iframe.webview.ready[src*="purpose=notebookRenderer"]').first().contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** The visible part of the cell list, in page coordinates. */
  async viewport(): Promise<{ top: number; bottom: number; x: number; width: number }> {
    const box = await this.list.boundingBox();
    if (!box) throw new Error('the notebook\'s cell list is not on screen');
    return { top: box.y, bottom: box.y + box.height, x: box.x, width: box.width };
  }

  /** A code cell's execution order and status icon, read from its row (the row must be rendered). */
  async codeCell(index: number): Promise<CodeCellState> {
    const row = this.row(index);
    const label = (await row.locator('.execution-count-label').first().textContent({ timeout: 2_000 }).catch(() => ''))?.trim() ?? '';
    const order = /^\[\s*\]$/.test(label) ? '' : label;
    const icon = (await row.locator('.cell-statusbar-container .codicon[class*="notebook-state-"]').first().getAttribute('class', { timeout: 1_000 }).catch(() => '')) ?? '';
    const state = /notebook-state-(\w+)/.exec(icon)?.[1] ?? '';
    const items = await row.locator('.cell-statusbar-container .cell-status-left .cell-status-item').allInnerTexts().catch(() => []);
    const duration = items.map((t) => t.trim()).find((t) => /^\d+(\.\d+)?m?s$/.test(t)) ?? '';
    return { index, order, state, duration };
  }

  /** How many outputs the row of cell `index` shows (its output placeholders; the row must be rendered). */
  async outputCount(index: number): Promise<number> {
    return this.row(index).locator('.output .output-inner-container').count();
  }

  /** The index of the focused cell (the list's focused row), or -1. */
  async focusedIndex(): Promise<number> {
    const focused = this.wb.page.locator(`${LIST} .monaco-list-row.focused[data-index]`);
    if ((await focused.count()) === 0) return -1;
    return Number((await focused.first().getAttribute('data-index', { timeout: 1_000 }).catch(() => null)) ?? -1);
  }

  /** Whether the keyboard is in the cell list itself (command mode), not in a cell's editor or elsewhere. */
  async listHasKeyboard(): Promise<boolean> {
    return this.list.evaluate((list) => {
      const active = document.activeElement;
      return !!active && list.contains(active) && !active.closest('.monaco-editor');
    });
  }

  /**
   * Puts the keyboard in the cell list in command mode: a click in the first code cell on screen
   * (its editor takes the focus), then Escape (back to the cell).
   */
  async focusList({ timeoutMs = 15_000 } = {}): Promise<void> {
    if (await this.listHasKeyboard()) return;
    const editor = this.wb.page.locator(`${LIST} .monaco-list-row.code-cell-row .monaco-editor .view-lines`).filter({ visible: true }).first();
    await this.wb.waitVisible(editor, 'a code cell\'s editor on screen', timeoutMs);
    await editor.click();
    await this.wb.page.keyboard.press('Escape');
    await this.until(() => this.listHasKeyboard(), 'the keyboard focus in the notebook\'s cell list (command mode)', timeoutMs);
  }

  /**
   * Focuses cell `index` with the keyboard, which reveals it: Ctrl+Home or Ctrl+End (whichever
   * end is nearer), then Down or Up one cell at a time, each press waiting for the focus to move.
   */
  async focusCell(index: number, { cellCount, timeoutMs = 30_000 }: { cellCount: number; timeoutMs?: number }): Promise<void> {
    await this.focusList();
    const deadline = Date.now() + timeoutMs;
    let at = await this.focusedIndex();
    if (at !== index && (at < 0 || Math.abs(at - index) > Math.min(index, cellCount - 1 - index))) {
      await this.wb.page.keyboard.press(index < cellCount / 2 ? 'Control+Home' : 'Control+End');
      const end = index < cellCount / 2 ? 0 : cellCount - 1;
      // VS Code's "Focus Last Cell" may stop one short of the end; Down covers the rest.
      at = await this.until(async () => { const i = await this.focusedIndex(); return i === end || i === end - 1 ? i : null; }, `the focus on cell ${end + 1}`, 10_000);
    }
    while (at !== index) {
      if (Date.now() > deadline) throw new Error(`could not move the focus to cell ${index + 1} (it is on cell ${at + 1})`);
      const from = at;
      await this.wb.page.keyboard.press(index > at ? 'ArrowDown' : 'ArrowUp');
      at = await this.until(async () => { const i = await this.focusedIndex(); return i !== from && i >= 0 ? i : null; }, `the focus to leave cell ${from + 1}`, 10_000);
    }
    await this.wb.waitVisible(this.row(index), `the row of cell ${index + 1}`, 10_000);
  }

  /**
   * Scrolls the notebook until `target` (an element of the page or of the outputs' webview) lies
   * inside the cell list, `margin` px from its edges, with `context` (the cell's own row, say)
   * above it, or as much of it as fits. Taller than the list: its top goes to the list's top.
   * The wheel moves the list in fixed steps (50 px a notch here, whatever the delta), so this goes
   * a notch at a time, and once it has overshot it settles for the target wholly on screen.
   */
  async frame(target: Locator, { context, margin = 8, what = 'the output', timeoutMs = 30_000 }: { context?: Locator; margin?: number; what?: string; timeoutMs?: number } = {}): Promise<void> {
    const view = await this.viewport();
    const deadline = Date.now() + timeoutMs;
    let lastDirection = 0;
    let overshot = false;
    for (;;) {
      const box = await this.settledExtent(target, what);
      const top = context ? Math.min(box.top, (await this.settledExtent(context, 'its cell')).top) : box.top;
      const room = view.bottom - view.top - 2 * margin;
      const fits = box.bottom - box.top <= room;
      // What to show: from the context's top when all of it fits, else as much of the context as
      // fits above the whole target, else the target from its top.
      const showTop = box.bottom - top <= room ? top : fits ? box.bottom - room : box.top;
      const showBottom = Math.min(box.bottom, showTop + room);
      if (showTop >= view.top + margin - 2 && showBottom <= view.bottom - margin + 2) return;
      let direction = Math.sign(showTop - (view.top + margin));
      if (overshot || (lastDirection !== 0 && direction !== lastDirection)) {
        overshot = true;
        if (!fits || (box.top >= view.top && box.bottom <= view.bottom)) return;
        direction = box.bottom > view.bottom ? 1 : -1;
      }
      if (Date.now() > deadline) throw new Error(`could not scroll ${what} into view (${JSON.stringify(box)} in the list ${JSON.stringify(view)})`);
      lastDirection = direction;
      await this.wb.page.mouse.move(view.x + 12, (view.top + view.bottom) / 2);
      const before = await this.scrollTop();
      await this.wb.page.mouse.wheel(0, 50 * direction);
      const moved = await this.until(async () => Math.abs((await this.scrollTop()) - before) > 0.5, `the notebook to scroll for ${what}`, 3_000).catch(() => false);
      if (!moved) return; // the notebook's end in that direction
    }
  }

  /** How far the list is scrolled: its rows' container is moved up by that much. */
  async scrollTop(): Promise<number> {
    const style = (await this.wb.page.locator(`${LIST} .monaco-list-rows`).first().getAttribute('style', { timeout: 2_000 }).catch(() => '')) ?? '';
    return -Number(/(?:^|;)\s*top:\s*(-?[\d.]+)px/.exec(style)?.[1] ?? 0);
  }

  /** `locator`'s vertical extent in page coordinates once two readings 100 ms apart agree (scrolling and outputs settle). */
  private async settledExtent(locator: Locator, what: string): Promise<Extent> {
    let last: Extent | null = null;
    return this.until(async () => {
      const box = await locator.boundingBox({ timeout: 2_000 }).catch(() => null);
      const now = box && box.height > 0 ? { top: box.y, bottom: box.y + box.height } : null;
      const same = now && last && Math.abs(now.top - last.top) < 0.5 && Math.abs(now.bottom - last.bottom) < 0.5;
      last = now;
      return same ? now : null;
    }, `${what} to be on the page and still`, 10_000, 100);
  }

  /** Polls `check` until it returns something other than null or false. */
  private async until<T>(check: () => Promise<T | null | false>, what: string, timeoutMs: number, everyMs = 50): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await check();
      if (result !== null && result !== false) return result;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await this.wb.page.waitForTimeout(everyMs);
    }
  }
}
