// While a program runs, its worker thread is busy in user code and reads no messages; the panel
// may still open a group of the live graph, or scrub to a recorded step. The run's process writes
// such requests into this ring (shared memory), and the worker answers them with its next live
// view (live-graph.ts). The same requests also go by message: after the run, the worker answers
// from its final graph (answered once: the worker remembers which requests it answered).

const SLOTS = 32;

export function newAskRing(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + CELLS * SLOTS));
}

/** `arg`: the group to open (expand), or the step to show (scrub). */
export interface RingAsk {
  requestId: number;
  kind: 'expand' | 'scrub';
  arg: number;
}

const KINDS: RingAsk['kind'][] = ['expand', 'scrub'];
const CELLS = 3;

/** The process's end: one writer. */
export function pushAsk(ring: SharedArrayBuffer, ask: RingAsk): void {
  const cells = new Int32Array(ring);
  const written = Atomics.load(cells, 0);
  const slot = 1 + CELLS * (written % SLOTS);
  Atomics.store(cells, slot, ask.requestId);
  Atomics.store(cells, slot + 1, KINDS.indexOf(ask.kind));
  Atomics.store(cells, slot + 2, ask.arg);
  Atomics.store(cells, 0, written + 1); // published only once the slot is whole
}

/** The worker's end: reads what was written since the last call (at most the ring's size: older asks are answered after the run). */
export class AskReader {
  private read = 0;
  private readonly cells: Int32Array;

  constructor(ring: SharedArrayBuffer) {
    this.cells = new Int32Array(ring);
  }

  take(): RingAsk[] {
    const written = Atomics.load(this.cells, 0);
    const asks: RingAsk[] = [];
    for (let i = Math.max(this.read, written - SLOTS); i < written; i++) {
      const slot = 1 + CELLS * (i % SLOTS);
      asks.push({ requestId: Atomics.load(this.cells, slot), kind: KINDS[Atomics.load(this.cells, slot + 1)], arg: Atomics.load(this.cells, slot + 2) });
    }
    this.read = written;
    return asks;
  }
}
