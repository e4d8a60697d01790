// Headless Debian Chromium for the panel's tests and benchmark, through playwright-core: a fresh
// profile per launch, no network services, software rendering (as on CI).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../vscode/config';
import { BROWSER_PACKAGES, ensureSystemPackages } from '../vscode/system';

let checked = false;

/** Debian's Chromium, installed on first use as the real-VS-Code tests do (never silently skipped). */
function ensureChromium(): void {
  if (checked) return;
  ensureSystemPackages(BROWSER_PACKAGES, 'to test the panel in headless Chromium');
  checked = true;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(viewport = { width: 1280, height: 860 }): Promise<Browser> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'gradlens-chromium-'));
  // HOME and XDG folders inside the throwaway profile: Chromium writes nothing to the real $HOME.
  const home = { HOME: profile, XDG_CONFIG_HOME: join(profile, 'config'), XDG_CACHE_HOME: join(profile, 'cache') };
  const context = await chromium.launchPersistentContext(join(profile, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    env: { ...process.env, ...home } as Record<string, string>,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
