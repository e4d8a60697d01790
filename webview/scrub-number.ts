// A number field you can type in, drag, or step with the keyboard, as Blender's and Figma's are:
// press on it and drag left or right to change the value (by a step that scales with the value's
// magnitude: 0.01 a pixel for 2, 1 a pixel for 300), or click it to type; ↑/↓ step it (Shift ×10,
// Alt ×0.1); Escape during a drag puts the value back. What the value asks for (a what-if of the
// recorded graph) goes out one request at a time, the newest value winning (LatestOnly).

/** A drag moves the value by this much per pixel: 1/100 of its order of magnitude (0.01 around 0). */
export function dragStep(value: number): number {
  const magnitude = Math.abs(value);
  if (!Number.isFinite(magnitude) || magnitude < 1e-12) return 0.01;
  return 10 ** (Math.floor(Math.log10(magnitude)) - 2);
}

/** An arrow key moves it by ten drag steps, so 2 → 2.1 and 300 → 310. */
export const keyStep = (value: number): number => 10 * dragStep(value);

/**
 * `start + count · step` without float noise (2 + 3 · 0.01 is 2.03, not 2.0300000000000002):
 * rounded to the decimals of the step or of the start, whichever has more.
 */
export function stepped(start: number, step: number, count: number): number {
  const decimals = Math.max(decimalsOf(step), decimalsOf(start));
  return Number((start + count * step).toFixed(decimals));
}

/** The decimals of the shortest form of `x` that reads back as `x` (1e-7 has 7). */
function decimalsOf(x: number): number {
  const [mantissa, exponent = '0'] = String(Math.abs(x)).split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.min(100, Math.max(0, fraction.length - Number(exponent)));
}

/** Scales a step by the modifier keys held: Shift ×10, Alt ×0.1. */
function withModifiers(step: number, event: { shiftKey: boolean; altKey: boolean }): number {
  return event.shiftKey ? step * 10 : event.altKey ? step / 10 : step;
}

/**
 * One request in flight at a time: a value pushed while one is out waits, and a newer one
 * replaces it, so a drag never queues up stale recomputations. `answered()` sends the waiting one;
 * an answer that never comes (the host gave up) frees the way after `timeoutMs`.
 */
export class LatestOnly<T> {
  private inFlight = false;
  private waiting: { value: T } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly send: (value: T) => void, private readonly timeoutMs = 1500) {}

  /** Nothing out and nothing waiting. */
  get idle(): boolean {
    return !this.inFlight && this.waiting === null;
  }

  push(value: T): void {
    if (this.inFlight) {
      this.waiting = { value };
      return;
    }
    this.inFlight = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.answered(), this.timeoutMs);
    this.send(value);
  }

  answered(): void {
    clearTimeout(this.timer);
    this.inFlight = false;
    const next = this.waiting;
    this.waiting = null;
    if (next) this.push(next.value);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.waiting = null;
  }
}

/** Pixels a press may move before it is a drag rather than a click (to type). */
const DRAG_THRESHOLD_PX = 3;

export interface ScrubNumber {
  /** Shows `value` (the run's or an answer's) unless the user is changing it. */
  show(value: number): void;
  /** Whether a drag is under way. */
  readonly dragging: boolean;
  /** Stops listening to a drag under way (the field is gone). */
  dispose(): void;
}

/**
 * Makes a number `<input>` scrubbable: `onValue` gets each new value as the user drags, steps with
 * the arrow keys, or types one and presses Enter.
 */
export function scrubNumber(input: HTMLInputElement, onValue: (value: number) => void): ScrubNumber {
  input.classList.add('scrubbable');
  let drag: { pointerId: number; startX: number; start: number; step: number; moved: boolean; last: number } | null = null;
  const current = (): number => {
    const value = Number(input.value);
    return input.value.trim() !== '' && Number.isFinite(value) ? value : NaN;
  };
  const set = (value: number): void => {
    input.value = String(value);
    onValue(value);
  };

  const move = (event: PointerEvent): void => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const dx = event.clientX - drag.startX;
    if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
    drag.moved = true;
    document.documentElement.classList.add('scrubbing');
    const value = stepped(drag.start, withModifiers(drag.step, event), Math.round(dx));
    if (value !== drag.last) {
      drag.last = value;
      set(value);
    }
  };
  const end = (event: PointerEvent | null): void => {
    if (!drag || (event && event.pointerId !== drag.pointerId)) return;
    const clicked = !drag.moved;
    drag = null;
    stopListening();
    // A click without a drag is for typing: the field takes the focus, its text selected.
    if (clicked && event?.type === 'pointerup') {
      input.focus();
      input.select();
    }
  };
  const up = (event: PointerEvent): void => end(event);
  const escape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !drag) return;
    event.preventDefault();
    const { start, moved } = drag;
    end(null);
    if (moved) set(start);
  };
  const stopListening = (): void => {
    document.documentElement.classList.remove('scrubbing');
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    window.removeEventListener('pointercancel', up);
    window.removeEventListener('keydown', escape, true);
  };

  input.addEventListener('pointerdown', (event) => {
    // A focused field is being typed in: the pointer places the caret, as usual.
    if (event.button !== 0 || document.activeElement === input || drag) return;
    const start = current();
    if (Number.isNaN(start)) return;
    event.preventDefault(); // no focus and no text selection until it is known not to be a drag
    drag = { pointerId: event.pointerId, startX: event.clientX, start, step: dragStep(start), moved: false, last: start };
    // On the window, not captured by the field: the details pane may redraw the field mid-drag.
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
    window.addEventListener('keydown', escape, true);
  });
  input.addEventListener('mousedown', (event) => {
    if (document.activeElement !== input) event.preventDefault();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const value = current();
    if (Number.isNaN(value)) return;
    event.preventDefault(); // instead of the browser's step of 1
    const step = withModifiers(keyStep(value), event);
    set(stepped(value, step, event.key === 'ArrowUp' ? 1 : -1));
  });
  input.addEventListener('change', () => {
    const value = current();
    if (!Number.isNaN(value)) onValue(value);
  });

  return {
    show: (value) => {
      if (!drag) input.value = String(value);
    },
    get dragging() {
      return drag !== null;
    },
    dispose: () => {
      drag = null;
      stopListening();
    },
  };
}
