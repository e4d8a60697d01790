// A notebook editor in the workbench, as a person sees it: its toolbar (kernel picker, Run All),
// its cells by place (the list's rows carry data-index), each code cell's execution order and
// state icon, and its outputs, which VS Code draws in one webview behind the cell list (outer
// iframe.webview with purpose=notebookRenderer, inner iframe#active-frame, one .cell_container per
// cell holding .output_container elements). An output belongs to the row whose vertical extent it
// lies in on screen. Scrolling is done with the mouse wheel over the notebook, as a person does:
// only the cells near the screen are rendered.

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

  /**
   * The page's vertical extent of a cell: from its row's top to the next row's top (a code
   * cell's outputs lie inside it), or null when the row is not rendered.
   */
  async extent(index: number): Promise<{ top: number; bottom: number } | null> {
    // Rows come and go as the list scrolls: look for them without waiting.
    const box = (await this.row(index).count()) > 0 ? await this.row(index).boundingBox({ timeout: 1_000 }).catch(() => null) : null;
    if (!box) return null;
    const next = (await this.row(index + 1).count()) > 0 ? await this.row(index + 1).boundingBox({ timeout: 500 }).catch(() => null) : null;
    const height = Number((await this.row(index).getAttribute('style', { timeout: 500 }).catch(() => ''))?.match(/height:\s*([\d.]+)px/)?.[1] ?? NaN);
    const bottom = next ? next.y : Number.isFinite(height) ? box.y + height : box.y + box.height;
    return { top: box.y, bottom };
  }

  /**
   * Scrolls with the wheel until `target()` (a page y, or null while the thing is not rendered)
   * is at `y` (a page y inside the list), within a few pixels, or the notebook can scroll no
   * further. `towards` says which way to go while target() is null.
   */
  async scrollTo(target: () => Promise<number | null>, y: number, { towards = 'down', what = 'the cell', timeoutMs = 60_000 }: { towards?: 'up' | 'down'; what?: string; timeoutMs?: number } = {}): Promise<void> {
    const view = await this.viewport();
    // The gutter left of the cells: the list itself takes the wheel there.
    await this.wb.page.mouse.move(view.x + 12, (view.top + view.bottom) / 2);
    const deadline = Date.now() + timeoutMs;
    let pixelsPerDelta = 1;
    let stuck = 0;
    for (;;) {
      const at = await target();
      const wanted = at === null ? (towards === 'down' ? 400 : -400) : at - y;
      if (at !== null && Math.abs(wanted) <= 3) return;
      if (Date.now() > deadline) throw new Error(`could not scroll ${what} into place (at ${at}, wanted ${y}) in ${timeoutMs / 1000} s`);
      const marker = await this.scrollTop();
      const delta = Math.max(-20_000, Math.min(20_000, wanted / pixelsPerDelta));
      await this.wb.page.mouse.wheel(0, delta);
      const moved = (await this.settled()) - marker;
      if (Math.abs(moved) < 0.5) {
        // The notebook is at its end in that direction (or ignored this notch).
        if (++stuck >= 3) return;
      } else {
        stuck = 0;
        const ratio = moved / delta;
        if (ratio > 0.01) pixelsPerDelta = ratio;
      }
    }
  }

  /** Scrolls until the row of cell `index` is rendered and its top is `offset` px below the list's top. */
  async scrollToCell(index: number, { offset = 0, timeoutMs = 60_000 } = {}): Promise<void> {
    const view = await this.viewport();
    const towards = (await this.renderedIndices()).every((i) => i < index) ? 'down' : 'up';
    await this.scrollTo(async () => (await this.extent(index))?.top ?? null, view.top + offset, { towards, what: `cell ${index + 1}`, timeoutMs });
  }

  /** Scrolls until the bottom of cell `index` (its last output) is at the list's bottom. */
  async scrollToCellBottom(index: number, { margin = 8, timeoutMs = 60_000 } = {}): Promise<void> {
    const view = await this.viewport();
    const towards = (await this.renderedIndices()).every((i) => i < index) ? 'down' : 'up';
    await this.scrollTo(async () => (await this.extent(index))?.bottom ?? null, view.bottom - margin, { towards, what: `the end of cell ${index + 1}`, timeoutMs });
  }

  /** Wheels down until the notebook scrolls no further (its last cell's outputs on screen). */
  async scrollToEnd({ timeoutMs = 30_000 } = {}): Promise<void> {
    const view = await this.viewport();
    await this.wb.page.mouse.move(view.x + 12, (view.top + view.bottom) / 2);
    const deadline = Date.now() + timeoutMs;
    for (let still = 0; still < 2; ) {
      if (Date.now() > deadline) throw new Error(`the notebook kept scrolling for ${timeoutMs / 1000} s`);
      const before = await this.scrollTop();
      await this.wb.page.mouse.wheel(0, 5_000);
      still = Math.abs((await this.settled()) - before) < 0.5 ? still + 1 : 0;
    }
  }

  async renderedIndices(): Promise<number[]> {
    const indices = await this.wb.page.locator(`${LIST} .monaco-list-row[data-index]`).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-index'))));
    return indices.sort((a, b) => a - b);
  }

  /** How far the list is scrolled: its rows' container is moved up by that much. */
  async scrollTop(): Promise<number> {
    const style = (await this.wb.page.locator(`${LIST} .monaco-list-rows`).first().getAttribute('style', { timeout: 2_000 }).catch(() => '')) ?? '';
    return -Number(/(?:^|;)\s*top:\s*(-?[\d.]+)px/.exec(style)?.[1] ?? 0);
  }

  /** Waits until the list stops moving (smooth scrolling); returns scrollTop(). */
  private async settled(): Promise<number> {
    let last = await this.scrollTop();
    for (let i = 0; i < 20; i++) {
      await this.wb.page.waitForTimeout(80);
      const now = await this.scrollTop();
      if (Math.abs(now - last) < 0.5) return now;
      last = now;
    }
    return last;
  }
}
