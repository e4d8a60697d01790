// A notebook cell's top-level names outlive the cell, as in a REPL: what one cell declares, the
// next one reads, and running a cell again redefines its `const`s. Each cell is still compiled and
// run as a module of its own (instrument.ts, worker.ts); two steps make its top level global:
//   1. Before TypeScript sees the cell (cellText): imports become `const` declarations of
//      `require` (TypeScript would otherwise rewrite every later use of an imported name to a
//      module-local alias), `export` keywords are blanked, and `export {}` is appended so that
//      top-level `await` is allowed. Lines never move; only an import's own line changes.
//   2. After instrumentation (cellScope, a transformer): top-level `const`/`let`/`var` become
//      assignments, `class C {}` becomes `C = class C {}`, and a function declaration stays where
//      it is (hoisted within the cell) with `globalThis.f = f` first. The names are listed, and
//      the worker defines them on globalThis before the cell runs (a module is strict code, where
//      assigning an undeclared name throws).
// A function of cell 1 that reads `model` therefore sees the model cell 2 assigned, as it would
// in a Jupyter kernel.

import ts from 'typescript';

export interface CellText {
  /** The cell as the instrumenter compiles it (same lines as the user's). */
  text: string;
  /** The cell ends with an expression statement: its value is the cell's result (as Jupyter's Out[n]). */
  endsWithExpression: boolean;
}

export function cellText(source: string, fileName: string): CellText {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      edits.push({ start: statement.getStart(file), end: statement.getEnd(), text: importAsRequire(statement) });
      continue;
    }
    // `export` (and `default`) say nothing in a cell: blanked, the declaration stays.
    for (const m of (ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined) ?? []) {
      if (m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword) edits.push({ start: m.getStart(file), end: m.getEnd(), text: '' });
    }
  }
  let text = source;
  for (const { start, end, text: replacement } of edits.reverse()) {
    // The replacement keeps the import's line breaks, so every later line is where it was.
    const breaks = source.slice(start, end).replace(/[^\n]/g, '');
    text = text.slice(0, start) + replacement + breaks + text.slice(end);
  }
  const last = file.statements[file.statements.length - 1];
  return { text: `${text}\nexport {};\n`, endsWithExpression: last !== undefined && ts.isExpressionStatement(last) };
}

/** `import { a, b as c } from 'm'` -> `const { a, b: c } = require('m');` (type-only parts dropped). */
function importAsRequire(node: ts.ImportDeclaration): string {
  const module = `require(${JSON.stringify((node.moduleSpecifier as ts.StringLiteral).text)})`;
  const clause = node.importClause;
  if (!clause) return `${module};`;
  if (clause.isTypeOnly) return '';
  const declarations: string[] = [];
  if (clause.name) declarations.push(`${clause.name.text} = ((m) => (m && m.__esModule ? m.default : m))(${module})`);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) declarations.push(`${bindings.name.text} = ${module}`);
  if (bindings && ts.isNamedImports(bindings)) {
    const names = bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
    if (names.length > 0) declarations.push(`{ ${names.join(', ')} } = ${module}`);
  }
  return declarations.length > 0 ? `const ${declarations.join(', ')};` : '';
}

/**
 * Names a cell keeps to itself: the built-ins of the runtime (`performance`, `Math`, `console`, …)
 * — the kernel's own code reads them too, so a cell's `const performance = …` must not replace
 * them for everyone — and the module wrapper's parameters (worker.ts), which each cell has anew.
 */
const KEPT_LOCAL = new Set([...Object.getOwnPropertyNames(globalThis), 'exports', 'require', '__filename', '__dirname']);

/**
 * The transformer of step 2; `globals` receives every name the cell's top level declares (but a
 * declaration of a KEPT_LOCAL name stays the cell's own). Runs after instrument.ts's own, so
 * declarations still label and bind their values.
 */
export function cellScope(globals: string[]): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (file) => {
    const f = context.factory;
    const declare = (name: string): void => {
      if (!globals.includes(name)) globals.push(name);
    };
    const global = (name: string): ts.Expression => f.createPropertyAccessExpression(f.createIdentifier('globalThis'), name);
    const hoisted: ts.Statement[] = [];
    const statements = file.statements.flatMap((s): ts.Statement[] => {
      const names = declaredNames(s);
      if (names.some((n) => KEPT_LOCAL.has(n))) return [s];
      if (ts.isVariableStatement(s) && !isAmbient(s)) {
        const assignments = s.declarationList.declarations.map((d) => {
          namesIn(d.name).forEach(declare);
          return f.createAssignment(assignmentTarget(f, d.name), d.initializer ?? f.createVoidZero());
        });
        const expression = assignments.length === 1 ? assignments[0] : f.createCommaListExpression(assignments);
        return [ts.setTextRange(f.createExpressionStatement(f.createParenthesizedExpression(expression)), s)];
      }
      if (ts.isClassDeclaration(s) && s.name && !isAmbient(s)) {
        declare(s.name.text);
        const decorators = ts.getDecorators(s) ?? [];
        const expression = f.createClassExpression(decorators, s.name, s.typeParameters, s.heritageClauses, s.members);
        return [ts.setTextRange(f.createExpressionStatement(f.createAssignment(f.createIdentifier(s.name.text), expression)), s)];
      }
      if (ts.isFunctionDeclaration(s) && s.name && s.body) {
        // A global from the top of the cell (hoisted, as the declaration was), and no local
        // binding: a function of an earlier cell calling `f` finds this one once it is run again.
        declare(s.name.text);
        const modifiers = ts.getModifiers(s)?.filter((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
        const expression = f.createFunctionExpression(modifiers, s.asteriskToken, s.name, s.typeParameters, s.parameters, s.type, s.body);
        hoisted.push(ts.setTextRange(f.createExpressionStatement(f.createAssignment(global(s.name.text), expression)), s));
        return [];
      }
      if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name) && !isAmbient(s)) {
        // TypeScript emits `var E; (function (E) { … })(E || (E = {}))`: the var is the cell's own,
        // the object it makes is given to the kernel after it.
        declare(s.name.text);
        return [s, f.createExpressionStatement(f.createAssignment(global(s.name.text), f.createIdentifier(s.name.text)))];
      }
      return [s];
    });
    return f.updateSourceFile(file, [...hoisted, ...statements]);
  };
}

function declaredNames(s: ts.Statement): string[] {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => namesIn(d.name));
  if ((ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name) return [s.name.text];
  return [];
}

const isAmbient = (s: ts.Statement): boolean => (ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) ?? false;

function namesIn(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return (name.elements as ts.NodeArray<ts.ArrayBindingElement>).flatMap((e) => (ts.isOmittedExpression(e) ? [] : namesIn(e.name)));
}

/** A declaration's binding name as the target of an assignment (`{ a, b: [c] }` stays that shape). */
function assignmentTarget(f: ts.NodeFactory, name: ts.BindingName): ts.Expression {
  if (ts.isIdentifier(name)) return f.createIdentifier(name.text);
  const withDefault = (e: ts.BindingElement): ts.Expression => {
    const target = assignmentTarget(f, e.name);
    return e.initializer ? f.createAssignment(target, e.initializer) : target;
  };
  if (ts.isArrayBindingPattern(name)) {
    return f.createArrayLiteralExpression(name.elements.map((e) =>
      ts.isOmittedExpression(e) ? f.createOmittedExpression() : e.dotDotDotToken ? f.createSpreadElement(assignmentTarget(f, e.name)) : withDefault(e)));
  }
  return f.createObjectLiteralExpression(name.elements.map((e) => {
    if (e.dotDotDotToken) return f.createSpreadAssignment(assignmentTarget(f, e.name));
    if (!e.propertyName && ts.isIdentifier(e.name)) return f.createShorthandPropertyAssignment(e.name.text, e.initializer);
    return f.createPropertyAssignment(e.propertyName ?? (e.name as ts.Identifier), withDefault(e));
  }));
}
