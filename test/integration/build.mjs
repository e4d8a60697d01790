// Bundles the integration suites for a real VS Code extension host: the index (exports run(), for
// extensionTestsPath) and every test/integration/**/*.test.ts, one CommonJS file each, into
// out/test/integration/. The index finds the *.test.js files next to it, and @vscode/test-cli
// (.vscode-test.mjs) loads the same files: adding a *.test.ts file is all a new suite needs.
// 'vscode' is provided by the extension host; 'mocha' is loaded from node_modules.
// Usage: node test/integration/build.mjs
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outdir = join(root, 'out', 'test', 'integration');

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const suites = findTests(here).sort();
// No stale suites from deleted or renamed files.
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(here, 'index.ts'), ...suites],
  outdir,
  outbase: here,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`[build] ${suites.length} integration suite(s): ${suites.map((s) => relative(here, s)).join(', ')}`);
