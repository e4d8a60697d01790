// GradLens' notebook renderer (contributes.notebookRenderers, id gradlens.cell-renderer): draws a
// cell's CellOutput (src/protocol/notebook.ts) in the notebook's output frame. An ES module that
// VS Code imports and calls `activate` on; each output is drawn into a shadow root so that the
// panel's stylesheet applies unchanged and nothing leaks between outputs (styles.ts).
//
// Opening a group asks the kernel that ran the cell, through renderer messaging: the renderer
// posts a RendererExpandRequest, the host answers with a RendererExpandAnswer of the same
// requestId (view null: that kernel or that cell's graph is gone).

import { CELL_OUTPUT_MIME, type CellOutput, type GraphView, type RendererExpandAnswer, type RendererExpandRequest } from '../../src/protocol';
import { CellView, type CellKernel } from './cell-view';
import type { ActivationFunction, OutputItem, RendererContext } from './renderer-api';
import { cellStyleSheet } from './styles';

/** How long an expand waits for the host before saying so. */
const ANSWER_MS = 20_000;

export const NO_HOST = 'GradLens cannot reach the kernel from this output: run the cell again to open groups.';
export const GONE = 'This kernel was restarted; run the cell again to open groups.';
export const NO_ANSWER = 'The GradLens kernel did not answer: run the cell again to open groups.';

export const activate: ActivationFunction = (context) => {
  const kernel = messaging(context);
  /** By output id: an output replaced in place keeps its view (and its chart, expansions, selection). */
  const views = new Map<string, { element: HTMLElement; view: CellView }>();

  return {
    async renderOutputItem(item: OutputItem, element: HTMLElement, signal?: AbortSignal): Promise<void> {
      const output = cellOutput(item);
      let entry = views.get(item.id);
      if (entry && entry.element !== element) {
        entry.view.dispose();
        entry = undefined;
      }
      if (!entry) {
        const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
        element.addEventListener('wheel', passWheel, { capture: true }); // once: the same listener is not added twice
        shadow.adoptedStyleSheets = [cellStyleSheet()];
        const view = new CellView(kernel);
        shadow.replaceChildren(view.element);
        entry = { element, view };
        views.set(item.id, entry);
      }
      if (signal?.aborted) return;
      await entry.view.update(output);
    },

    disposeOutputItem(id?: string): void {
      for (const [key, entry] of views) {
        if (id !== undefined && key !== id) continue;
        entry.view.dispose();
        views.delete(key);
      }
    },
  };
};

/**
 * The wheel scrolls the notebook, as over any output; over a cell's graph it zooms only with Ctrl
 * or ⌘ held (a trackpad's pinch comes so too). Taken here, before the graph sees it, and given to
 * the notebook's frame as a wheel event on the output's parent (the frame scrolls the notebook on
 * the wheel events that reach it; the graph's own handler would have prevented that).
 */
function passWheel(event: WheelEvent): void {
  if (event.ctrlKey || event.metaKey || !event.isTrusted) return;
  const host = event.currentTarget as HTMLElement;
  event.stopPropagation();
  host.parentElement?.dispatchEvent(new WheelEvent('wheel', event));
}

/** The output's JSON, checked for the fields the view reads (an older or foreign output says so). */
function cellOutput(item: OutputItem): CellOutput {
  const value = item.json() as Partial<CellOutput> | null;
  if (!value || typeof value !== 'object' || typeof value.title !== 'string' || !Array.isArray(value.losses) || typeof value.session !== 'string') {
    throw new Error(`GradLens cannot read this output (${CELL_OUTPUT_MIME}): run the cell again.`);
  }
  return value as CellOutput;
}

/** Expand requests over renderer messaging, each answered once (by the host, or by a timeout). */
function messaging(context: RendererContext): CellKernel {
  const pending = new Map<number, (answer: GraphView | string) => void>();
  let nextId = 1;
  context.onDidReceiveMessage?.((message) => {
    const answer = message as Partial<RendererExpandAnswer> | null;
    if (!answer || answer.type !== 'expanded' || typeof answer.requestId !== 'number') return;
    const resolve = pending.get(answer.requestId);
    pending.delete(answer.requestId);
    resolve?.(answer.view ?? GONE);
  });
  return {
    expand(output: CellOutput, group: number): Promise<GraphView | string> {
      const post = context.postMessage;
      if (!post) return Promise.resolve(NO_HOST);
      const requestId = nextId++;
      const request: RendererExpandRequest = { type: 'expand', requestId, session: output.session, execution: output.execution, group };
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(requestId);
          resolve(NO_ANSWER);
        }, ANSWER_MS);
        pending.set(requestId, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        post.call(context, request);
      });
    },
  };
}
