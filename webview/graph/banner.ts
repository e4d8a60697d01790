// Above the graph: what is collapsed ("5 groups collapsed … — click one to open it") and what the
// user opened, each with a button that closes it again. Dashed lines are explained where they
// appear: only while a group is open.

import { el } from '../dom';
import { formatCount } from '../format';
import type { GraphModel } from './model';

export class GraphBanner {
  readonly element = el('div', 'graph-banner');
  private readonly collapsed = el('div', 'banner-collapsed');
  private readonly opened = el('div', 'banner-opened');

  constructor(private readonly onClose: (group: number) => void) {
    this.element.append(this.collapsed, this.opened);
    this.element.hidden = true;
  }

  clear(): void {
    this.element.hidden = true;
  }

  update(model: GraphModel): void {
    const { groups, nodes } = model.collapsed;
    this.collapsed.hidden = groups === 0;
    this.collapsed.textContent = groups === 0 ? '' :
      `${groups} group${groups === 1 ? '' : 's'} collapsed (${formatCount(nodes)} of ${formatCount(model.totalNodes)} nodes) — click one to open it`;
    // An opened group shows as its two ports ("▸ name" where its inputs enter, "name ▸" its exit).
    const open = new Map<number, string>();
    for (const item of model.items) if (item.kind === 'port' && item.group) open.set(item.group.id, item.group.label);
    this.opened.hidden = open.size === 0;
    this.opened.replaceChildren();
    if (open.size > 0) {
      this.opened.append(el('span', 'banner-title', 'Open:'));
      for (const [id, label] of open) {
        const close = el('button', 'open-group', `${label} ✕`);
        close.type = 'button';
        close.title = `Close ${label} (collapse it into one box again)`;
        close.addEventListener('click', () => this.onClose(id));
        this.opened.append(close);
      }
      this.opened.append(el('span', 'banner-note', 'Dashed lines: where an opened group\'s inputs enter and its results leave.'));
    }
    this.element.hidden = this.collapsed.hidden && this.opened.hidden;
  }
}
