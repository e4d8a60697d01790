// What a notebook cell's GradLens output holds, and the messages between its renderer (in the
// notebook's output frame) and the extension host. A cell runs in the notebook's kernel (a
// long-lived run process); its output is saved in the .ipynb with this mime type, beside
// text/plain and an SVG of the graph for readers without GradLens.

import type { GraphView } from './graph';

/** The mime type of a cell's graph and loss output (contributes.notebookRenderer). */
export const CELL_OUTPUT_MIME = 'application/vnd.gradlens.cell+json';

/** The most loss points a cell's output carries (it is saved in the notebook, and sent several times a second while training). */
export const MAX_CELL_LOSSES = 4000;

export interface CellOutput {
  /** Which kernel session ran the cell (a restart starts a new one): expand requests go to it. */
  session: string;
  /** The cell's execution order ([n] beside the cell), which this output belongs to. */
  execution: number;
  /** Says whose output this is, in the user's words: "Cell 3, run [5]". */
  title: string;
  /** The graph of the cell's root (the same rules as Compute), or null when it has none. */
  graph: GraphView | null;
  /** How the root was chosen (RootReason of a run), for the caption. */
  rootReason: string | null;
  /**
   * The loss at each backward() call, in order; empty when it never trained. At most
   * MAX_CELL_LOSSES points: a longer run is thinned evenly, point i being step i·lossStride + 1.
   */
  losses: number[];
  /** backward() calls per point of `losses` (1: every step; absent in outputs saved before it existed: 1). */
  lossStride?: number;
  /** False while the cell still runs (a live chart): the final output replaces it. */
  done: boolean;
  /** gradlens.numberPrecision when the output was made. */
  precision: number;
}

/** Renderer -> host: the inside of a group of a cell's graph, asked of the kernel that ran it. */
export interface RendererExpandRequest {
  type: 'expand';
  requestId: number;
  session: string;
  execution: number;
  group: number;
}

/** Host -> renderer: the answer (null when that kernel or that cell's graph is gone). */
export interface RendererExpandAnswer {
  type: 'expanded';
  requestId: number;
  view: GraphView | null;
}
