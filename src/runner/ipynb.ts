// The code cells of a Jupyter notebook (.ipynb, nbformat 4), read without VS Code: for the CLI,
// which runs a notebook top to bottom as the kernel does.

export interface NotebookCell {
  /** 1-based, counting every cell (markdown too), as a reader counts them in the notebook. */
  number: number;
  source: string;
}

export function codeCells(json: string): NotebookCell[] {
  let notebook: { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
  try {
    notebook = JSON.parse(json);
  } catch (error) {
    throw new Error(`not a notebook: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(notebook.cells)) throw new Error('not a notebook: it has no "cells" list (nbformat 4)');
  return notebook.cells.flatMap((cell, i) => {
    if (cell.cell_type !== 'code') return [];
    const source = Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
    return source.trim() === '' ? [] : [{ number: i + 1, source }];
  });
}
