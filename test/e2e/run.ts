// Runs every browser-driven scenario (test/e2e/scenarios/*.scenario.ts) in its own code-server
// with headless Debian Chromium, one after another. Screenshots of each step go to
// test-results/e2e/<scenario>/NN-step.png; a failure adds NN-failure.png, what was on screen and
// code-server's log. Ends with the line "N passed, M failed" and a non-zero exit on any failure.
// Usage: node --import tsx test/e2e/run.ts [name-filter]

import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildExtension, packageVsix } from '../vscode/build';
import { EXAMPLES, REPO_ROOT, RESULTS_DIR, seconds } from '../vscode/config';
import { withTimeout } from '../vscode/processes';
import { describeScreen, keepServerLog, openSession, prepareCodeServer, type Session } from '../vscode/session';
import type { Scenario } from './lib/scenario';
import { Workbench } from './lib/workbench';

const SCENARIOS_DIR = join(__dirname, 'scenarios');
const E2E_RESULTS = join(RESULTS_DIR, 'e2e');

async function loadScenarios(filter: string): Promise<Scenario[]> {
  const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.scenario.ts')).sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module = (await import(join(SCENARIOS_DIR, file))) as { default?: Scenario | { default?: Scenario } };
    // tsx may wrap a CommonJS default export once more.
    const found = module.default && 'run' in module.default ? module.default : (module.default as { default?: Scenario } | undefined)?.default;
    if (!found) throw new Error(`${file} has no default export made with scenario(...)`);
    if (found.name.includes(filter) || file.includes(filter)) scenarios.push(found);
  }
  return scenarios;
}

async function runScenario(entry: string, s: Scenario): Promise<boolean> {
  const dir = join(E2E_RESULTS, s.name);
  rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  console.log(`\n▶ ${s.name}: ${s.title}`);
  let session: Session | undefined;
  let workbench: Workbench | undefined;
  try {
    session = await openSession(entry, { workspace: s.workspace ?? EXAMPLES, settings: s.settings, workspaceTrust: s.workspaceTrust, vsix: s.fromVsix ? packageVsix() : undefined });
    workbench = new Workbench(session, dir);
    const wb = workbench;
    await withTimeout(
      (async () => {
        await wb.waitForWorkbench({ file: s.readyFile });
        console.log(`  workbench ready after ${seconds(Date.now() - started)} (code-server ${seconds(session.timings.serverMs)}, Chromium ${seconds(session.timings.browserMs)})`);
        await wb.screenshot('workbench');
        await s.run(wb);
      })(),
      s.timeoutMs ?? 3 * 60_000,
      `scenario ${s.name} did not finish`,
    );
    console.log(`✔ ${s.name} (${seconds(Date.now() - started)})`);
    for (const shot of wb.screenshots) console.log(`    ${relative(REPO_ROOT, shot)}`);
    return true;
  } catch (error) {
    console.log(`✘ ${s.name} (${seconds(Date.now() - started)})`);
    console.log(`  ${(error as Error).message.split('\n').join('\n  ')}`);
    if (session && workbench) {
      const shot = await workbench.screenshot('failure').catch(() => '(none: the page was gone)');
      console.log(`  on screen:\n    ${(await describeScreen(session.page)).split('\n').join('\n    ')}`);
      if (session.consoleErrors.length > 0) console.log(`  browser console errors (last 10):\n    ${session.consoleErrors.slice(-10).join('\n    ')}`);
      const log = keepServerLog(session, dir);
      console.log(`  screenshot: ${relative(REPO_ROOT, shot)}; code-server log: ${log ? relative(REPO_ROOT, log) : '(none)'}`);
      for (const earlier of workbench.screenshots.slice(0, -1)) console.log(`    ${relative(REPO_ROOT, earlier)}`);
    }
    return false;
  } finally {
    await session?.close();
  }
}

async function main(): Promise<number> {
  const filter = process.argv[2] ?? '';
  const scenarios = await loadScenarios(filter);
  if (scenarios.length === 0) {
    console.error(`no e2e scenario matches "${filter}" in ${relative(REPO_ROOT, SCENARIOS_DIR)}`);
    return 1;
  }
  buildExtension();
  const { entry, installMs } = await prepareCodeServer();
  console.log(`[e2e] host: code-server + headless Chromium (playwright-core); install/cache check ${seconds(installMs)}`);
  console.log(`[e2e] screenshots: ${relative(REPO_ROOT, E2E_RESULTS)}/<scenario>/`);
  let passed = 0;
  let failed = 0;
  for (const s of scenarios) {
    if (await runScenario(entry, s)) passed++;
    else failed++;
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[e2e] ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
