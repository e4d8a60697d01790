// Batches the events a run streams (loss points, metrics, training health, log lines) so that a loop of 100k
// steps never floods the host: at most one message per kind every FLUSH_MS; loss points past a
// budget per batch are thinned to each bucket's extremes (decimate.ts); log lines past a cap are
// counted, not sent. Flushing is checked on every push, because a synchronous training loop gives
// timers no chance to run.

import type { LogLine, RunEvent } from '../protocol';
import { keptIndices } from './decimate';

const FLUSH_MS = 33;
/** Log lines kept per run; later ones are counted, not sent (a console.log in a hot loop). */
const MAX_LOG_LINES = 5000;

export class EventBatcher {
  private lossSteps: number[] = [];
  private lossValues: number[] = [];
  private lossTimes: number[] = [];
  private metricNames: string[] = [];
  private metricSteps: number[] = [];
  private metricValues: number[] = [];
  private metricTimes: number[] = [];
  private healthGroups: string[] = [];
  private healthSteps: number[] = [];
  private healthRows: Array<{ gradNorms: number[]; updateRatios: number[] }> = [];
  private logs: LogLine[] = [];
  private logsSent = 0;
  private logsDropped = 0;
  private lastFlush = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly post: (event: RunEvent, transfer?: ArrayBuffer[]) => void, private readonly clock: () => number) {
    // For code that awaits (timers do run then); unref'd so it never keeps the worker alive.
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** `now`: the clock, when the caller read it already (once per step is enough). */
  loss(step: number, value: number, now = this.clock()): void {
    this.lossSteps.push(step);
    this.lossValues.push(value);
    this.lossTimes.push(now);
    this.maybeFlush(now);
  }

  metric(name: string, step: number, value: number): void {
    const now = this.clock();
    this.metricNames.push(name);
    this.metricSteps.push(step);
    this.metricValues.push(value);
    this.metricTimes.push(now);
    this.maybeFlush(now);
  }

  /** A training-health sample (health.ts: already at most ~50 a second). */
  health(groups: string[], step: number, gradNorms: number[], updateRatios: number[]): void {
    this.healthGroups = groups;
    this.healthSteps.push(step);
    this.healthRows.push({ gradNorms, updateRatios });
    this.maybeFlush();
  }

  log(line: LogLine): void {
    if (this.logsSent + this.logs.length >= MAX_LOG_LINES) this.logsDropped++;
    else this.logs.push(line);
    this.maybeFlush();
  }

  /** Called on every push (once per backward() in a training loop): one clock read, no more. */
  private maybeFlush(now = this.clock()): void {
    if (now - this.lastFlush >= FLUSH_MS) this.flush();
  }

  flush(): void {
    this.lastFlush = this.clock();
    if (this.lossSteps.length > 0) {
      const kept = keptIndices(this.lossValues);
      const steps = Float64Array.from(kept, (i) => this.lossSteps[i]);
      const values = Float64Array.from(kept, (i) => this.lossValues[i]);
      const times = Float64Array.from(kept, (i) => this.lossTimes[i]);
      this.post({ type: 'loss', steps, values, times }, [steps.buffer, values.buffer, times.buffer]);
      this.lossSteps = [];
      this.lossValues = [];
      this.lossTimes = [];
    }
    if (this.metricNames.length > 0) {
      const steps = Float64Array.from(this.metricSteps);
      const values = Float64Array.from(this.metricValues);
      const times = Float64Array.from(this.metricTimes);
      this.post({ type: 'metric', names: this.metricNames, steps, values, times }, [steps.buffer, values.buffer, times.buffer]);
      this.metricNames = [];
      this.metricSteps = [];
      this.metricValues = [];
      this.metricTimes = [];
    }
    if (this.healthSteps.length > 0) {
      const width = this.healthGroups.length;
      // A group bound after a row was sampled has no number in it: −Infinity, which no norm or ratio is (NaN is one: a diverged step's).
      const column = (pick: (row: { gradNorms: number[]; updateRatios: number[] }) => number[]): Float64Array<ArrayBuffer> => {
        const out = new Float64Array(this.healthRows.length * width).fill(-Infinity);
        this.healthRows.forEach((row, i) => out.set(pick(row).slice(0, width), i * width));
        return out;
      };
      const steps = Float64Array.from(this.healthSteps);
      const gradNorms = column((row) => row.gradNorms);
      const updateRatios = column((row) => row.updateRatios);
      this.post({ type: 'health', groups: this.healthGroups, steps, gradNorms, updateRatios }, [steps.buffer, gradNorms.buffer, updateRatios.buffer]);
      this.healthSteps = [];
      this.healthRows = [];
    }
    if (this.logs.length > 0 || this.logsDropped > 0) {
      this.post({ type: 'log', lines: this.logs, dropped: this.logsDropped });
      this.logsSent += this.logs.length;
      this.logs = [];
      this.logsDropped = 0;
    }
  }

  close(): void {
    this.flush();
    clearInterval(this.timer);
  }
}
