// The extension-test entry point a real VS Code extension host loads (extensionTestsPath), under
// @vscode/test-electron and under code-server alike: mocha with the BDD interface, every
// *.test.js file bundled next to this one, plain-text output for CI logs. A failing test makes
// run() reject, which fails the run. GRADLENS_TEST_GREP selects tests by name.

import { readdirSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { join, relative } from 'node:path';
import Mocha from 'mocha';

function findSuites(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findSuites(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

/** The first line of the suite's output; the code-server launcher shows what follows it. */
export const START_LINE = '[gradlens] integration suites start';

export async function run(): Promise<void> {
  console.log(START_LINE);
  // Node then keeps the suites' inline source maps, for mapStack below.
  process.setSourceMapsEnabled(true);
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 30_000,
    slow: 5_000,
    grep: process.env.GRADLENS_TEST_GREP || undefined,
  });
  const suites = findSuites(__dirname).sort();
  if (suites.length === 0) throw new Error(`no *.test.js suites next to ${__filename}: run test/integration/build.mjs`);
  // Loaded with require() by mocha.run(), so that the host's 'vscode' module resolves.
  for (const file of suites) mocha.addFile(file);

  const { passes, failures, tests } = await new Promise<{ passes: number; failures: number; tests: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, tests: runner.total }));
    // The reporter prints failures' stacks at the end of the run.
    runner.on('fail', (_test, error: Error) => {
      if (error?.stack) error.stack = mapStack(error.stack);
    });
  });
  console.log(`integration: ${passes} passed, ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} of ${tests} integration test(s) failed`);
  if (passes === 0) throw new Error('no integration test ran');
}

/**
 * Points the bundled suites' stack frames at their TypeScript sources. VS Code's extension host
 * formats stacks itself, so Node's --enable-source-maps does not apply; its source-map cache does.
 */
function mapStack(stack: string): string {
  const root = join(__dirname, '..', '..', '..');
  return stack
    .split('\n')
    .filter((line) => !/^\s+at .*(\/out\/vs\/|node:internal\/|\/node_modules\/mocha\/)/.test(line)) // VS Code's and mocha's own frames
    .join('\n')
    .replace(/(\/[^\s()]+\.js):(\d+):(\d+)/g, (frame, file: string, line: string, column: string) => {
      const entry = findSourceMap(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
      const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : join(__dirname, entry.originalSource);
      return `${relative(root, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
}
