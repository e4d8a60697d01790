// The notice that takes the place of the graph, the gradient table and the details while the
// current run has no result: what is going on (waiting, failed, stopped early), in words. The
// tabs are hidden rather than emptied, so nothing there can be read as this run's. Text only.

import { el } from './dom';
import { progressRing } from './elements';
import type { Notice } from './run-view';

export class RunNotice {
  readonly element = el('section', 'run-notice');
  private readonly ring = progressRing('notice-ring');
  private readonly title = el('h2', 'notice-title');
  private readonly body = el('div', 'notice-body');

  constructor() {
    this.element.setAttribute('role', 'status');
    const head = el('div', 'notice-head');
    head.append(this.ring, this.title);
    this.element.append(head, this.body);
    this.element.hidden = true;
  }

  show(notice: Notice | null): void {
    this.element.hidden = notice === null;
    if (!notice) return;
    this.element.className = `run-notice tone-${notice.tone}`;
    this.ring.hidden = notice.tone !== 'waiting';
    this.title.textContent = notice.title;
    this.body.replaceChildren(...notice.lines.map((line) => el('p', '', line)));
  }
}
