// Runs layouts in a Web Worker made from a Blob URL (a webview may not start workers from its
// resource URIs; `worker-src blob:` allows this). One layout at a time: a new request cancels the
// one in flight by terminating its worker and starting a fresh one (~20 ms). If workers are not
// available, the layout runs on the main thread.

import source from 'worker:./layout-worker.ts';
import { layout, type LayoutInput, type LayoutOptions, type LayoutResult } from './layout';
import type { LayoutAnswer, LayoutRequest } from './layout-worker';

export class LayoutCancelled extends Error {
  constructor() {
    super('layout cancelled');
  }
}

interface Pending {
  id: number;
  input: LayoutInput;
  options: Partial<LayoutOptions>;
  resolve: (result: LayoutResult) => void;
  reject: (error: Error) => void;
}

export class LayoutClient {
  private worker: Worker | null = null;
  private url: string | null = null;
  private pending: Pending | null = null;
  private nextId = 0;
  private workersWork = true;
  /** Warm-up layouts still to run (one in flight at a time). */
  private warming = 0;

  run(input: LayoutInput, options: Partial<LayoutOptions> = {}): Promise<LayoutResult> {
    this.cancel();
    if (!this.workersWork) return Promise.resolve(layout(input, options));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch {
      this.workersWork = false;
      return Promise.resolve(layout(input, options));
    }
    const id = this.nextId++;
    return new Promise<LayoutResult>((resolve, reject) => {
      this.pending = { id, input, options, resolve, reject };
      const request: LayoutRequest = { id, input, options };
      worker.postMessage(request);
    });
  }

  /**
   * Starts the worker ahead of the first graph and lays out a few small made-up graphs in it, one
   * at a time and only while no real layout waits, so that the first real layout runs code the
   * engine has already optimised (measured in Node: 1,827 nodes in ~280 ms cold, ~150 ms after).
   */
  warm(chunks = 4): void {
    if (this.pending || chunks <= 0 || !this.workersWork) return;
    try {
      this.warming = chunks;
      this.ensureWorker().postMessage({ id: -1, input: warmUpGraph(400) } satisfies LayoutRequest);
    } catch {
      this.workersWork = false;
    }
  }

  /** Stops the layout in flight, if any (its promise rejects with LayoutCancelled). */
  cancel(): void {
    if (!this.pending) return;
    this.pending.reject(new LayoutCancelled());
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
  }

  dispose(): void {
    this.cancel();
    this.worker?.terminate();
    this.worker = null;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.url ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(this.url);
    worker.onmessage = (event: MessageEvent<LayoutAnswer>) => {
      if (event.data.id === -1) {
        this.warm(this.warming - 1);
        return;
      }
      if (this.pending?.id !== event.data.id) return;
      const { resolve } = this.pending;
      this.pending = null;
      resolve(event.data.result);
    };
    // A worker that fails (it should not) is not used again: its layout, and the next ones, run
    // on the main thread.
    worker.onerror = (event) => {
      event.preventDefault();
      const pending = this.pending;
      this.pending = null;
      this.worker?.terminate();
      this.worker = null;
      this.workersWork = false;
      if (pending) pending.resolve(layout(pending.input, pending.options));
    };
    this.worker = worker;
    return worker;
  }
}

/** A layered DAG like a small MLP's: `n` nodes in ranks of 8, each fed by two nodes of the rank before. */
function warmUpGraph(n: number): LayoutInput {
  const from: number[] = [];
  const to: number[] = [];
  for (let v = 8; v < n; v++) {
    from.push(v - 8 - (v % 3), v - 8 + ((v * 5) % 8) - (v % 8));
    to.push(v, v);
  }
  return {
    w: new Float64Array(n).fill(120),
    h: new Float64Array(n).fill(26),
    from: Int32Array.from(from, (u) => Math.max(0, u)),
    to: Int32Array.from(to),
  };
}
