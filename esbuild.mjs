// One build script for every bundle GradLens ships (DESIGN.md, "Layout").
//   dist/engine.js  the autograd engine as a CommonJS library; snippets import it as "gradlens".
//   dist/run-process.js  a run's process (a child of the extension host): compiler, limits, Stop.
//   dist/worker.js  the thread inside it that a run's code executes in (engine + runtime).
//   dist/extension.js  the extension host side (VS Code API external).
//   dist/webview.js    the panel's page (browser).
//   dist/notebook-renderer.js  the notebook renderer (browser, ES module): a cell's graph and loss.
//   dist/cli.js     `node dist/cli.js file.ts`: a run from the terminal.
//   dist/ts-plugin.js  the TypeScript server plugin (src/ts-plugin), with dist/types: the engine's
//                   declarations it gives 'gradlens' in any folder (tsc -p tsconfig.types.json),
//                   and node_modules/gradlens-ts-plugin, the package tsserver loads it by.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** `import source from 'worker:./file.ts'`: the file bundled on its own, as text (a Blob-URL worker). */
const workerTextPlugin = {
  name: 'worker-text',
  setup(build) {
    build.onResolve({ filter: /^worker:/ }, (args) => ({ path: `${args.resolveDir}/${args.path.slice('worker:'.length)}`, namespace: 'worker-text' }));
    build.onLoad({ filter: /.*/, namespace: 'worker-text' }, async (args) => {
      const worker = await esbuild.build({
        entryPoints: [args.path], bundle: true, write: false, metafile: true,
        platform: 'browser', format: 'iife', target: 'es2022', minify: production, logLevel: 'warning',
      });
      const watchFiles = Object.keys(worker.metafile.inputs).map((file) => `${process.cwd()}/${file}`);
      return { contents: worker.outputFiles[0].text, loader: 'text', watchFiles };
    });
  },
};

/** `import text from 'text:./file.css'` (a relative path or a package's file): the file's contents. */
const fileTextPlugin = {
  name: 'file-text',
  setup(build) {
    build.onResolve({ filter: /^text:/ }, async (args) => {
      const resolved = await build.resolve(args.path.slice('text:'.length), { resolveDir: args.resolveDir, kind: 'import-statement' });
      return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, namespace: 'file-text' };
    });
    build.onLoad({ filter: /.*/, namespace: 'file-text' }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text', watchFiles: [args.path] }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const bundles = [
  {
    entryPoints: ['src/engine/index.ts'],
    outfile: 'dist/engine.js',
    platform: 'node',
    format: 'cjs',
  },
  // A run's process: prepares the code (the TypeScript compiler lives here) and supervises the worker.
  {
    entryPoints: ['src/runner/run-process.ts'],
    outfile: 'dist/run-process.js',
    platform: 'node',
    format: 'cjs',
  },
  // The thread inside it: the engine plus the runtime that instrumented code calls.
  {
    entryPoints: ['src/runner/worker.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
  },
  // The extension host side: VS Code glue + the runner (with the TypeScript compiler).
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  // The panel's page. Its graph layout runs in a Web Worker, which a webview can only start from a
  // Blob URL: `import source from 'worker:./file.ts'` bundles that file on its own and imports
  // the result as text (webview/graph/layout-client.ts).
  {
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // A getter: it runs when the bundles are set up, after `common` (and its problem matcher).
    get plugins() {
      return [...common.plugins, workerTextPlugin];
    },
  },
  // The notebook renderer (contributes.notebookRenderers): an ES module that VS Code imports in the
  // notebook's output frame and calls `activate` on. It reuses the panel's graph (the same layout
  // worker, imported as text) and styles: `import css from 'text:../../media/panel.css'` is the
  // file's text, put into each output's shadow root; CSS that modules import for the panel's
  // page (uPlot's) is dropped here, as the renderer brings it in as text itself.
  {
    entryPoints: ['webview/notebook/renderer.ts'],
    outfile: 'dist/notebook-renderer.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    loader: { '.css': 'empty' },
    get plugins() {
      return [...common.plugins, workerTextPlugin, fileTextPlugin];
    },
  },
  // Runs files from a terminal with the same runner the extension uses.
  {
    entryPoints: ['src/runner/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
  },
  // The TypeScript server plugin, Volar included; it uses the TypeScript that tsserver hands it.
  {
    entryPoints: ['src/ts-plugin/index.ts'],
    outfile: 'dist/ts-plugin.js',
    platform: 'node',
    format: 'cjs',
    external: ['typescript'],
  },
];

// VS Code loads a contributed TS server plugin by package name from the extension's node_modules:
// a package whose main is the bundle (shipped in the VSIX, see .vscodeignore).
const pluginPackage = 'node_modules/gradlens-ts-plugin';
mkdirSync(pluginPackage, { recursive: true });
writeFileSync(`${pluginPackage}/package.json`, `${JSON.stringify({ name: 'gradlens-ts-plugin', version: '0.0.0', private: true, main: 'index.js' }, null, 2)}\n`);
writeFileSync(`${pluginPackage}/index.js`, "module.exports = require('../../dist/ts-plugin.js');\n");

// The engine's declarations, with its doc comments, for the plugin to resolve 'gradlens' to. tsc
// writes them even when the engine has type errors (exit status 2; `npm run check-types` is the
// check); only a run that wrote nothing fails the build. Emitted while esbuild bundles.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const declarations = spawn(process.execPath, [tsc, '-p', 'tsconfig.types.json', ...(watch ? ['--watch', '--preserveWatchOutput'] : [])], { stdio: watch ? 'inherit' : 'pipe' });
let tscOutput = '';
declarations.stdout?.on('data', (chunk) => { tscOutput += chunk; });
const declared = new Promise((resolve) => declarations.on('exit', (status) => resolve(status)));
// tsc --watch ends with this script, however it is ended.
process.on('exit', () => declarations.kill());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

/** Prints build errors in the form the `$esbuild-watch` problem matcher understands. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: watch ? [problemMatcherPlugin] : [],
};

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...common, ...b })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const status = await declared;
  if (status === 2) console.warn('dist/types: declarations written, but the engine has type errors (see npm run check-types)');
  if (status !== 0 && status !== 2) {
    console.error(`✘ [ERROR] tsc -p tsconfig.types.json wrote no declarations (exit status ${status})\n${tscOutput}`);
    process.exit(1);
  }
}
