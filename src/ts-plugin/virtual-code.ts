// The copy of a file that tsserver type-checks for the user: every arithmetic that GradLens gives
// a meaning (runner/operator-syntax.ts decides which, for the run and for the editor alike)
// becomes a call to the engine's typed operators, `a * b` -> `__gradlens_ops.mul(a, b)`, and
// `x op= y` -> `x = __gradlens_ops.op(x, y)`. So `a * b + c` with Values is a Value: its hover,
// its completions and `.backward()` on it are right, where TypeScript alone says TS2362.
//
// Mappings carry the user's positions over: the text copied from the file keeps every feature
// (diagnostics, completions, hover, navigation, outline, formatting); the operator's name in the
// call answers a hover on the operator token; an error on the call itself ("No overload matches
// this call", a Value times a Tensor) lands on the user's whole `a * b`. The operators are
// imported in the copy right after the user's own import of 'gradlens'.
//
// Files that do not import 'gradlens' get no copy at all: TypeScript sees them as they are.

import type * as TS from 'typescript';
import type { CodeInformation, CodeMapping } from '@volar/language-core';
import { arithmeticAt, isLeftAlone, type Arithmetic } from '../runner/operator-syntax';

export const MODULE = 'gradlens';
/** The module the operators' declarations are imported from in the copy (resolve.ts finds it). */
export const OPERATORS_MODULE = 'gradlens/operators';
const OPS = '__gradlens_ops';

/** The user's own text: everything works on it as in any TypeScript file. */
const SOURCE: CodeInformation = { verification: true, completion: true, semantic: true, navigation: true, structure: true, format: true };
/** A second copy of a compound assignment's target (`x` in `x = op(x, y)`): its errors only. */
const SECOND_READ: CodeInformation = { verification: true };
/** The operator's function name <-> the operator token: hover and go to definition. */
const OPERATOR_TOKEN: CodeInformation = { semantic: true, navigation: true };
/** The call (or its name, where TypeScript reports a failed overload) <-> the whole expression. */
const WHOLE_EXPRESSION: CodeInformation = { verification: true };

export interface OperatorCode {
  text: string;
  mappings: CodeMapping[];
}

/**
 * The statement that imports 'gradlens', if the file has one (only such files get operator
 * typing), and how the copy imports the operators after it: with `import`, or in a CommonJS
 * JavaScript file (`const { Value } = require('gradlens')`) with `require`, which TypeScript types
 * from the module in JavaScript.
 */
export function gradLensImport(ts: typeof TS, file: TS.SourceFile): { statement: TS.Statement; operators: string } | undefined {
  const isGradLens = (e: TS.Node | undefined): boolean => e !== undefined && ts.isStringLiteral(e) && e.text === MODULE;
  const module = JSON.stringify(OPERATORS_MODULE);
  for (const s of file.statements) {
    if (((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && isGradLens(s.moduleSpecifier)) ||
      (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference) && isGradLens(s.moduleReference.expression))) {
      return { statement: s, operators: `import * as ${OPS} from ${module};` };
    }
    const isJavaScript = (file.flags & ts.NodeFlags.JavaScriptFile) !== 0;
    if (isJavaScript && ts.isVariableStatement(s) && s.declarationList.declarations.some((d) =>
      d.initializer && ts.isCallExpression(d.initializer) && ts.isIdentifier(d.initializer.expression) &&
      d.initializer.expression.text === 'require' && d.initializer.arguments.length === 1 && isGradLens(d.initializer.arguments[0]))) {
      return { statement: s, operators: `const ${OPS} = require(${module});` };
    }
  }
  return undefined;
}

/** One rewritten arithmetic, with the ones inside its operands. */
interface Site {
  arithmetic: Arithmetic;
  start: number;
  end: number;
  inner: Site[];
}

/**
 * The type-checking copy of a file that imports 'gradlens' and has arithmetic to rewrite, or
 * undefined when there is nothing to change (TypeScript then checks the file as written).
 */
export function operatorCode(ts: typeof TS, file: TS.SourceFile): OperatorCode | undefined {
  const gradlens = gradLensImport(ts, file);
  if (!gradlens) return undefined;
  const sites = collectSites(ts, file);
  if (sites.length === 0) return undefined;

  const source = file.text;
  let text = '';
  const mappings: CodeMapping[] = [];
  /** The whole-expression mappings go last: a position inside an operand prefers the operand's own. */
  const wholeMappings: CodeMapping[] = [];
  const map = (sourceStart: number, sourceLength: number, generatedStart: number, generatedLength: number, data: CodeInformation, into = mappings): void => {
    into.push(sourceLength === generatedLength
      ? { sourceOffsets: [sourceStart], generatedOffsets: [generatedStart], lengths: [sourceLength], data }
      : { sourceOffsets: [sourceStart], generatedOffsets: [generatedStart], lengths: [sourceLength], generatedLengths: [generatedLength], data });
  };
  const copy = (start: number, end: number, data: CodeInformation): void => {
    if (end <= start) return;
    map(start, end - start, text.length, end - start, data);
    text += source.slice(start, end);
  };
  /** The source from start to end, with the arithmetic in it rewritten. */
  const emitRange = (start: number, end: number, inner: Site[], data: CodeInformation): void => {
    let at = start;
    for (const site of inner) {
      if (site.start < start || site.end > end) continue;
      copy(at, site.start, data);
      emitSite(site, data);
      at = site.end;
    }
    copy(at, end, data);
  };
  /** `op(`, with the operator's name mapped to the operator token and to the whole expression. */
  const emitCallee = (site: Site, op: string, tokenStart: number, tokenEnd: number, data: CodeInformation): void => {
    text += `${OPS}.`;
    const name = text.length;
    text += op;
    if (data === SOURCE) map(tokenStart, tokenEnd - tokenStart, name, op.length, OPERATOR_TOKEN);
    map(site.start, site.end - site.start, name, op.length, WHOLE_EXPRESSION, wholeMappings);
    text += '(';
  };
  const emitSite = (site: Site, data: CodeInformation): void => {
    const generatedStart = text.length;
    const a = site.arithmetic;
    if (a.kind === 'negate') {
      emitCallee(site, 'neg', site.start, site.start + 1, data); // `-a`: the expression starts with its token
      emitRange(a.node.operand.pos, a.node.operand.end, site.inner, data);
      text += ')';
    } else if (a.kind === 'binary') {
      emitCallee(site, a.op, a.node.operatorToken.getStart(file), a.node.operatorToken.end, data);
      emitRange(a.node.left.getStart(file), a.node.left.end, site.inner, data);
      text += ',';
      emitRange(a.node.operatorToken.end, a.node.right.end, site.inner, data);
      text += ')';
    } else {
      // x op= y  ->  x = op(x, y): an assignment still (same precedence, same value: the new x),
      // and no parentheses that could join the line above in code without semicolons.
      const targetStart = a.target.getStart(file);
      emitRange(targetStart, a.target.end, site.inner, data);
      text += ' = ';
      emitCallee(site, a.op, a.node.operatorToken.getStart(file), a.node.operatorToken.end, data);
      emitRange(targetStart, a.target.end, site.inner, data === SOURCE ? SECOND_READ : data);
      text += ',';
      emitRange(a.node.operatorToken.end, a.node.right.end, site.inner, data);
      text += ')';
    }
    map(site.start, site.end - site.start, generatedStart, text.length - generatedStart, WHOLE_EXPRESSION, wholeMappings);
  };

  // The operators' import goes right after the user's import of 'gradlens': a complete statement
  // (at the end of the file, code being typed — `(a * b).` — would run into it), and after the
  // pragmas and references a file starts with.
  emitRange(0, gradlens.statement.end, sites, SOURCE);
  text += `\n${gradlens.operators}`;
  emitRange(gradlens.statement.end, source.length, sites, SOURCE);
  // Innermost first, so that an error on an inner call is placed on the inner expression.
  wholeMappings.sort((p, q) => p.lengths[0] - q.lengths[0]);
  return { text, mappings: [...mappings, ...wholeMappings] };
}

function collectSites(ts: typeof TS, file: TS.SourceFile): Site[] {
  const visit = (node: TS.Node, into: Site[]): void => {
    if (isLeftAlone(ts, node)) return;
    const arithmetic = arithmeticAt(ts, node);
    if (arithmetic) {
      const site: Site = { arithmetic, start: node.getStart(file), end: node.end, inner: [] };
      into.push(site);
      ts.forEachChild(node, (child) => visit(child, site.inner));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, into));
  };
  const sites: Site[] = [];
  visit(file, sites);
  return sites;
}
