// Runs the integration suites (test/integration/*.test.ts) inside a real VS Code, on whichever
// host this machine has, and says which:
//   1. VS Code through @vscode/test-electron (a developer's laptop with a display and VS Code
//      downloadable or cached in .vscode-test/);
//   2. otherwise code-server (installed on demand into .vscode-test/code-server/) with headless
//      Debian Chromium attached through playwright-core: here and in CI.
// GRADLENS_VSCODE_HOST=electron|code-server forces a host. Exits non-zero when a test fails, the
// suite does not finish in time, or a host cannot be set up (naming what is missing).
// Usage: node --import tsx test/integration/run.ts [--grep text]

import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { buildExtension } from '../vscode/build';
import { EXAMPLES, REPO_ROOT, RESULTS_DIR, seconds } from '../vscode/config';
import { probeElectron } from '../vscode/electron';
import { START_LINE } from './index';
import { withTimeout } from '../vscode/processes';
import { describeScreen, keepServerLog, openSession, prepareCodeServer, screenshot, type Session } from '../vscode/session';

const TESTS_PATH = join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
/** Workbench log lines that may still come while the suite runs; host.log keeps them. */
const WORKBENCH_CHATTER = [/^Ignoring fetching additional builtin extensions/, /^Updating additional builtin extensions cache/, /^\[Service Worker\]/];
const SUITE_TIMEOUT_MS = Number(process.env.GRADLENS_SUITE_TIMEOUT_MS ?? 5 * 60_000);

function grepArgument(): string | undefined {
  const index = process.argv.indexOf('--grep');
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function runOnElectron(executable: string, env: Record<string, string>): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'gradlens-vscode-'));
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TESTS_PATH,
      extensionTestsEnv: env,
      launchArgs: [EXAMPLES, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${join(tmp, 'data')}`, `--extensions-dir=${join(tmp, 'extensions')}`],
    });
    return 0;
  } catch (error) {
    console.error(`[integration] ${(error as Error).message}`);
    return 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function runOnCodeServer(env: Record<string, string>): Promise<number> {
  const { entry, installMs } = await prepareCodeServer();
  console.log(`[integration] code-server ready to start (install/cache check ${seconds(installMs)})`);
  const resultsDir = join(RESULTS_DIR, 'integration');
  rmSync(resultsDir, { recursive: true, force: true });

  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  // The workbench forwards its own log and the extension host's console (mocha's reporter) to
  // codeAutomationLog. Everything goes to host.log; the terminal shows the suite's output, which
  // starts with START_LINE (the workbench's start-up chatter before it is kept for failures).
  mkdirSync(resultsDir, { recursive: true });
  const hostLog = createWriteStream(join(resultsDir, 'host.log'));
  const startupLines: string[] = [];
  let suiteStarted = false;
  let lastLog = Date.now();
  let lastSuiteLine = '';
  const onLog = (type: string, args: unknown): void => {
    lastLog = Date.now();
    const line = format(...(Array.isArray(args) ? args : [args]));
    hostLog.write(`${type}\t${line}\n`);
    if (!suiteStarted && line === START_LINE) {
      suiteStarted = true;
      return;
    }
    if (suiteStarted && !WORKBENCH_CHATTER.some((pattern) => pattern.test(line))) {
      process.stdout.write(line + '\n');
      if (line.trim()) lastSuiteLine = line.trim();
    }
    else if (!suiteStarted) startupLines.push(`${type}: ${line}`);
  };
  let session: Session | undefined;
  const started = Date.now();
  try {
    session = await openSession(entry, {
      workspace: EXAMPLES,
      extensionTestsPath: TESTS_PATH,
      env,
      beforeOpen: async (page) => {
        await page.exposeFunction('codeAutomationLog', onLog);
        await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
      },
    });
    console.log(`[integration] code-server started in ${seconds(session.timings.serverMs)}, Chromium in ${seconds(session.timings.browserMs)}; running the suites ...`);
    const suiteClock = Date.now();
    const code = await withTimeout(exited, SUITE_TIMEOUT_MS, 'the integration suites did not finish');
    console.log(`[integration] suites finished with exit code ${code} in ${seconds(Date.now() - suiteClock)} (whole run ${seconds(Date.now() - started)})`);
    if (code !== 0) {
      if (!suiteStarted) console.error(`[integration] the suites never started; the workbench said:\n  ${startupLines.slice(-30).join('\n  ') || '(nothing)'}`);
      await reportScreen(session, resultsDir, 'the suite failed');
    }
    return code;
  } catch (error) {
    console.error(`[integration] ${(error as Error).message}`);
    if (!suiteStarted) console.error(`[integration] the suites never started; the workbench said:\n  ${startupLines.slice(-30).join('\n  ') || '(nothing)'}`);
    if (session) {
      console.error(`[integration] last output from the workbench ${seconds(Date.now() - lastLog)} ago${lastSuiteLine ? `; the suite's last line: "${lastSuiteLine}"` : ''}`);
      await reportScreen(session, resultsDir, 'the run failed');
    }
    return 1;
  } finally {
    await session?.close();
    hostLog.end();
  }
}

async function reportScreen(session: Session, dir: string, why: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const shot = await screenshot(session.page, join(dir, 'failure.png'));
  const log = keepServerLog(session, dir);
  console.error(`[integration] ${why}; on screen:\n${await describeScreen(session.page)}`);
  if (session.consoleErrors.length > 0) console.error(`[integration] browser console errors (last 10):\n  ${session.consoleErrors.slice(-10).join('\n  ')}`);
  console.error(`[integration] screenshot: ${shot ?? '(none: the page was gone)'}; code-server log: ${log ?? '(none)'}`);
}

async function main(): Promise<number> {
  buildExtension({ withIntegrationSuites: true });
  const grep = grepArgument();
  const env: Record<string, string> = grep ? { GRADLENS_TEST_GREP: grep } : {};
  const forced = process.env.GRADLENS_VSCODE_HOST;
  if (forced && forced !== 'electron' && forced !== 'code-server') throw new Error(`GRADLENS_VSCODE_HOST must be electron or code-server, not ${forced}`);

  if (forced !== 'code-server') {
    const probeStarted = Date.now();
    const probe = await probeElectron();
    if (probe.ok) {
      console.log(`[integration] host: VS Code (Electron) through @vscode/test-electron: ${probe.executable}`);
      return runOnElectron(probe.executable, env);
    }
    if (forced === 'electron') throw new Error(probe.reason);
    console.log(`[integration] not using @vscode/test-electron (${seconds(Date.now() - probeStarted)}): ${probe.reason}`);
  }
  console.log('[integration] host: code-server + headless Chromium (playwright-core)');
  return runOnCodeServer(env);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[integration] ${error.message}`);
    process.exit(1);
  },
);
