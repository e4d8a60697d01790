// The training-health series the panel keeps for one run (the worker measures them: health.ts in
// src/runner), and the plain-words warnings they call for. Pure: unit-tested without a browser.

import type { ActivationHealth, HealthEvent } from '../src/protocol';

/** Samples kept per run; past it every other one is dropped (the plots keep their shape). */
const MAX_SAMPLES = 20_000;
/** A warning looks at the median of this many latest samples: one odd step does not raise it. */
const RECENT = 10;
/** log10 update/data ratios outside this band get a warning (healthy: near −3). */
export const RATIO_TOO_HIGH = -1.5;
export const RATIO_TOO_LOW = -5;
/**
 * Shares past which a warning says so. A ReLU outputs 0 for about half its inputs in a healthy
 * network: only when nearly all of them do are units dead. Saturated tanh units already slow
 * learning when half of them are.
 */
const DEAD_RELU_SHARE = 0.9;
const SATURATED_TANH_SHARE = 0.5;

export interface GroupSeries {
  name: string;
  steps: number[];
  gradNorms: number[];
  updateRatios: number[];
}

export interface ActivationSample extends ActivationHealth {
  step: number;
}

export interface HealthWarning {
  /** The group (or 'activations') it is about. */
  subject: string;
  text: string;
}

export class HealthData {
  readonly groups = new Map<string, GroupSeries>();
  readonly activations: ActivationSample[] = [];

  get empty(): boolean {
    return this.groups.size === 0 && this.activations.length === 0;
  }

  append(event: HealthEvent): void {
    const width = event.groups.length;
    event.groups.forEach((name, j) => {
      let series = this.groups.get(name);
      if (!series) this.groups.set(name, (series = { name, steps: [], gradNorms: [], updateRatios: [] }));
      for (let i = 0; i < event.steps.length; i++) {
        const grad = event.gradNorms[i * width + j];
        const ratio = event.updateRatios[i * width + j];
        if (grad === -Infinity) continue; // the group did not exist yet (see HealthEvent)
        series.steps.push(event.steps[i]);
        series.gradNorms.push(grad);
        series.updateRatios.push(ratio);
      }
      if (series.steps.length > MAX_SAMPLES) thinSeries(series);
    });
  }

  appendActivations(step: number, activations: ActivationHealth): void {
    if (activations.reluUnits === 0 && activations.tanhUnits === 0) return;
    this.activations.push({ step, ...activations });
    if (this.activations.length > MAX_SAMPLES) this.activations.splice(0, this.activations.length, ...this.activations.filter((_, i) => i % 2 === 0));
  }

  clear(): void {
    this.groups.clear();
    this.activations.length = 0;
  }

  /** What the latest samples say, in words; none when training looks healthy. */
  warnings(): HealthWarning[] {
    const out: HealthWarning[] = [];
    for (const series of this.groups.values()) {
      const firstBad = series.gradNorms.findIndex((g) => !Number.isFinite(g));
      if (firstBad >= 0) {
        // What the updates were like before: the usual cause, said with the symptom.
        const before = median(series.updateRatios.slice(Math.max(0, firstBad - RECENT), firstBad).filter(Number.isFinite));
        const cause = before !== null && before > RATIO_TOO_HIGH ? ` Before that, updates were ~${percent(10 ** before)} of its weights per step: the learning rate is too high.` : '';
        out.push({ subject: series.name, text: `The gradient of ${series.name} is ${Number.isNaN(series.gradNorms[firstBad]) ? 'NaN' : 'infinite'} from step ${series.steps[firstBad]}: training has diverged.${cause}` });
        continue;
      }
      const ratio = median(series.updateRatios.slice(-RECENT).filter(Number.isFinite));
      if (ratio === null) continue;
      if (ratio > RATIO_TOO_HIGH) {
        out.push({ subject: series.name, text: `Updates to ${series.name} are ~${percent(10 ** ratio)} of its weights per step: the learning rate may be too high (healthy: about 0.1%, log10 ≈ −3).` });
      } else if (ratio < RATIO_TOO_LOW && !converging(series)) {
        out.push({ subject: series.name, text: `Updates to ${series.name} are tiny (~1e${Math.round(ratio)} of its weights per step) while its gradient has not shrunk: the learning rate may be too low.` });
      }
    }
    const last = this.activations[this.activations.length - 1];
    if (last && last.reluUnits > 0 && last.deadRelu / last.reluUnits > DEAD_RELU_SHARE) {
      out.push({ subject: 'activations', text: `${percent(last.deadRelu / last.reluUnits)} of ReLU outputs are 0 at step ${last.step}: almost no gradient flows back through them (dead ReLUs).` });
    }
    if (last && last.tanhUnits > 0 && last.saturatedTanh / last.tanhUnits > SATURATED_TANH_SHARE) {
      out.push({ subject: 'activations', text: `${percent(last.saturatedTanh / last.tanhUnits)} of tanh outputs are saturated (|t| > 0.97) at step ${last.step}: their gradients are nearly 0.` });
    }
    return out;
  }
}

/**
 * Tiny updates are what convergence looks like too: the gradient then falls by orders of
 * magnitude from where training started. Only tiny updates with a gradient that did not fall
 * (below a tenth of its start) point at the learning rate.
 */
function converging(series: GroupSeries): boolean {
  const start = median(series.gradNorms.slice(0, RECENT).filter(Number.isFinite));
  const now = median(series.gradNorms.slice(-RECENT).filter(Number.isFinite));
  return start !== null && now !== null && now < start / 10;
}

function thinSeries(series: GroupSeries): void {
  const keep = (_: number, i: number): boolean => i % 2 === 0 || i === series.steps.length - 1;
  series.steps = series.steps.filter(keep);
  series.gradNorms = series.gradNorms.filter(keep);
  series.updateRatios = series.updateRatios.filter(keep);
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A sparkline's label: two significant digits ("0.33", "9.5e-6", "6.9e153"). */
export function compact(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(x);
  if (abs === 0) return '0';
  if (abs >= 1e-3 && abs < 1e4) return String(Number(x.toPrecision(2)));
  const [mantissa, exponent] = x.toExponential(1).split('e');
  return `${mantissa.replace(/\.0$/, '')}e${exponent.replace('+', '')}`;
}

/** 0.083 -> "8%", 0.0042 -> "0.4%", 3.1 -> "310%". */
export function percent(share: number): string {
  const p = share * 100;
  return `${p >= 10 ? Math.round(p) : p >= 1 ? p.toFixed(0) : p.toPrecision(1)}%`;
}
