// code-server (real VS Code: workbench + Node extension host, served to a browser), installed on
// demand into a cache folder like test-electron's download, and started fully isolated: throwaway
// user data, extensions, XDG folders, TMPDIR and HOME, no gallery, a free port on 127.0.0.1.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CACHE_DIR, CODE_SERVER_VERSION, DEFAULT_SETTINGS, RIPGREP, seconds } from './config';
import { MARKER_VARIABLE, markedProcesses, onInterrupt, sleep, stopGroup, sweep } from './processes';
import { ensureSystemPackages, INSTALL_PACKAGES, tail } from './system';

const INSTALL_DIR = join(CACHE_DIR, 'code-server');
const ENTRY = join(INSTALL_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const MARKER_FILE = join(INSTALL_DIR, 'installed.json');

// ---- install ------------------------------------------------------------------------------

/** Is code-server ${CODE_SERVER_VERSION} in the cache, completely installed? */
export function isCodeServerInstalled(): boolean {
  if (!existsSync(ENTRY) || !existsSync(MARKER_FILE)) return false;
  try {
    return JSON.parse(readFileSync(MARKER_FILE, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** A tarball holding the system's `rg`, where @vscode/ripgrep's postinstall looks for its download. */
async function seedRipgrepCache(tmp: string): Promise<void> {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is not on PATH; code-server needs it for search');
  const target = arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cacheDir = join(tmp, `vscode-ripgrep-cache-${RIPGREP.packageVersion}`);
  const staging = join(tmp, 'rg-staging');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(rg, join(staging, 'rg'));
  await run('tar', ['czf', join(cacheDir, `ripgrep-${RIPGREP.tag}-${target}.tar.gz`), '-C', staging, 'rg'], { env: process.env, log: join(tmp, 'tar.log'), timeoutMs: 60_000 });
}

/** Node's headers for node-gyp, so that it does not download them. */
function localNodeDir(): string | undefined {
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

/**
 * Installs code-server into .vscode-test/code-server/ unless it is there already; returns the path
 * of its entry script. Needs the packages in INSTALL_PACKAGES (installed when missing and possible).
 */
export async function ensureCodeServer(): Promise<{ entry: string; installedNow: boolean; ms: number }> {
  const started = Date.now();
  if (isCodeServerInstalled()) return { entry: ENTRY, installedNow: false, ms: Date.now() - started };

  ensureSystemPackages(INSTALL_PACKAGES, `to build code-server ${CODE_SERVER_VERSION}`);
  console.log(`[code-server] installing code-server@${CODE_SERVER_VERSION} into ${INSTALL_DIR} (once; about 1-2 minutes) ...`);
  for (const stale of ['node_modules', 'package-lock.json', 'installed.json', 'tmp']) rmSync(join(INSTALL_DIR, stale), { recursive: true, force: true });
  const tmp = join(INSTALL_DIR, 'tmp');
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(INSTALL_DIR, 'package.json'), JSON.stringify({ name: 'gradlens-code-server-cache', private: true, description: 'code-server for GradLens tests (test/vscode/code-server.ts)' }, null, 2) + '\n');
  await seedRipgrepCache(tmp);

  const nodeDir = localNodeDir();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_cache: join(INSTALL_DIR, 'npm-cache'), // not ~/.npm
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    ...(nodeDir ? { npm_config_nodedir: nodeDir } : {}),
  };
  const log = join(INSTALL_DIR, 'install.log');
  try {
    await run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--save-exact', '--unsafe-perm', '--no-audit', '--no-fund'], { cwd: INSTALL_DIR, env, log, timeoutMs: 20 * 60_000 });
  } catch (error) {
    throw new Error(`installing code-server failed: ${(error as Error).message}\n--- last lines of ${log} ---\n${tail(readFileSync(log, 'utf8'), 40)}`);
  }
  if (!existsSync(ENTRY)) throw new Error(`code-server installed, but ${ENTRY} is missing; see ${log}`);
  rmSync(tmp, { recursive: true, force: true });
  rmSync(join(INSTALL_DIR, 'npm-cache'), { recursive: true, force: true });
  writeFileSync(MARKER_FILE, JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }, null, 2) + '\n');
  const ms = Date.now() - started;
  console.log(`[code-server] installed in ${seconds(ms)}`);
  return { entry: ENTRY, installedNow: true, ms };
}

/** Runs a command to completion with its output in a log file; rejects on a non-zero exit or timeout. */
function run(command: string, args: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv; log: string; timeoutMs: number }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const fd = openSync(opts.log, 'w');
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    const unregister = onInterrupt({ async: () => stopGroup(child.pid!, 1_000), sync: () => killQuietly(-child.pid!) });
    const timer = setTimeout(() => {
      killQuietly(-child.pid!);
      reject(new Error(`${command} ${args.join(' ')} timed out after ${seconds(opts.timeoutMs)}`));
    }, opts.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      unregister();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      unregister();
      if (code === 0) resolvePromise();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

// ---- start --------------------------------------------------------------------------------

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspace: string;
  /** User settings on top of DEFAULT_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Leave Workspace Trust on (for tests of Restricted Mode). */
  workspaceTrust?: boolean;
  /** Extra environment for the server and its extension host. */
  env?: Record<string, string>;
  /** A packaged extension (.vsix) to install first, as a user would, instead of loading the repo. */
  vsix?: string;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** 127.0.0.1:PORT: the authority of vscode-remote:// URIs, exactly as the browser uses it. */
  authority: string;
  /** The session's throwaway folder (user data, extensions, XDG, TMPDIR, HOME, the browser profile). */
  root: string;
  /** Environment for other processes of the session (the browser): same HOME/XDG/TMPDIR and marker. */
  childEnv: NodeJS.ProcessEnv;
  marker: string;
  logFile: string;
  startMs: number;
  /** Stops code-server and everything it started; removes the throwaway folder. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

/** The parent environment without what would tie the new VS Code to a running one. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_') || key.startsWith('npm_')) continue;
    env[key] = value;
  }
  return env;
}

export async function startCodeServer(entry: string, options: CodeServerOptions): Promise<CodeServer> {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'gradlens-vscode-'));
  const dirs = {
    data: join(root, 'data'),
    extensions: join(root, 'extensions'),
    home: join(root, 'home'),
    tmp: join(root, 'tmp'),
    xdgData: join(root, 'xdg', 'data'),
    xdgConfig: join(root, 'xdg', 'config'),
    xdgCache: join(root, 'xdg', 'cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  writeFileSync(join(dirs.data, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...(options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}), ...options.settings }, null, 2));

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const config = join(root, 'config.yaml');
  writeFileSync(config, `bind-addr: ${authority}\nauth: none\ncert: false\n`);
  const marker = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache,
    [MARKER_VARIABLE]: marker,
  };
  const serverEnv: NodeJS.ProcessEnv = { ...childEnv, EXTENSIONS_GALLERY: '{}', ...options.env };

  if (options.vsix) {
    const install = spawnSync(process.execPath, [entry, '--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions, '--install-extension', options.vsix], { cwd: root, env: serverEnv, encoding: 'utf8', timeout: 120_000 });
    if (install.status !== 0) throw new Error(`code-server could not install ${options.vsix}:\n${install.stdout}${install.stderr}`);
  }

  const args = [
    entry,
    '--config', config,
    '--user-data-dir', dirs.data,
    '--extensions-dir', dirs.extensions,
    '--bind-addr', authority,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    options.workspace,
  ];
  const logFile = join(root, 'code-server.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: root, env: serverEnv, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  const pgid = child.pid!;
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));

  const removeRoot = (): void => {
    if (!process.env.GRADLENS_KEEP_TMP) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  // One stop for every caller (the run's own cleanup and an interrupt may both ask): all of them
  // wait for the same one.
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await stopGroup(pgid);
      const escaped = await sweep(marker);
      if (escaped > 0) console.log(`[code-server] killed ${escaped} process(es) that had left its process group`);
      removeRoot();
      unregister();
    })());
  const unregister = onInterrupt({
    async: stop,
    sync: () => {
      killQuietly(-pgid);
      for (const pid of markedProcesses(marker)) killQuietly(pid);
      try {
        removeRoot();
      } catch {
        // best effort on the way out
      }
    },
  });

  // Ready when /healthz answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      const log = readFileSync(logFile, 'utf8');
      await stop();
      throw new Error(`code-server ${exited} before it was ready:\n${tail(log)}`);
    }
    try {
      const response = await fetch(`http://${authority}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const log = readFileSync(logFile, 'utf8');
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s:\n${tail(log)}`);
    }
    await sleep(100);
  }
  return { origin: `http://${authority}`, authority, root, childEnv, marker, logFile, startMs: Date.now() - started, stop };
}
