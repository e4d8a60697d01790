// `npm start`: builds GradLens and opens the examples in VS Code with it loaded — the desktop
// `code` where there is one (and a display), otherwise code-server on 127.0.0.1, in your browser.
// Lives beside the test launcher because it is the same job: a real VS Code with GradLens in it.

import { spawn, spawnSync } from 'node:child_process';
import { buildExtension } from './build';
import { ensureCodeServer, isCodeServerInstalled, startCodeServer } from './code-server';
import { EXAMPLES, REPO_ROOT } from './config';
import { workbenchUrl } from './session';
import { INSTALL_PACKAGES, ensureSystemPackages } from './system';

function desktopCode(): string | undefined {
  const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
  const found = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
  return hasDisplay && found ? 'code' : undefined;
}

async function main(): Promise<void> {
  buildExtension();
  const code = desktopCode();
  if (code) {
    console.log(`Opening ${EXAMPLES} in VS Code with GradLens loaded from ${REPO_ROOT} ...`);
    spawn(code, [`--extensionDevelopmentPath=${REPO_ROOT}`, EXAMPLES], { stdio: 'inherit', detached: true }).unref();
    return;
  }
  if (!isCodeServerInstalled()) ensureSystemPackages(INSTALL_PACKAGES, 'to build code-server (no desktop VS Code here)');
  const { entry } = await ensureCodeServer();
  // Workspace Trust stays on, as for a real user (the examples folder asks to be trusted once).
  const server = await startCodeServer(entry, { workspace: EXAMPLES, workspaceTrust: true });
  // startCodeServer stops the server (and removes its throwaway folder) on Ctrl+C.
  console.log('\nGradLens is running in VS Code (code-server) on this machine. Open this address in a browser:\n');
  console.log(`  ${workbenchUrl(server, EXAMPLES)}\n`);
  console.log('Start with 01-manual-gradients.ts: run "GradLens: Compute gradients" (Ctrl+Alt+G). Press Ctrl+C to stop.');
  await new Promise(() => {}); // until Ctrl+C
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
