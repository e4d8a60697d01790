// "Check gradient" in the details pane: the gradient backward() computed for a leaf against a
// central difference of the recorded graph, both from the run's process (src/runner/gradcheck.ts)
// — and "Check all" for every leaf. Says plainly when a kink explains a difference.

import type { GradcheckAnswer } from '../src/protocol';
import { el } from './dom';
import { button } from './elements';
import { formatCount, formatPrecise } from './format';

export interface GradcheckHooks {
  /** Check one leaf (its node id), or every leaf (null). */
  onCheck(nodeId: number | null): void;
}

/** The buttons and, once answered, the outcome — for one node's details. */
export function gradcheckSection(nodeId: number, hooks: GradcheckHooks): { element: HTMLElement; show(nodeId: number | null, answer: GradcheckAnswer | null, why?: string): void } {
  const element = el('section', 'gradcheck');
  const outcome = el('div', 'gradcheck-outcome');
  outcome.setAttribute('aria-live', 'polite');
  const ask = (id: number | null): void => {
    outcome.replaceChildren(el('p', 'details-hint', `${id === null ? 'Checking every leaf' : 'Checking'}… (a run still training answers when it ends)`));
    hooks.onCheck(id);
  };
  element.append(
    button('Check gradient', () => ask(nodeId), { secondary: true, title: 'Compare this gradient with a central difference of the recorded graph (your code does not run again)' }),
    button('Check all', () => ask(null), { secondary: true, title: 'Check every leaf of the graph' }),
    outcome,
  );
  return {
    element,
    show: (id, answer, why) => {
      if (id !== null && id !== nodeId) return; // another node's answer: this pane moved on
      outcome.replaceChildren(...(why ? [el('p', 'details-hint', why)] : describe(id, answer)));
    },
  };
}

function describe(nodeId: number | null, answer: GradcheckAnswer | null): HTMLElement[] {
  if (!answer) return [el('p', 'details-warning', 'This graph cannot be checked: the run has ended its process, or an op in it cannot be recomputed.')];
  const where = answer.at === 'last-step' ? 'at the values the last backward() saw' : 'at the values after the run (the graph recomputed there)';
  if (nodeId !== null) {
    const line = answer.lines[0];
    if (!line) return [el('p', 'details-hint', 'Only a leaf (an input or a parameter) can be checked.')];
    const verdict = line.ok ? 'ok' : line.kink ? 'differs — at a kink' : 'MISMATCH';
    const rows = el('dl', 'details-list');
    for (const [term, value] of [['analytic', formatPrecise(line.analytic)], ['numeric', formatPrecise(line.numeric)], ['rel. error', line.relerr.toExponential(1)], ['verdict', verdict]]) rows.append(el('dt', '', term), el('dd', '', value));
    const parts = [rows, el('p', 'details-hint', `Central difference of the recorded graph, ${where}.`)];
    if (line.kink) parts.push(el('p', 'details-warning', `On the way to the loss: ${line.kink}. The function has no derivative there; the engine uses PyTorch's choice, so the two may legitimately differ.`));
    return parts;
  }
  const bad = answer.lines.filter((l) => !l.ok);
  const summary = el('p', bad.length ? 'details-warning' : 'details-hint', `${formatCount(answer.lines.length)} leaves checked in ${Math.round(answer.ms)} ms, ${where}: ${bad.length === 0 ? 'all ok.' : `${bad.length} differ.`}`);
  const list = el('ul', 'gradcheck-list');
  for (const l of bad.slice(0, 20)) list.append(el('li', '', `${l.label}: analytic ${formatPrecise(l.analytic)}, numeric ${formatPrecise(l.numeric)}${l.kink ? ` — ${l.kink}` : ' — MISMATCH'}`));
  return bad.length ? [summary, list] : [summary];
}
