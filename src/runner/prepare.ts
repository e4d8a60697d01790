// In the run's process, before its worker runs anything: build the program (program.ts),
// instrument it and every workspace file it imports (relative imports, .ts or .js; the editor's
// unsaved text where there is one), and keep their source maps so the positions of errors can be
// given in the user's own files.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunError, RunRequest } from '../protocol';
import { cellText } from './cell-scope';
import { SyntaxErrors, instrument, type Site } from './instrument';
import { buildProgram } from './program';
import { SourceMap } from './source-map';
import type { CompiledModule } from './worker-protocol';

export interface Prepared {
  modules: Record<string, CompiledModule>;
  sourceMaps: Map<string, SourceMap>;
  sites: Site[];
  regionIsExpression: boolean;
  /** A selection that is one variable's name: the last value bound to it is the root. */
  rootVariable: string | null;
  /** A notebook cell: the names its top level declares (globals of its kernel, cell-scope.ts). */
  cellGlobals: string[];
  /** A notebook cell that ends with an expression: its value is the cell's result. */
  endsWithExpression: boolean;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.js'];

/** The file a relative specifier names, trying TypeScript's and Node's extensions. */
export function resolveRelative(fromFile: string, specifier: string, unsaved: Record<string, string> = {}): string | null {
  const base = resolve(dirname(fromFile), specifier);
  // `import './x.js'` in TypeScript means x.ts.
  const candidates = [...EXTENSIONS.map((ext) => base + ext), base.replace(/\.js$/, '.ts')];
  return candidates.find((file) => file in unsaved || (existsSync(file) && statSync(file).isFile())) ?? null;
}

export function prepare(request: RunRequest): Prepared | RunError {
  const program = buildProgram(request);
  const cell = request.mode === 'cell' ? cellText(program.text, request.fileName) : null;
  const cellGlobals: string[] = [];
  const sites: Site[] = [];
  const modules: Record<string, CompiledModule> = {};
  const sourceMaps = new Map<string, SourceMap>();
  const pending: Array<{ file: string; text: string; main: boolean }> = [{ file: request.fileName, text: cell?.text ?? program.text, main: true }];

  while (pending.length > 0) {
    const { file, text, main } = pending.pop()!;
    if (modules[file]) continue;
    if (file.endsWith('.json')) {
      // Data files load as in Node: module.exports is the parsed JSON.
      modules[file] = { js: `module.exports = ${text};`, deps: {} };
      continue;
    }
    let compiled;
    try {
      compiled = instrument(text, {
        fileName: file,
        sites,
        ...(main ? { region: program.region, regionIsExpression: program.regionIsExpression } : { region: { start: 0, end: 0 }, locFile: file }),
        // A cell is all region (its imports rewritten, it is longer than its source); its sites
        // name it: its functions run later, called from other cells.
        ...(main && cell ? { region: { start: 0, end: text.length }, cellGlobals, locFile: file } : {}),
      });
    } catch (error) {
      if (!(error instanceof SyntaxErrors)) throw error;
      const first = error.problems[0];
      return { type: 'error', kind: 'syntax', message: `Syntax error: ${first.message}`, name: 'SyntaxError', file, line: first.line, col: first.col, stack: null };
    }
    const deps: Record<string, string> = {};
    for (const { specifier, line, col } of compiled.imports) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(file, specifier, request.unsaved);
      if (!target) {
        return { type: 'error', kind: 'import', message: `Cannot find module '${specifier}' (looked for ${specifier}.ts, .js and /index next to ${file}).`, name: 'Error', file, line, col, stack: null };
      }
      deps[specifier] = target;
      if (!modules[target]) pending.push({ file: target, text: request.unsaved?.[target] ?? readFileSync(target, 'utf8'), main: false });
    }
    modules[file] = { js: compiled.js, deps };
    sourceMaps.set(file, new SourceMap(compiled.sourceMap));
  }
  return {
    modules,
    sourceMaps,
    sites,
    regionIsExpression: program.regionIsExpression,
    rootVariable: program.rootVariable,
    cellGlobals,
    endsWithExpression: cell?.endsWithExpression ?? false,
  };
}
