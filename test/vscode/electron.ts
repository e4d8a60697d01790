// The other host: VS Code itself through @vscode/test-electron, where it can be had (a developer's
// laptop). Deciding is quick: a pinned version already in the cache needs no network, and offline
// the download fails in milliseconds (or after `timeout` on a network that drops packets).

import { download } from '@vscode/test-electron';
import { CACHE_DIR, VSCODE_VERSION } from './config';

export type ElectronProbe = { ok: true; executable: string } | { ok: false; reason: string };

export async function probeElectron(): Promise<ElectronProbe> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display for an Electron window (DISPLAY is not set)' };
  }
  try {
    const executable = await download({ version: VSCODE_VERSION, cachePath: CACHE_DIR, timeout: 3_000 });
    return { ok: true, executable };
  } catch (error) {
    return { ok: false, reason: `@vscode/test-electron could not get VS Code ${VSCODE_VERSION}: ${(error as Error).message.split('\n')[0]}` };
  }
}
