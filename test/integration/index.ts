// The extension-test entry point a real VS Code extension host loads (extensionTestsPath), under
// @vscode/test-electron and under code-server alike: mocha with the BDD interface, every
// *.test.js file bundled next to this one, plain-text output for CI logs. A failing test makes
// run() reject, which fails the run. GRADLENS_TEST_GREP selects tests by name.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
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
  });
  console.log(`integration: ${passes} passed, ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} of ${tests} integration test(s) failed`);
  if (passes === 0) throw new Error('no integration test ran');
}
