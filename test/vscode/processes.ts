// Child processes that must not outlive a test run: code-server (spawned detached, so it leads its
// own process group) and Chromium (playwright kills its group). Every process of a session also
// carries a marker in its environment, so that a sweep of /proc finds whatever escaped its group.

import { readdirSync, readFileSync } from 'node:fs';

export const MARKER_VARIABLE = 'GRADLENS_VSCODE_TEST';

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the group is empty. */
export async function stopGroup(pgid: number, graceMs = 5_000): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    const killDeadline = Date.now() + 5_000;
    while (groupAlive(pgid) && Date.now() < killDeadline) await sleep(50);
  }
}

/** The pids of live processes whose environment holds MARKER_VARIABLE=marker (Linux only). */
export function markedProcesses(marker: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = `${MARKER_VARIABLE}=${marker}\0`;
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (environ.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Kills every process still carrying the marker; returns how many there were. */
export async function sweep(marker: string): Promise<number> {
  const pids = markedProcesses(marker);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (pids.length > 0) await sleep(200);
  return pids.length;
}

// ---- cleanup on the way out ---------------------------------------------------------------

type Cleanup = { async: () => Promise<void>; sync: () => void };
const cleanups = new Set<Cleanup>();
let handlersInstalled = false;

/**
 * Registers a cleanup that also runs when the run is interrupted (Ctrl+C, SIGTERM from CI) or
 * exits abruptly. `sync` must not wait (it runs in process.on('exit')). Returns an unregister.
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  installHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping VS Code and the browser`);
      void Promise.allSettled([...cleanups].map((c) => c.async())).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('exit', () => {
    for (const cleanup of cleanups) cleanup.sync();
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with `message` (and what was waited for) when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (timed out after ${Math.round(ms / 1000)} s)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
