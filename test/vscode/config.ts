// Where things live and which versions the real-VS-Code tests pin. One place, so that the
// integration launcher, the e2e runner and .vscode-test.mjs agree.
// Facts behind the pins: ../shared/notes/real-vscode-tests.md.

import { join, resolve } from 'node:path';

/** The repository root: the extension under test (extensionDevelopmentPath). */
export const REPO_ROOT = resolve(__dirname, '../..');

/** The extension's id, publisher.name from package.json. */
export const EXTENSION_ID = 'gradlens.gradlens';

/** The workspace the tests open: the examples a new user opens first. */
export const EXAMPLES = join(REPO_ROOT, 'examples');

/** test-electron's download cache, and code-server's install cache beside it. */
export const CACHE_DIR = process.env.GRADLENS_VSCODE_CACHE ? resolve(process.env.GRADLENS_VSCODE_CACHE) : join(REPO_ROOT, '.vscode-test');

/** Screenshots and logs a run leaves for people to look at. */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

/** VS Code for @vscode/test-electron: the same version code-server 4.100.3 is built on. */
export const VSCODE_VERSION = '1.100.3';

/** The newest code-server that runs on Node 20. Pinned exactly; never a package.json dependency. */
export const CODE_SERVER_VERSION = '4.100.3';

/**
 * What code-server's @vscode/ripgrep postinstall would download from GitHub: the package version
 * (lib/vscode/npm-shrinkwrap.json) and the release tag (its lib/postinstall.js `VERSION`).
 * A tarball with Debian's rg, put where the postinstall looks for a cached download, replaces it.
 */
export const RIPGREP = { packageVersion: '1.15.11', tag: 'v13.0.0-10' };

/** Headless Chromium: Debian's, never a browser downloaded by playwright. */
export const CHROMIUM = process.env.GRADLENS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** User settings of every throwaway VS Code profile (tests can add their own). */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  // Tests open the repository's own examples/: a notebook they run must not be saved there.
  'files.autoSave': 'off',
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.surveys.enabled': false,
  'editor.hover.delay': 150,
};

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
