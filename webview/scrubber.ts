// The step scrubber: a slider over the steps the run recorded (the worker records parameters at
// each step under a memory cap: step-record.ts), play/pause, and "Latest". Moving it asks for the
// graph at that step; the answer is recomputed in the run's process. Keyboard: the slider's own
// arrows, Page Up/Down, Home/End; Space on the slider plays or pauses.

import type { StepRecordInfo } from '../src/protocol';
import { el } from './dom';
import { button } from './elements';
import { formatCount } from './format';

/** Play: the whole record in about this many frames, one frame every PLAY_MS. */
const PLAY_FRAMES = 100;
const PLAY_MS = 120;

export interface ScrubberHooks {
  /** Show recorded step `step`; null: back to the latest graph. */
  onStep(step: number | null): void;
}

export class Scrubber {
  readonly element = el('section', 'scrubber');
  private readonly slider = el('input', 'scrubber-slider');
  private readonly label = el('span', 'scrubber-label');
  private readonly play: HTMLElement;
  private readonly latest: HTMLElement;
  private record: StepRecordInfo | null = null;
  /** The step shown, or null while following the latest graph. */
  private shown: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly hooks: ScrubberHooks) {
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.setAttribute('aria-label', 'Training step shown in the graph');
    this.slider.addEventListener('input', () => this.moved());
    this.slider.addEventListener('keydown', (event) => {
      if (event.key === ' ') {
        event.preventDefault();
        this.toggle();
      }
    });
    this.play = button('▶', () => this.toggle(), { secondary: true, title: 'Play the recorded steps (Space on the slider)', className: 'scrubber-play' });
    this.latest = button('Latest', () => this.follow(), { secondary: true, title: 'Back to the latest step', className: 'scrubber-latest' });
    this.element.append(el('span', 'scrubber-title', 'Step'), this.play, this.slider, this.label, this.latest);
    this.element.hidden = true;
  }

  /** What the run recorded so far (null: nothing — no scrubber). */
  setRecord(record: StepRecordInfo | null): void {
    this.record = record;
    this.element.hidden = record === null || record.count < 2;
    if (!record) return this.stopPlaying();
    this.slider.max = String(record.count - 1);
    // The record thins as it grows: the thumb stays on the step shown (or the nearest kept before it).
    this.slider.value = this.shown === null ? this.slider.max : String(Math.max(0, Math.floor((this.shown - record.first) / record.stride)));
    this.render();
  }

  /** A new run: nothing recorded, following its latest graph. */
  reset(): void {
    this.stopPlaying();
    this.shown = null;
    this.setRecord(null);
  }

  get step(): number | null {
    return this.shown;
  }

  private stepAt(index: number): number {
    return this.record!.first + index * this.record!.stride;
  }

  private moved(): void {
    if (!this.record) return;
    const index = Number(this.slider.value);
    const atEnd = index >= this.record.count - 1 && !this.timer;
    this.shown = atEnd ? null : this.stepAt(index);
    this.render();
    this.hooks.onStep(this.shown);
  }

  private follow(): void {
    this.stopPlaying();
    if (this.record) this.slider.value = String(this.record.count - 1);
    this.shown = null;
    this.render();
    this.hooks.onStep(null);
  }

  private toggle(): void {
    if (this.timer) return this.stopPlaying();
    if (!this.record) return;
    if (Number(this.slider.value) >= this.record.count - 1) this.slider.value = '0';
    this.play.textContent = '||';
    this.play.title = 'Pause (Space on the slider)';
    this.timer = setInterval(() => {
      const record = this.record!;
      const next = Math.min(record.count - 1, Number(this.slider.value) + Math.max(1, Math.round(record.count / PLAY_FRAMES)));
      this.slider.value = String(next);
      this.shown = this.stepAt(next);
      this.render();
      this.hooks.onStep(this.shown);
      if (next >= record.count - 1) this.stopPlaying();
    }, PLAY_MS);
    this.moved();
  }

  private stopPlaying(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = '▶';
    this.play.title = 'Play the recorded steps (Space on the slider)';
  }

  private render(): void {
    const record = this.record;
    if (!record) return;
    const last = this.stepAt(record.count - 1);
    const every = record.stride > 1 ? ` · every ${formatCount(record.stride)}th recorded` : '';
    this.label.textContent = this.shown === null ? `latest (${formatCount(last)} recorded${every})` : `${formatCount(this.shown)} of ${formatCount(last)}${every}`;
    this.slider.setAttribute('aria-valuetext', this.shown === null ? 'latest step' : `step ${this.shown}`);
    this.latest.toggleAttribute('disabled', this.shown === null);
  }
}
