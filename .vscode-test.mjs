// @vscode/test-cli configuration, for a machine where VS Code can be downloaded or is cached (a
// developer's laptop): runs the same integration suites as `npm run test:integration`, one
// out/test/integration/*.test.js file each, in VS Code (Electron) through @vscode/test-electron.
//   npm run build && node test/integration/build.mjs && npx vscode-test
// `npm run test:integration` needs none of this: it picks test-electron or code-server by itself.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  version: '1.100.3',
  workspaceFolder: './examples',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 30_000, slow: 5_000, color: false },
});
