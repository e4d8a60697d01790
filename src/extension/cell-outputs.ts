// What a notebook cell shows while and after it runs, from its run's events: console output as
// text, the cell's value (Out[n]), its graph and loss as GradLens's own output (drawn by the
// notebook renderer, webview/notebook), and an error or a stop in the user's terms. Every output
// item of the graph also carries text/plain, and an SVG when there is a graph, so that a saved
// notebook reads in plain Jupyter or on a code host.

import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME, MAX_CELL_LOSSES, type CellOutput, type GraphView, type ResultEvent, type RunEvent, type SourceLoc } from '../protocol';
import { formatNumber } from './config';

/** Live outputs while a cell trains: at most this often (VS Code re-renders every output item). */
const LIVE_INTERVAL_MS = 250;

export interface CellIdentity {
  session: string;
  execution: number;
  /** "Cell 3" — the cell's place in the notebook when it ran. */
  name: string;
  /** The cell's file name in its run (errors that name it are this cell's own). */
  fileName: string;
  /** Other cells' file names, to say where an error in a function of theirs happened. */
  nameOf(fileName: string): string | null;
  precision: number;
}

export class CellOutputs {
  private stdout = '';
  private stderr = '';
  private value: string | null = null;
  private losses: number[] = [];
  private result: ResultEvent | null = null;
  private failure: vscode.NotebookCellOutputItem | null = null;
  private notes: string[] = [];
  private lastRender = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rendering: Thenable<void> = Promise.resolve();

  constructor(private readonly execution: vscode.NotebookCellExecution, private readonly cell: CellIdentity) {}

  /** A line above the cell's own output (the kernel restarted, …). */
  note(text: string): void {
    this.notes.push(text);
    this.schedule();
  }

  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'log':
        for (const line of event.lines) {
          if (line.level === 'error' || line.level === 'warn') this.stderr += `${line.text}\n`;
          else this.stdout += `${line.text}\n`;
        }
        if (event.dropped > 0) this.stdout += `… ${event.dropped} more lines not shown\n`;
        return this.schedule();
      case 'loss':
        for (const v of event.values) this.losses.push(v);
        return this.schedule();
      case 'cellValue':
        this.value = event.text;
        return;
      case 'result':
        this.result = event;
        return;
      case 'error': {
        const where = this.where(event.file, event.line);
        const error = new Error(`${event.message}${where ? ` (${where})` : ''}`);
        error.name = event.kind === 'syntax' ? 'SyntaxError' : (event.name ?? 'Error');
        // Frames name cells as the user does ("cell 2"), not by the run's file names (saved in the notebook).
        error.stack = event.stack?.replace(/\(([^()]+):(\d+):(\d+)\)/g, (_, file: string, line, col) => `(${this.fileLabel(file)}:${line}:${col})`) ?? undefined;
        this.failure = vscode.NotebookCellOutputItem.error(error);
        return;
      }
      case 'stopped':
        this.failure = vscode.NotebookCellOutputItem.stderr(`■ ${event.message}\n`);
        return;
    }
  };

  /** The cell's final outputs (the run is over). */
  finish(): Thenable<void> {
    clearTimeout(this.timer);
    return this.render(true);
  }

  private where(file: string | null, line: number | null): string {
    if (line === null) return '';
    const other = file === null || file === this.cell.fileName ? null : this.fileLabel(file);
    return `${other ? `${other}, ` : ''}line ${line + 1}`;
  }

  /** A file of the run as the user knows it: a cell ("cell 2"), or a workspace file by its name. */
  private fileLabel(file: string): string {
    return this.cell.nameOf(file) ?? file.split(/[\\/]/).pop()!;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastRender + LIVE_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.render(false);
    }, wait);
  }

  private render(done: boolean): Thenable<void> {
    this.lastRender = Date.now();
    const outputs: vscode.NotebookCellOutput[] = [];
    const text = [...this.notes.map((n) => `${n}\n`), this.stdout].join('');
    if (text) outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stdout(text)]));
    if (this.stderr) outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stderr(this.stderr)]));
    const graph = this.graphOutput(done);
    if (graph) outputs.push(graph);
    if (done && this.value !== null) outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(this.value, 'text/plain')]));
    if (done && this.failure) outputs.push(new vscode.NotebookCellOutput([this.failure]));
    // One replacement at a time, in order: a late live render must not overwrite the final one.
    // A cell deleted while it runs refuses its outputs: the run still ends, and the cells after it run.
    this.rendering = this.rendering.then(() => this.execution.replaceOutput(outputs)).then(undefined, () => undefined);
    return this.rendering;
  }

  private graphOutput(done: boolean): vscode.NotebookCellOutput | null {
    const result = done ? this.result : null;
    const hasGraph = result !== null && result.graph.root >= 0;
    if (!hasGraph && this.losses.length < 2) return null;
    const output: CellOutput = {
      session: this.cell.session,
      execution: this.cell.execution,
      title: `${this.cell.name}, run [${this.cell.execution}]`,
      graph: hasGraph ? withCellNames(result.graph, this.cell.fileName, this.cell.nameOf) : null,
      rootReason: hasGraph ? result.rootReason : null,
      ...thinned(this.losses),
      done,
      precision: this.cell.precision,
    };
    const items = [vscode.NotebookCellOutputItem.json(output, CELL_OUTPUT_MIME)];
    const svg = hasGraph ? result.svg : undefined;
    if (svg) items.push(vscode.NotebookCellOutputItem.text(svg, 'image/svg+xml'));
    items.push(vscode.NotebookCellOutputItem.text(this.summary(output), 'text/plain'));
    return new vscode.NotebookCellOutput(items, { gradlens: true });
  }

  /** The graph output in words: what a reader without GradLens sees. */
  private summary(output: CellOutput): string {
    const f = (x: number | null): string => formatNumber(x, this.cell.precision);
    const parts: string[] = [];
    const root = output.graph?.nodes.find((n) => n.id === output.graph?.root);
    if (output.graph && root) parts.push(`${root.label || root.op} = ${f(root.data)}, grad ${f(root.grad)} — a graph of ${output.graph.totalNodes} nodes`);
    const { losses } = this;
    if (losses.length > 1) parts.push(`loss ${f(losses[0])} → ${f(losses[losses.length - 1])} over ${losses.length} backward() calls${output.done ? '' : ' so far'}`);
    return parts.join('\n');
  }
}

/** Every step's loss, or every k-th when there are more than MAX_CELL_LOSSES. */
function thinned(losses: number[]): { losses: number[]; lossStride: number } {
  const stride = Math.ceil(losses.length / MAX_CELL_LOSSES) || 1;
  return { losses: stride === 1 ? losses : losses.filter((_, i) => i % stride === 0), lossStride: stride };
}

/**
 * A cell's graph with its locations in the user's terms: a line of the cell itself has no file; a
 * line of another cell names it ("cell 2"); of a workspace file, its name. The run's own file names
 * (the notebook's path, the cell's handle) are neither shown nor saved in the notebook.
 */
export function withCellNames(view: GraphView, ownFile: string, nameOf: (fileName: string) => string | null): GraphView {
  const names = new Map<string, string | undefined>([[ownFile, undefined]]);
  const rename = <T extends { loc: SourceLoc | null }>(item: T): T => {
    const file = item.loc?.file;
    if (!item.loc || file === undefined) return item;
    if (!names.has(file)) names.set(file, nameOf(file) ?? file.split(/[\\/]/).pop());
    return { ...item, loc: { ...item.loc, file: names.get(file) } };
  };
  return { ...view, nodes: view.nodes.map(rename), groups: view.groups.map(rename) };
}
