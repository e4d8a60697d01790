// Training health, the plots of Karpathy's makemore lecture, measured in the worker: per parameter
// group, the gradient's L2 norm and the update-to-data ratio log10(‖Δdata‖ / ‖data‖) (healthy
// near −3), sampled at most every SAMPLE_MS of run time (never a cost per step of a fast loop);
// and, at each live view, the share of ReLU outputs that are 0 and of tanh outputs within 0.03
// of ±1 — units that pass (almost) no gradient.
//
// A sample at step k reads the gradients right after its backward(), copies the parameters, and
// measures the update at the next backward(): Δ is what the optimizer (or `p.data -= …`) changed
// in between — the update made by step k. The run's end measures the last pending one.

import { Tensor, Value, nn } from '../engine';
import type { ActivationHealth } from '../protocol';

type Param = Value | Tensor;

/** At most this often (run time): ≤ 50 samples a second. */
const SAMPLE_MS = 20;
/** |tanh| above this is saturated: its local derivative 1 − t² is below ~0.06. */
const SATURATED = 0.97;

export interface ParameterGroup {
  name: string;
  params: Param[];
}

/**
 * The groups of a bound module's parameters: each tensor parameter is one (`fc1.weight`); a
 * micrograd network's Values are grouped by layer (`model.layers.0`), a lone Neuron's as one.
 */
export function parameterGroups(name: string, module: nn.Module<Param>): ParameterGroup[] {
  const groups = new Map<string, Param[]>();
  for (const [path, p] of module.namedParameters()) {
    const layer = /^(.*?\blayers\.\d+)\./.exec(path)?.[1];
    const group = p instanceof Tensor ? `${name}.${path}` : layer ? `${name}.${layer}` : name;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(p);
  }
  return [...groups].map(([group, params]) => ({ name: group, params }));
}

interface Pending {
  step: number;
  gradNorms: number[];
  data: Float64Array[];
}

export class HealthWatch {
  private readonly groups: ParameterGroup[] = [];
  private readonly known = new Set<object>();
  private pending: Pending | null = null;
  private next = 0;

  constructor(private readonly emit: (sample: { step: number; gradNorms: number[]; updateRatios: number[] }) => void) {}

  /** A module bound by the program (each once). */
  addModule(name: string, module: nn.Module<Param>): void {
    if (this.known.has(module)) return;
    this.known.add(module);
    for (const group of parameterGroups(name, module)) {
      if (group.params.some((p) => this.known.has(p))) continue; // a submodule of one already watched
      group.params.forEach((p) => this.known.add(p));
      this.groups.push(group);
    }
  }

  get names(): string[] {
    return this.groups.map((g) => g.name);
  }

  /** Every watched parameter, group by group. */
  get parameters(): Param[] {
    return this.groups.flatMap((g) => g.params);
  }

  /** After each backward(): finishes the pending sample, and takes a new one when it is time. */
  onBackward(step: number, now: number): void {
    if (this.groups.length === 0) return;
    if (this.pending) this.finish();
    if (now < this.next) return;
    this.next = now + SAMPLE_MS;
    this.pending = { step, gradNorms: this.groups.map(gradNorm), data: this.groups.map(copyData) };
  }

  /** The run is over: the last sample's update is whatever happened after its backward(). */
  close(): void {
    if (this.pending) this.finish();
  }

  private finish(): void {
    const { step, gradNorms, data } = this.pending!;
    this.pending = null;
    // A module bound since the sample was taken has no numbers for it: only the groups sampled.
    this.emit({ step, gradNorms, updateRatios: gradNorms.map((_, i) => updateRatio(this.groups[i], data[i])) });
  }
}

function gradNorm(group: ParameterGroup): number {
  let sum = 0;
  for (const p of group.params) {
    if (p instanceof Value) sum += p.grad * p.grad;
    else for (const g of p.grad?.data ?? []) sum += g * g;
  }
  return Math.sqrt(sum);
}

function copyData(group: ParameterGroup): Float64Array {
  const size = group.params.reduce((n, p) => n + (p instanceof Value ? 1 : p.data.length), 0);
  const out = new Float64Array(size);
  let at = 0;
  for (const p of group.params) {
    if (p instanceof Value) out[at++] = p.data;
    else {
      out.set(p.data, at);
      at += p.data.length;
    }
  }
  return out;
}

/** log10(‖now − before‖ / ‖now‖); NaN when nothing changed (no update was made) or the data is 0. */
function updateRatio(group: ParameterGroup, before: Float64Array): number {
  const now = copyData(group);
  let delta = 0;
  let norm = 0;
  for (let i = 0; i < now.length; i++) {
    delta += (now[i] - before[i]) ** 2;
    norm += now[i] * now[i];
  }
  return delta > 0 && norm > 0 ? Math.log10(Math.sqrt(delta / norm)) : NaN;
}

/** ReLU and tanh units of a step's graph that pass (almost) no gradient. */
export function activationHealth(order: ReadonlyArray<Value | Tensor>): ActivationHealth {
  let relu = 0, dead = 0, tanh = 0, saturated = 0;
  for (const node of order) {
    if (node.op !== 'relu' && node.op !== 'tanh') continue;
    const values = node instanceof Value ? [node.data] : node.data;
    for (const x of values) {
      if (node.op === 'relu') {
        relu++;
        if (x === 0) dead++;
      } else {
        tanh++;
        if (Math.abs(x) > SATURATED) saturated++;
      }
    }
  }
  return { reluUnits: relu, deadRelu: dead, tanhUnits: tanh, saturatedTanh: saturated };
}
