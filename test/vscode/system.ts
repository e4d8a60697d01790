// The system packages the real-VS-Code tests need, checked cheaply (one dpkg-query) and, on
// Debian/Ubuntu as root (or with password-less sudo), installed with apt-get. Where they cannot
// be installed the run stops and names them: the tests are never skipped silently.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CHROMIUM, seconds } from './config';

/** Building code-server's native modules and its ripgrep. */
export const INSTALL_PACKAGES = ['build-essential', 'python3', 'libkrb5-dev', 'ripgrep'];
/** Running the workbench in a headless browser. */
export const BROWSER_PACKAGES = ['chromium', 'fonts-dejavu-core'];

export class MissingSystemPackagesError extends Error {}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Probes for machines without dpkg: is what the package would provide there? */
const probes: Record<string, () => boolean> = {
  'build-essential': () => !!onPath('make') && (!!onPath('c++') || !!onPath('g++')),
  python3: () => !!onPath('python3'),
  'libkrb5-dev': () => existsSync('/usr/include/gssapi/gssapi.h') || !!onPath('krb5-config'),
  ripgrep: () => !!onPath('rg'),
  chromium: () => existsSync(CHROMIUM),
  'fonts-dejavu-core': () => true,
};

function missingByDpkg(packages: string[]): string[] {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...packages], { encoding: 'utf8' });
  const installed = new Set(
    query.stdout
      .split('\n')
      .filter((line) => /^\S+ ii/.test(line))
      .map((line) => line.split(' ')[0].split(':')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

function canSudo(): boolean {
  return !!onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function apt(args: string[], asRoot: boolean): { ok: boolean; output: string } {
  const command = asRoot ? 'apt-get' : 'sudo';
  const fullArgs = asRoot ? args : ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  const result = spawnSync(command, fullArgs, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 20 * 60_000,
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

/**
 * Makes sure `packages` are installed; `why` says what needs them. Prints nothing when they are.
 * Throws MissingSystemPackagesError naming the missing ones when they cannot be installed.
 */
export function ensureSystemPackages(packages: string[], why: string): void {
  // A Chromium given through GRADLENS_CHROMIUM replaces Debian's.
  const wanted = packages.filter((p) => !(p === 'chromium' && process.env.GRADLENS_CHROMIUM));
  const hasDpkg = process.platform === 'linux' && !!onPath('dpkg-query');
  const missing = hasDpkg ? missingByDpkg(wanted) : wanted.filter((p) => !(probes[p]?.() ?? true));
  if (missing.length === 0) return;

  const isRoot = process.getuid?.() === 0;
  const hasApt = process.platform === 'linux' && !!onPath('apt-get');
  if (!hasApt || !(isRoot || canSudo())) {
    let how = hasApt ? `run as root, or: sudo apt-get install -y ${missing.join(' ')}` : 'install their equivalents for this system';
    if (missing.includes('chromium')) how += `; or point GRADLENS_CHROMIUM at a Chromium or Chrome executable (looked for ${CHROMIUM})`;
    throw new MissingSystemPackagesError(
      `The real-VS-Code tests need system packages that are missing (${why}): ${missing.join(', ')}.\n` +
        `They cannot be installed from here (${hasApt ? 'not root and no password-less sudo' : 'no apt-get'}); ${how}.`,
    );
  }

  const started = Date.now();
  console.log(`[system] installing ${missing.join(' ')} with apt-get (${why}) ...`);
  const update = apt(['update', '-q'], isRoot);
  if (!update.ok) console.log(`[system] apt-get update failed, trying the install anyway:\n${tail(update.output)}`);
  const install = apt(['install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...missing], isRoot);
  const stillMissing = hasDpkg ? missingByDpkg(wanted) : missing.filter((p) => !(probes[p]?.() ?? true));
  if (!install.ok || stillMissing.length > 0) {
    throw new MissingSystemPackagesError(
      `apt-get could not install ${stillMissing.join(', ') || missing.join(', ')} (${why}):\n${tail(install.output)}`,
    );
  }
  console.log(`[system] installed ${missing.join(' ')} in ${seconds(Date.now() - started)}`);
}

export function tail(text: string, lines = 25): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
