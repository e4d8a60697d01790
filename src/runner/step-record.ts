// The step scrubber's record: every parameter's data and grad at each backward() (and the loss),
// within a memory cap. Past the cap every other recorded step is dropped and from then on only
// every 2nd (then 4th, 8th, …) step is recorded: a long run keeps evenly spaced steps from its
// start to its end, never just its beginning. Recorded steps are first + i·stride for i < count.
//
// viewAt() shows the graph at a recorded step without running the user's code: the parameters'
// recorded data goes into the last step's graph, its forward pass is recomputed from the graph
// (engine/replay.ts) and the engine's backward() fills the gradients; everything is put back
// afterwards. Inputs that changed between steps (mini-batches) cannot be recomputed this way:
// the view then says it is inexact (the loss or a gradient differs from the record).

import { Value, untraced, type Tensor } from '../engine';
import { recompute, replayable } from '../engine/replay';
import type { GraphView, StepRecordInfo } from '../protocol';
import type { GraphExport } from './graph-view';

type Param = Value | Tensor;

/** Relative difference past which a recomputed step is not the recorded one. */
const EXACT = 1e-9;

export class StepRecord {
  private params: Param[] = [];
  private size = 0;
  private readonly frames: Float64Array[] = [];
  private readonly losses: number[] = [];
  private first = 0;
  private stride = 1;

  /** `parameters`: what to record (the program's modules'), asked until there are some. */
  constructor(private readonly capBytes: number, private readonly parameters: () => Param[]) {}

  /** After backward() number `step` (1-based). */
  onBackward(step: number, loss: number): void {
    if (this.frames.length === 0) {
      this.params = this.parameters();
      this.size = this.params.reduce((n, p) => n + sizeOf(p), 0);
      if (this.size === 0) return;
      this.first = step;
    }
    if ((step - this.first) % this.stride !== 0) return;
    const frame = new Float64Array(2 * this.size);
    let at = 0;
    for (const p of this.params) at = write(frame, at, p, 'data');
    for (const p of this.params) at = write(frame, at, p, 'grad');
    this.frames.push(frame);
    this.losses.push(loss);
    if (this.bytes > this.capBytes && this.frames.length > 2) this.thin();
  }

  get info(): StepRecordInfo | null {
    return this.frames.length === 0 ? null : { first: this.first, stride: this.stride, count: this.frames.length, bytes: this.bytes, capBytes: this.capBytes };
  }

  private get bytes(): number {
    return this.frames.length * 2 * this.size * Float64Array.BYTES_PER_ELEMENT;
  }

  private thin(): void {
    const keep = (_: unknown, i: number): boolean => i % 2 === 0;
    const frames = this.frames.filter(keep);
    const losses = this.losses.filter(keep);
    this.frames.splice(0, this.frames.length, ...frames);
    this.losses.splice(0, this.losses.length, ...losses);
    this.stride *= 2;
  }

  /**
   * The graph of `exported` (the last step's, or a live view's) with the numbers of recorded step
   * `step`; the graph is left as it was found. Null when its ops cannot be recomputed.
   */
  viewAt(exported: GraphExport, step: number, scopes: readonly number[]): { graph: GraphView; scopes: GraphView[]; exact: boolean } | null {
    const i = (step - this.first) / this.stride;
    const frame = this.frames[i];
    if (!frame || !Number.isInteger(i)) return null;
    return atValues(exported, this.valuesOf(frame), (root, inGraph) => {
      let at = this.size; // the grads follow the data in a frame
      const exact = close(scalarOf(root), this.losses[i]) && this.params.every((p) => {
        const same = !inGraph.has(p) || gradsMatch(p, frame, at);
        at += sizeOf(p);
        return same;
      });
      return { graph: exported.view(), scopes: scopes.filter((s) => exported.hasScope(s)).map((s) => exported.view(s)), exact };
    });
  }

  /** The parameters' values at `step` if it was recorded (what its backward() saw), else null. */
  valuesAt(step: number): Map<Param, number | Float64Array> | null {
    const i = (step - this.first) / this.stride;
    const frame = this.frames[i];
    return frame && Number.isInteger(i) ? this.valuesOf(frame) : null;
  }

  private valuesOf(frame: Float64Array): Map<Param, number | Float64Array> {
    const values = new Map<Param, number | Float64Array>();
    let at = 0;
    for (const p of this.params) {
      const n = sizeOf(p);
      values.set(p, p instanceof Value ? frame[at] : frame.slice(at, at + n));
      at += n;
    }
    return values;
  }
}

/**
 * Runs `fn` on the graph of `exported` recomputed with `values` (some leaves' values; the others
 * keep theirs): forward from the graph, gradients from the engine's backward(). The graph — every
 * node's data and grad, a tensor's own grad object too — is put back as it was found afterwards.
 * Null when its ops cannot be recomputed.
 */
export function atValues<T>(exported: GraphExport, values: Map<Param, number | Float64Array>, fn: (root: Param, inGraph: Set<Param>) => T): T | null {
  const root = exported.order[exported.order.length - 1];
  if (!root || !replayable(root)) return null;
  const saved = exported.order.map(save);
  try {
    const inGraph = new Set<Param>(exported.order);
    const replaced = new Map([...values].filter(([p]) => inGraph.has(p)));
    recompute(root as Value, replaced as Map<Value, number>);
    for (const node of exported.order) {
      if (node instanceof Value) node.grad = 0;
      else node.grad = null;
    }
    untraced(() => root.backward()); // a replay is not a step of the run
    return fn(root, inGraph);
  } finally {
    exported.order.forEach((node, j) => restore(node, saved[j]));
  }
}

function sizeOf(p: Param): number {
  return p instanceof Value ? 1 : p.data.length;
}

function write(frame: Float64Array, at: number, p: Param, what: 'data' | 'grad'): number {
  if (p instanceof Value) {
    frame[at] = what === 'data' ? p.data : p.grad;
    return at + 1;
  }
  const source = what === 'data' ? p.data : p.grad?.data;
  if (source) frame.set(source, at);
  return at + p.data.length;
}

function scalarOf(node: Param): number {
  return node instanceof Value ? node.data : node.data[0];
}

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= EXACT * Math.max(1, Math.abs(a), Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));
}

function gradsMatch(p: Param, frame: Float64Array, at: number): boolean {
  if (p instanceof Value) return close(p.grad, frame[at]);
  const grad = p.grad?.data;
  if (!grad) return true;
  for (let i = 0; i < grad.length; i++) if (!close(grad[i], frame[at + i])) return false;
  return true;
}

type Saved = { data: number | Float64Array; grad: number | Float64Array | null; gradTensor: Tensor | null };

function save(node: Param): Saved {
  if (node instanceof Value) return { data: node.data, grad: node.grad, gradTensor: null };
  return { data: node.data.slice(), grad: node.grad ? node.grad.data.slice() : null, gradTensor: node.grad };
}

/** Puts a node back as it was — a tensor's own grad object too (a program may hold it). */
function restore(node: Param, saved: Saved): void {
  if (node instanceof Value) {
    node.data = saved.data as number;
    node.grad = saved.grad as number;
    return;
  }
  node.data.set(saved.data as Float64Array);
  saved.gradTensor?.data.set(saved.grad as Float64Array);
  node.grad = saved.gradTensor;
}
