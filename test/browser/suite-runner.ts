// The loop both browser suites run (run.ts: the panel; notebook.ts: the notebook renderer): each
// test with the pages it opens, checked after it (console errors, CSP violations, …) and closed;
// a line per test, then "N passed, M failed".
import type { Page } from 'playwright-core';

export interface SuiteTest<Env> {
  name: string;
  fn(env: Env): Promise<void>;
}

/**
 * Runs the tests whose names contain `filter`. `environment(opened)` makes a test's environment;
 * every page it opens goes through `opened`, and is checked (`check`) and closed after the test.
 * Resolves with whether every test passed (and there was one).
 */
export async function runSuite<Env, P extends { page: Page }>(
  tests: readonly SuiteTest<Env>[],
  filter: string,
  environment: (opened: (page: P) => void) => Env,
  check: (page: P) => Promise<void>,
): Promise<boolean> {
  let passed = 0;
  let failed = 0;
  for (const t of tests.filter((x) => x.name.includes(filter))) {
    const pages: P[] = [];
    const started = Date.now();
    try {
      await t.fn(environment((page) => pages.push(page)));
      for (const p of pages) await check(p);
      passed++;
      console.log(`✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`✖ ${t.name}\n    ${String((error as Error).stack ?? error).split('\n').slice(0, 8).join('\n    ')}`);
    } finally {
      for (const p of pages) await p.page.close().catch(() => undefined);
    }
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0;
}
