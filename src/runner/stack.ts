// Error positions in the user's terms: a worker's stack trace names generated JavaScript; this
// keeps only frames in the user's files and maps each through that file's source map.

import type { RunError } from '../protocol';
import type { SourceMap } from './source-map';

const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;

export function mapStack(error: RunError, sourceMaps: Map<string, SourceMap>): RunError {
  if (!error.stack) return error;
  const [headline, ...frames] = error.stack.split('\n');
  const userFrames: Array<{ fn: string; file: string; line: number; col: number }> = [];
  for (const frame of frames) {
    const match = FRAME.exec(frame);
    if (!match) continue;
    const [, fn = '', file, line, col] = match;
    const map = sourceMaps.get(file);
    if (!map) continue;
    const original = map.original(Number(line) - 1, Number(col) - 1);
    if (original) userFrames.push({ fn, file, line: original.line, col: original.col });
  }
  if (userFrames.length === 0) return { ...error, stack: null };
  const top = userFrames[0];
  const stack = [headline, ...userFrames.map((f) => `    at ${f.fn ? `${f.fn} ` : ''}(${f.file}:${f.line + 1}:${f.col + 1})`)].join('\n');
  return { ...error, file: top.file, line: top.line, col: top.col, stack };
}
