// While a program runs, its worker thread is busy in user code and reads no messages; the panel
// may still open a group of the live graph. The run's process writes such requests into this
// ring (shared memory), and the worker answers them with its next live view (live-graph.ts).
// The same requests also go by message: after the run, the worker answers from its final graph
// (answered once: the worker remembers which requests it answered).

const SLOTS = 32;

export function newExpandRing(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + 2 * SLOTS));
}

export interface ExpandAsk {
  requestId: number;
  group: number;
}

/** The process's end: one writer. */
export function pushExpand(ring: SharedArrayBuffer, ask: ExpandAsk): void {
  const cells = new Int32Array(ring);
  const written = Atomics.load(cells, 0);
  const slot = 1 + 2 * (written % SLOTS);
  Atomics.store(cells, slot, ask.requestId);
  Atomics.store(cells, slot + 1, ask.group);
  Atomics.store(cells, 0, written + 1); // published only once the slot is whole
}

/** The worker's end: reads what was written since the last call (at most the ring's size: older asks are answered after the run). */
export class ExpandReader {
  private read = 0;
  private readonly cells: Int32Array;

  constructor(ring: SharedArrayBuffer) {
    this.cells = new Int32Array(ring);
  }

  take(): ExpandAsk[] {
    const written = Atomics.load(this.cells, 0);
    const asks: ExpandAsk[] = [];
    for (let i = Math.max(this.read, written - SLOTS); i < written; i++) {
      const slot = 1 + 2 * (i % SLOTS);
      asks.push({ requestId: Atomics.load(this.cells, slot), group: Atomics.load(this.cells, slot + 1) });
    }
    this.read = written;
    return asks;
  }
}
