// The browser tests' registry and the helpers several test files share. run.ts registers its own
// tests and imports the other files (which register theirs), then runs them all.
import type { HostToPanel, PanelToHost } from '../../src/protocol';
import type { Fixture } from './fixture';
import type { PanelPage } from './panel-page';
import type { Theme } from './server';

export interface Context {
  open(theme?: Theme, viewport?: { width: number; height: number }): Promise<PanelPage>;
  shot(panel: PanelPage, name: string): Promise<void>;
}

export const tests: { name: string; fn: (ctx: Context) => Promise<void> }[] = [];
export const test = (name: string, fn: (ctx: Context) => Promise<void>): void => void tests.push({ name, fn });

export type ResultMessage = Extract<HostToPanel, { type: 'result' }>;

export const result = (f: Fixture): ResultMessage => f.messages.find((m): m is ResultMessage => m.type === 'result')!;

/** Clicks an item; one out of view is brought into it first, as a user would (Fit all). */
export async function clickItem(panel: PanelPage, key: string): Promise<void> {
  const shape = panel.page.locator(`g.item[data-key="${key}"] .shape`).first();
  const box = await shape.boundingBox();
  const frame = await panel.page.locator('.graph-canvas').boundingBox();
  const inView = box && frame && box.x + box.width / 2 > frame.x && box.x + box.width / 2 < frame.x + frame.width && box.y + box.height / 2 > frame.y && box.y + box.height / 2 < frame.y + frame.height;
  if (!inView) {
    await panel.page.locator('.graph-toolbar vscode-button', { hasText: 'Fit all' }).click();
    await panel.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  await shape.click({ force: true });
}

export const posted = async <T extends PanelToHost['type']>(panel: PanelPage, type: T): Promise<Extract<PanelToHost, { type: T }>[]> =>
  (await panel.posted()).filter((m) => m.type === type) as unknown as Extract<PanelToHost, { type: T }>[];
