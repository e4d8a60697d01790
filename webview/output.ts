// The Output tab: the current run's console output, each line with the line of the user's code
// that logged it ("line 12"), warnings and errors in the theme's colours. Text only (textContent):
// a logged string is never HTML. Keeps the last MAX_LINES lines and says how many went before.

import type { LogEvent } from '../src/protocol';
import { el } from './dom';
import { formatCount } from './format';

/** Lines kept on the page; a run that logs more keeps its last ones (the host may drop more). */
export const MAX_LINES = 5000;

export class OutputView {
  readonly element = el('section', 'output-panel');
  private readonly dropped = el('p', 'output-dropped');
  private readonly list = el('div', 'output-lines');
  private readonly empty = el('p', 'output-empty', 'Nothing logged yet. console.log in your code shows here, with its line.');
  private droppedCount = 0;
  private lines = 0;

  constructor(private readonly onCount: (lines: number) => void) {
    this.list.setAttribute('role', 'log');
    this.list.setAttribute('aria-label', 'Console output of the run');
    this.list.tabIndex = 0; // scrollable by keyboard
    this.dropped.hidden = true;
    this.element.append(this.empty, this.dropped, this.list);
  }

  get count(): number {
    return this.lines;
  }

  clear(): void {
    this.list.replaceChildren();
    this.droppedCount = 0;
    this.lines = 0;
    this.render();
  }

  append(event: LogEvent): void {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 8;
    const frag = document.createDocumentFragment();
    for (const line of event.lines) {
      const row = el('div', `output-line level-${line.level}`);
      row.append(el('span', 'output-where', line.line === null ? '' : `line ${line.line + 1}`), el('span', 'output-text', line.text));
      frag.append(row);
    }
    this.list.append(frag);
    this.lines += event.lines.length;
    this.droppedCount += event.dropped;
    const excess = this.list.childElementCount - MAX_LINES;
    for (let i = 0; i < excess; i++) this.list.firstElementChild!.remove();
    if (excess > 0) {
      this.droppedCount += excess;
      this.lines -= excess;
    }
    this.render();
    // Follow the output while the user is at its end; leave them where they scrolled otherwise.
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  private render(): void {
    this.empty.hidden = this.lines > 0 || this.droppedCount > 0;
    this.dropped.hidden = this.droppedCount === 0;
    this.dropped.textContent = `${formatCount(this.droppedCount)} earlier line${this.droppedCount === 1 ? '' : 's'} not shown: the run logged more than the panel keeps.`;
    this.onCount(this.lines + this.droppedCount);
  }
}
