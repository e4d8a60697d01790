// One panel page in the browser, with what the tests look at: messages delivered as the host
// sends them, what the page posted, CSP violations, console errors, dialogs.
import type { Page } from 'playwright-core';
import type { HostToPanel } from '../../src/protocol';
import type { DrawnEvent } from '../../webview/graph/graph-panel';
import type { Browser } from './browser';
import type { Fixture } from './fixture';
import type { PanelServer, Theme } from './server';

/** What the page reports once a graph is drawn (the 'gradlens:drawn' event's detail). */
export type DrawnDetail = DrawnEvent;

export class PanelPage {
  readonly errors: string[] = [];
  readonly dialogs: string[] = [];

  private constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
  }

  static async open(browser: Browser, server: PanelServer, theme: Theme = 'dark', viewport?: { width: number; height: number }): Promise<PanelPage> {
    const page = await browser.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    const panel = new PanelPage(page);
    await page.goto(server.page(theme));
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    return panel;
  }

  async deliver(message: HostToPanel): Promise<void> {
    await this.page.evaluate((m) => (window as unknown as { __deliver(m: unknown): void }).__deliver(m), message as unknown);
  }

  /** Makes the fake host answer expandGroup with the fixture's recorded views. */
  async hostGroupViews(fixture: Fixture): Promise<void> {
    await this.page.evaluate((views) => ((window as unknown as { __groupViews: unknown }).__groupViews = views), fixture.groupViews as unknown);
    await this.page.evaluate((views) => ((window as unknown as { __stepViews: unknown }).__stepViews = views), (fixture.stepViews ?? {}) as unknown);
  }

  /** Delivers every message of a recorded run; resolves once the result's graph is drawn. */
  async play(fixture: Fixture): Promise<DrawnDetail> {
    await this.hostGroupViews(fixture);
    const drawn = await this.armDrawn();
    for (const m of fixture.messages) await this.deliver(m);
    return drawn();
  }

  /** Starts listening for the next 'gradlens:drawn' event; the function returned waits for it. */
  async armDrawn(timeoutMs = 20_000): Promise<() => Promise<DrawnDetail>> {
    await this.page.evaluate((ms) => {
      (window as unknown as { __drawnNext: Promise<unknown> }).__drawnNext = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('graph not drawn in time')), ms);
        window.addEventListener('gradlens:drawn', (e) => {
          clearTimeout(timer);
          resolve((e as CustomEvent).detail);
        }, { once: true });
      });
    }, timeoutMs);
    return () => this.page.evaluate(() => (window as unknown as { __drawnNext: Promise<DrawnDetail> }).__drawnNext);
  }

  posted(): Promise<{ type: string; [key: string]: unknown }[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
  }

  violations(): Promise<{ directive: string; blocked: string; sample: string }[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: { directive: string; blocked: string; sample: string }[] }).__violations);
  }

  async setTheme(theme: Theme): Promise<void> {
    await this.page.evaluate((t) => {
      const classes = { dark: 'vscode-dark', light: 'vscode-light', 'high-contrast': 'vscode-high-contrast' } as const;
      (document.getElementById('theme') as HTMLLinkElement).href = `/harness/${t}.css`;
      document.body.className = classes[t];
    }, theme);
    await this.page.waitForFunction((t) => getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim() === ({ dark: '#1f1f1f', light: '#ffffff', 'high-contrast': '#000000' } as Record<string, string>)[t], theme);
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
}
