// Why the host may end a run, how that reaches the worker (a number in a shared flag, read at
// every statement), and what the user reads — one definition for both sides.

export type RequestedStop = 'user' | 'time-limit' | 'superseded';

export const STOP_CODES: Record<RequestedStop, number> = { user: 1, 'time-limit': 2, superseded: 3 };

export function stopReasonOf(code: number): RequestedStop {
  const reason = (Object.keys(STOP_CODES) as RequestedStop[]).find((r) => STOP_CODES[r] === code);
  if (!reason) throw new Error(`unknown stop code ${code}`);
  return reason;
}

export function stopMessage(reason: RequestedStop, timeLimitMs: number): string {
  if (reason === 'user') return 'Stopped.';
  if (reason === 'superseded') return 'Stopped: a new run started.';
  return `Stopped: the run reached its time limit of ${timeLimitMs / 1000} s (setting gradlens.timeLimitSeconds).`;
}
