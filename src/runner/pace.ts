// A training loop can run slower on purpose, so that its live loss chart is worth watching: a
// comment in the file, `// gradlens: pace 50 steps/s`, caps how many backward() calls a second
// the run makes (the examples that train in a blink use it). Waiting happens on the run's stop
// flag, so Stop still ends a paced run at once.

const PACE = /^[ \t]*\/\/[ \t]*gradlens:[ \t]*pace[ \t]+(\d+(?:\.\d+)?)[ \t]*steps\/s\b/m;

/** The pace a program's text asks for, in steps per second, or null for full speed. */
export function paceOf(source: string): number | null {
  const match = PACE.exec(source);
  const stepsPerSecond = match ? Number(match[1]) : 0;
  return stepsPerSecond > 0 ? stepsPerSecond : null;
}

/** Call after each step: returns once at least 1/stepsPerSecond has passed since the last one. */
export function pacer(stepsPerSecond: number, stopFlag: Int32Array, now: () => number = () => performance.now()): () => void {
  const interval = 1000 / stepsPerSecond;
  let next = now() + interval;
  return () => {
    const wait = next - now();
    // Atomics.wait returns early once the flag is no longer 0 (a Stop notifies it).
    if (wait > 0 && stopFlag[0] === 0) Atomics.wait(stopFlag, 0, 0, wait);
    next = Math.max(next, now()) + interval;
  };
}
