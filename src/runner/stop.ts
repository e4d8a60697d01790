// Why a run may be asked to end, how that reaches the worker (a number in a shared flag, read at
// every statement), and what the user reads — one definition for every side.

import type { RunLimits } from '../protocol';

export type RequestedStop = 'user' | 'time-limit' | 'memory-limit' | 'superseded';

export const STOP_CODES: Record<RequestedStop, number> = { user: 1, 'time-limit': 2, superseded: 3, 'memory-limit': 4 };

export function stopReasonOf(code: number): RequestedStop {
  const reason = (Object.keys(STOP_CODES) as RequestedStop[]).find((r) => STOP_CODES[r] === code);
  if (!reason) throw new Error(`unknown stop code ${code}`);
  return reason;
}

/** `cell`: a notebook cell, whose memory limit is its kernel's (what earlier cells keep counts). */
export function stopMessage(reason: RequestedStop, limits: RunLimits, cell = false): string {
  switch (reason) {
    case 'user':
      return 'Stopped.';
    case 'superseded':
      return 'Stopped: a new run started.';
    case 'time-limit':
      return `Stopped: the run reached its time limit of ${limits.timeMs / 1000} s (setting gradlens.timeLimitSeconds).`;
    case 'memory-limit':
      return outOfMemoryMessage(limits, cell);
  }
}

export function outOfMemoryMessage(limits: RunLimits, cell = false): string {
  if (cell) return `The kernel ran out of memory: its cells hold more than its limit of ${limits.memoryMb} MB (setting gradlens.memoryLimitMB). Restart the kernel to free what earlier cells keep.`;
  return `The run ran out of memory and was ended: it used more than its limit of ${limits.memoryMb} MB (setting gradlens.memoryLimitMB).`;
}
