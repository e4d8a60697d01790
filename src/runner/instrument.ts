// TypeScript (or JavaScript) in, instrumented CommonJS out, in one transpile pass
// (ts.transpileModule with a `before` transformer). The transform adds calls into the run's
// runtime (`__gl`, see runtime.ts) and changes nothing else, so the source map TypeScript emits
// still maps every original position:
//   - before each statement:  __gl.at(site)  — the location new nodes record, the log line's
//     origin, and the place a Stop or time limit takes effect;
//   - declarations and assignments:  x = __gl.bind("x", <init>, site)  — labels Values/Tensors
//     with the variable's name and records a binding for hovers (declarations in the evaluated
//     region pass `true`: the last scalar one is the root when nothing else is); a destructuring
//     declaration is followed by one bind per name it declares;
//   - function bodies:  const caller = __gl.currentSite; try { ... } finally { __gl.restore(caller) }
//     — once a user function returns, what the calling line goes on to compute is the caller's;
// (`__gl` stands for RUNTIME below, a name no program uses.)
// A site is an index into the run's table of source positions (Site[]), so the added code stays
// short and the runtime allocates nothing per statement.
//   - expression statements in the evaluated region:  __gl.expr(<expr>)  — candidate roots;
//   - an evaluated expression (a selection that is one expression):  __gl.root(<expr>);
//   - arithmetic, so that it works on Values and Tensors (engine/operators.ts):  a * b  ->
//     __gl.mul(a, b),  -a  ->  __gl.neg(a),  x += y  ->  x = __gl.update("add", x, y, "x", site),
//     o.k += y  ->  __gl.updateAt(o, "k", "add", y)  (o and k evaluated once). Numbers take a
//     fast path; text joined with + (a string literal or template on either side) is left alone.
// Nothing is type-checked: type errors do not stop a run, only syntax errors do.

import ts from 'typescript';
import { cellScope } from './cell-scope';
import { arithmeticAt, isLeftAlone, type Arithmetic } from './operator-syntax';
import { RUNTIME } from './worker-protocol';

/** A statement or binding position; the instrumented code refers to it by its index. */
export interface Site {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** Set for files other than the one the run started from. */
  file?: string;
  /** A statement (where `at` is called) or a variable's name (where `bind` is called). */
  kind: 'statement' | 'binding';
  /** The statement's first line, trimmed, or the variable's name. */
  text: string;
  /** In the evaluated region (the selection; everything for a file or a training run). */
  inRegion: boolean;
}

export interface InstrumentOptions {
  fileName: string;
  /** Sites of every file of the run; this file's are appended (ids stay unique across files). */
  sites: Site[];
  /** The part of the source whose expression statements may be the root (default: all). */
  region?: { start: number; end: number };
  /** Set when the region is a single expression whose value is the root. */
  regionIsExpression?: boolean;
  /** Recorded in every site, for files other than the one the run started from. */
  locFile?: string;
  /** Rewrite arithmetic operators (default true; off only to measure what the rewrite costs). */
  operators?: boolean;
  /** A notebook cell: its top-level names become globals, listed here (cell-scope.ts). */
  cellGlobals?: string[];
}

export interface Instrumented {
  js: string;
  /** Source map (v3 JSON) from the generated JS back to the user's source. */
  sourceMap: string;
  /** Relative and bare module specifiers this file imports or requires. */
  imports: Array<{ specifier: string; line: number; col: number }>;
}

export interface SyntaxProblem {
  message: string;
  line: number;
  col: number;
}

export class SyntaxErrors extends Error {
  constructor(readonly problems: SyntaxProblem[]) {
    super(problems.map((p) => `${p.line + 1}:${p.col + 1} ${p.message}`).join('\n'));
  }
}

const CALLER = '__gradlens_caller';

export function instrument(source: string, options: InstrumentOptions): Instrumented {
  const imports: Instrumented['imports'] = [];
  const output = ts.transpileModule(source, {
    fileName: options.fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      esModuleInterop: true,
      sourceMap: true,
      allowJs: true,
      removeComments: false,
    },
    transformers: {
      before: [(context) => (file) => transformFile(file, context, options, imports), ...(options.cellGlobals ? [cellScope(options.cellGlobals)] : [])],
    },
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new SyntaxErrors(errors.map(toProblem));
  return { js: output.outputText, sourceMap: output.sourceMapText ?? '', imports };
}

function toProblem(d: ts.Diagnostic): SyntaxProblem {
  const { line, character } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
  return { message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), line, col: character };
}

function transformFile(
  file: ts.SourceFile,
  context: ts.TransformationContext,
  options: InstrumentOptions,
  imports: Instrumented['imports'],
): ts.SourceFile {
  const f = context.factory;
  const region = options.region ?? { start: 0, end: file.text.length };
  const inRegion = (node: ts.Node): boolean => node.getStart(file) >= region.start && node.getEnd() <= region.end;

  const site = (node: ts.Node, kind: Site['kind']): ts.Expression => {
    const start = file.getLineAndCharacterOfPosition(node.getStart(file));
    const end = file.getLineAndCharacterOfPosition(node.getEnd());
    const text = node.getText(file).split('\n')[0].trim().slice(0, 80);
    options.sites.push({ line: start.line, col: start.character, endLine: end.line, endCol: end.character, kind, text, inRegion: inRegion(node), ...(options.locFile ? { file: options.locFile } : {}) });
    return f.createNumericLiteral(options.sites.length - 1);
  };
  const call = (method: string, args: ts.Expression[]): ts.CallExpression =>
    f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(RUNTIME), method), undefined, args);
  const atStatement = (node: ts.Node): ts.Statement => f.createExpressionStatement(call('at', [site(node, 'statement')]));

  const recordImport = (specifier: ts.Expression, node: ts.Node): void => {
    if (!ts.isStringLiteral(specifier)) return;
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    imports.push({ specifier: specifier.text, line, col: character });
  };

  /** Statements that run code (declarations of functions, classes and types do not). */
  const runs = (s: ts.Statement): boolean =>
    !ts.isFunctionDeclaration(s) && !ts.isClassDeclaration(s) && !ts.isInterfaceDeclaration(s) &&
    !ts.isTypeAliasDeclaration(s) && !ts.isImportDeclaration(s) && !ts.isEmptyStatement(s) && !ts.isExportDeclaration(s) &&
    !ts.isModuleDeclaration(s) && !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression));

  const visitStatements = (statements: ts.NodeArray<ts.Statement>): ts.Statement[] =>
    statements.flatMap((s) => {
      const visited = ts.visitNode(s, visit) as ts.Statement;
      return runs(s) ? [atStatement(s), visited, ...destructuredBindings(s)] : [visited];
    });

  /** `const { X, y } = data`: a bind for each name, after the declaration (not for exports). */
  const destructuredBindings = (s: ts.Statement): ts.Statement[] => {
    if (!ts.isVariableStatement(s) || s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return [];
    return s.declarationList.declarations
      .filter((d) => !ts.isIdentifier(d.name) && d.initializer)
      .flatMap((d) => namesIn(d.name).map((name) => f.createExpressionStatement(bindCall(name.text, f.createIdentifier(name.text), name, inRegion(d)))));
  };

  /**
   * A function body that gives the caller back its location when it returns (however it
   * returns), so nodes the calling line makes after the call carry that line. Directives stay
   * first. Constructors are left alone: TypeScript places parameter properties after a super()
   * it must find at the top of the body.
   */
  const restoringBody = (body: ts.Block): ts.Block => {
    const statements = visitStatements(body.statements);
    const isDirective = (st: ts.Statement): boolean => ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression);
    const firstCode = statements.findIndex((st) => !isDirective(st));
    const directives = statements.slice(0, firstCode < 0 ? statements.length : firstCode);
    const caller = f.createVariableStatement(undefined, f.createVariableDeclarationList(
      [f.createVariableDeclaration(CALLER, undefined, undefined, f.createPropertyAccessExpression(f.createIdentifier(RUNTIME), 'currentSite'))],
      ts.NodeFlags.Const,
    ));
    const restore = f.createBlock([f.createExpressionStatement(call('restore', [f.createIdentifier(CALLER)]))], false);
    return f.updateBlock(body, [...directives, caller, f.createTryStatement(f.createBlock(statements.slice(directives.length), true), undefined, restore)]);
  };
  const isRestoringFunction = (node: ts.Node): node is ts.FunctionLikeDeclaration & { body: ts.Block } =>
    (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) ||
      ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined && ts.isBlock(node.body) && !node.asteriskToken;

  /** A loop body as a block that starts with a location check, so even `while (true) {}` can stop. */
  const loopBody = (loop: ts.IterationStatement, body: ts.Statement): ts.Block => {
    const statements = ts.isBlock(body) ? visitStatements(body.statements) : visitStatements(f.createNodeArray([body]));
    return f.createBlock([atStatement(loop), ...statements], true);
  };

  const rewriteOperators = options.operators ?? true;
  /** `a op b` (and `x op= y`) as the runtime's call, mapped to the operator's own text. */
  const operatorCall = (node: ts.Node, method: string, args: ts.Expression[]): ts.Expression =>
    ts.setTextRange(call(method, args), node);

  const visit = (node: ts.Node): ts.Node => {
    if (isLeftAlone(ts, node)) return node;
    const arithmetic = rewriteOperators ? arithmeticAt(ts, node) : undefined;
    if (arithmetic) return arithmeticCall(arithmetic);
    if (ts.isImportDeclaration(node)) recordImport(node.moduleSpecifier, node);
    if (ts.isExportDeclaration(node) && node.moduleSpecifier) recordImport(node.moduleSpecifier, node);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1) {
      recordImport(node.arguments[0], node);
    }

    if (ts.isSourceFile(node)) return f.updateSourceFile(node, visitStatements(node.statements));
    if (isRestoringFunction(node)) {
      // Everything but the body as usual (parameters' default values may compute, too).
      const visited = ts.visitEachChild(node, (child) => (child === node.body ? child : visit(child)), context);
      return replaceBody(f, visited, restoringBody(node.body));
    }
    if (ts.isBlock(node)) return f.updateBlock(node, visitStatements(node.statements));
    if (ts.isCaseClause(node)) return f.updateCaseClause(node, ts.visitNode(node.expression, visit) as ts.Expression, visitStatements(node.statements));
    if (ts.isDefaultClause(node)) return f.updateDefaultClause(node, visitStatements(node.statements));

    if (ts.isForStatement(node)) {
      return f.updateForStatement(node, visitOptional(node.initializer), visitOptional(node.condition), visitOptional(node.incrementor), loopBody(node, node.statement));
    }
    if (ts.isForOfStatement(node)) {
      return f.updateForOfStatement(node, node.awaitModifier, visitExpr(node.initializer) as ts.ForInitializer, visitExpr(node.expression), loopBody(node, node.statement));
    }
    if (ts.isForInStatement(node)) {
      return f.updateForInStatement(node, visitExpr(node.initializer) as ts.ForInitializer, visitExpr(node.expression), loopBody(node, node.statement));
    }
    if (ts.isWhileStatement(node)) return f.updateWhileStatement(node, visitExpr(node.expression), loopBody(node, node.statement));
    if (ts.isDoStatement(node)) return f.updateDoStatement(node, loopBody(node, node.statement), visitExpr(node.expression));

    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = visitExpr(node.initializer);
      return f.updateVariableDeclaration(node, node.name, node.exclamationToken, node.type, bindCall(node.name.text, init, node.name, inRegion(node)));
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      return f.updateBinaryExpression(node, node.left, node.operatorToken, bindCall(node.left.text, visitExpr(node.right), node.left));
    }

    // super(...) stays as it is: TypeScript must still see it to place parameter properties after it.
    const isSuperCall = ts.isExpressionStatement(node) && ts.isCallExpression(node.expression) && node.expression.expression.kind === ts.SyntaxKind.SuperKeyword;
    if (ts.isExpressionStatement(node) && inRegion(node) && !isSuperCall) {
      const expression = visitExpr(node.expression);
      const method = options.regionIsExpression ? 'root' : 'expr';
      return f.updateExpressionStatement(node, call(method, [expression]));
    }
    return ts.visitEachChild(node, visit, context);
  };

  const arithmeticCall = (a: Arithmetic): ts.Expression => {
    if (a.kind === 'negate') return operatorCall(a.node, 'neg', [visitExpr(a.node.operand)]);
    if (a.kind === 'binary') return operatorCall(a.node, a.op, [visitExpr(a.node.left), visitExpr(a.node.right)]);
    const { node, target, op } = a;
    const right = visitExpr(node.right);
    if (ts.isIdentifier(target)) {
      // Bound as `x = x op y` would be.
      const update = operatorCall(node, 'update', [f.createStringLiteral(op), target, right, f.createStringLiteral(target.text), site(target, 'binding')]);
      return f.updateBinaryExpression(node, target, f.createToken(ts.SyntaxKind.EqualsToken), update);
    }
    const key = ts.isPropertyAccessExpression(target) ? f.createStringLiteral(target.name.text) : visitExpr(target.argumentExpression);
    return operatorCall(node, 'updateAt', [visitExpr(target.expression), key, f.createStringLiteral(op), right]);
  };

  const visitExpr = (e: ts.Expression | ts.ForInitializer): ts.Expression => ts.visitNode(e, visit) as ts.Expression;
  const visitOptional = <T extends ts.Node>(n: T | undefined): T | undefined => (n ? (ts.visitNode(n, visit) as T) : undefined);
  /** `candidate`: a declaration in the evaluated region, whose value may be the root as a last resort. */
  const bindCall = (name: string, value: ts.Expression, at: ts.Node, candidate = false): ts.Expression =>
    call('bind', [f.createStringLiteral(name), value, site(at, 'binding'), ...(candidate && !options.regionIsExpression ? [f.createTrue()] : [])]);

  return visit(file) as ts.SourceFile;
}

/** The identifiers a binding pattern declares, nested patterns included. */
function namesIn(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  return (name.elements as ts.NodeArray<ts.ArrayBindingElement>).flatMap((e) => (ts.isOmittedExpression(e) ? [] : namesIn(e.name)));
}

function replaceBody(f: ts.NodeFactory, node: ts.FunctionLikeDeclaration, body: ts.Block): ts.Node {
  if (ts.isFunctionDeclaration(node)) return f.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, body);
  if (ts.isFunctionExpression(node)) return f.updateFunctionExpression(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, body);
  if (ts.isMethodDeclaration(node)) return f.updateMethodDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.questionToken, node.typeParameters, node.parameters, node.type, body);
  if (ts.isArrowFunction(node)) return f.updateArrowFunction(node, node.modifiers, node.typeParameters, node.parameters, node.type, node.equalsGreaterThanToken, body);
  if (ts.isGetAccessorDeclaration(node)) return f.updateGetAccessorDeclaration(node, node.modifiers, node.name, node.parameters, node.type, body);
  if (ts.isSetAccessorDeclaration(node)) return f.updateSetAccessorDeclaration(node, node.modifiers, node.name, node.parameters, body);
  return node;
}

/** Whether `text` is exactly one expression (so its value is the root), e.g. "a.mul(b).add(a)". */
export function isSingleExpression(text: string): boolean {
  const file = ts.createSourceFile('selection.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.length === 0 && file.statements.length === 1 && ts.isExpressionStatement(file.statements[0]) && !/;\s*$/.test(text.trim());
}
