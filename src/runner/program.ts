// Turns a run request into the text to run: the whole file, the file up to a training loop, or a
// selection with the document's earlier top-level code as its context. Code that is left out is
// blanked (replaced by spaces, newlines kept) rather than cut, so every line and column of the
// program is the user's own and no position ever needs shifting.

import ts from 'typescript';
import type { OffsetRange, RunRequest } from '../protocol';
import { isSingleExpression } from './instrument';

export interface Program {
  text: string;
  /** Where roots may come from (the selection, or everything). */
  region: OffsetRange;
  /** The selection is one expression: its value is the root. */
  regionIsExpression: boolean;
  /**
   * The selection is a variable's name inside a statement (`loss` in `const loss = f(x)`): that
   * statement runs, and the last value bound to the name is the root.
   */
  rootVariable: string | null;
}

export function buildProgram(request: RunRequest): Program {
  const { source, mode, range } = request;
  if (mode === 'file' || mode === 'cell' || !range) {
    return { text: source, region: { start: 0, end: source.length }, regionIsExpression: false, rootVariable: null };
  }
  if (mode === 'train') {
    return { text: keep(source, [{ start: 0, end: range.end }]), region: { start: 0, end: range.end }, regionIsExpression: false, rootVariable: null };
  }
  const statements = topLevelStatements(source, request.fileName);
  const context = statements.filter((s) => s.end <= range.start);
  const selection = source.slice(range.start, range.end);
  const name = selection.trim();
  const enclosing = statements.find((s) => s.start <= range.start && range.end <= s.end && (s.start < range.start || range.end < s.end));
  if (enclosing && IDENTIFIER.test(name)) {
    return { text: keep(source, [...context, enclosing]), region: enclosing, regionIsExpression: false, rootVariable: name };
  }
  return {
    text: keep(source, [...context, range]),
    region: range,
    regionIsExpression: isSingleExpression(selection),
    rootVariable: null,
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function topLevelStatements(source: string, fileName: string): OffsetRange[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, false);
  return file.statements.map((s) => ({ start: s.getStart(file), end: s.getEnd() }));
}

/** `source` with everything outside `ranges` replaced by spaces (line breaks are kept). */
function keep(source: string, ranges: OffsetRange[]): string {
  const kept = new Uint8Array(source.length);
  for (const { start, end } of ranges) kept.fill(1, start, end);
  let out = '';
  let from = 0;
  for (let i = 0; i <= source.length; i++) {
    if (i < source.length && kept[i] === kept[from]) continue;
    const piece = source.slice(from, i);
    out += kept[from] ? piece : piece.replace(/[^\r\n]/g, ' ');
    from = i;
  }
  return out;
}
