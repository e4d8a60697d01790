// Which JavaScript arithmetic GradLens gives a meaning for Values and Tensors, read from the
// syntax tree: one function for the runner's rewrite (instrument.ts, to run `a * b`) and the
// editor plugin's (to type it), so the editor and a run never disagree about what is rewritten.
// It takes the TypeScript module as an argument: the plugin must use the one tsserver loaded
// (SyntaxKind numbers differ between TypeScript versions).

import type * as TS from 'typescript';
import type { OperatorName } from '../engine/operators';

export type Arithmetic =
  /** `a op b`  ->  op(a, b) */
  | { kind: 'binary'; op: OperatorName; node: TS.BinaryExpression }
  /** `x op= y`  ->  x = op(x, y); a member is read and written once */
  | { kind: 'compound'; op: OperatorName; node: TS.BinaryExpression; target: TS.Identifier | TS.PropertyAccessExpression | TS.ElementAccessExpression }
  /** `-a`  ->  neg(a) */
  | { kind: 'negate'; node: TS.PrefixUnaryExpression };

export function arithmeticAt(ts: typeof TS, node: TS.Node): Arithmetic | undefined {
  if (ts.isBinaryExpression(node)) {
    const { kind } = node.operatorToken;
    const op = binaryOp(ts, kind);
    if (op) return isTextOrConstant(ts, node) ? undefined : { kind: 'binary', op, node };
    const compound = compoundOp(ts, kind);
    const target = node.left;
    // `super.x` cannot be passed around (it is not a value), and `#x` is read through `this` only.
    const onSuper = (ts.isElementAccessExpression(target) || ts.isPropertyAccessExpression(target)) && target.expression.kind === ts.SyntaxKind.SuperKeyword;
    if (compound && !onSuper && (ts.isIdentifier(target) || ts.isElementAccessExpression(target) || (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.name)))) {
      return { kind: 'compound', op: compound, node, target };
    }
    return undefined; // other operators; a private name (#x) or super.x as a target: as written
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && !isNumberLiteral(ts, node.operand)) {
    return { kind: 'negate', node };
  }
  return undefined;
}

/** Enum members must stay constant expressions: nothing inside an enum is rewritten. */
export const isLeftAlone = (ts: typeof TS, node: TS.Node): boolean => ts.isEnumDeclaration(node);

function binaryOp(ts: typeof TS, kind: TS.SyntaxKind): OperatorName | undefined {
  switch (kind) {
    case ts.SyntaxKind.PlusToken: return 'add';
    case ts.SyntaxKind.MinusToken: return 'sub';
    case ts.SyntaxKind.AsteriskToken: return 'mul';
    case ts.SyntaxKind.SlashToken: return 'div';
    case ts.SyntaxKind.AsteriskAsteriskToken: return 'pow';
    default: return undefined;
  }
}

function compoundOp(ts: typeof TS, kind: TS.SyntaxKind): OperatorName | undefined {
  switch (kind) {
    case ts.SyntaxKind.PlusEqualsToken: return 'add';
    case ts.SyntaxKind.MinusEqualsToken: return 'sub';
    case ts.SyntaxKind.AsteriskEqualsToken: return 'mul';
    case ts.SyntaxKind.SlashEqualsToken: return 'div';
    case ts.SyntaxKind.AsteriskAsteriskEqualsToken: return 'pow';
    default: return undefined;
  }
}

const isNumberLiteral = (ts: typeof TS, e: TS.Expression): boolean =>
  ts.isNumericLiteral(e) || (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand));
const isText = (ts: typeof TS, e: TS.Expression): boolean =>
  ts.isStringLiteral(e) || ts.isTemplateExpression(e) || ts.isNoSubstitutionTemplateLiteral(e);

/** `'loss ' + x` joins text and `2 * 3` is a number, whatever x is: nothing to dispatch. */
function isTextOrConstant(ts: typeof TS, node: TS.BinaryExpression): boolean {
  return (node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isText(ts, node.left) || isText(ts, node.right))) ||
    (isNumberLiteral(ts, node.left) && isNumberLiteral(ts, node.right));
}
