// Finds the training loops of a document — loops whose body calls `.backward()` — with the
// TypeScript parser (so comments, strings and nested functions don't fool it). Only top-level
// loops count: "Train this model" runs the document up to the end of the loop, which only makes
// sense for a loop the program itself reaches; a nested loop belongs to its outer loop.

import ts from 'typescript';
import type { OffsetRange } from '../protocol';

export interface TrainingLoop extends OffsetRange {
  /** 0-based line of the loop's first token (where the lens goes). */
  line: number;
  /** for, for-of, for-in, while or do. */
  kind: string;
}

export function findTrainingLoops(source: string, fileName: string): TrainingLoop[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, scriptKind(fileName));
  const loops: TrainingLoop[] = [];
  for (const statement of file.statements) {
    const loop = unlabel(statement);
    if (isLoop(loop) && callsBackward(loop.statement)) {
      const start = statement.getStart(file);
      loops.push({ start, end: statement.getEnd(), line: file.getLineAndCharacterOfPosition(start).line, kind: ts.SyntaxKind[loop.kind].replace('Statement', '') });
    }
  }
  return loops;
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.[cm]?js$/.test(fileName)) return ts.ScriptKind.JS;
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.TS;
}

function unlabel(statement: ts.Statement): ts.Statement {
  return ts.isLabeledStatement(statement) ? unlabel(statement.statement) : statement;
}

function isLoop(node: ts.Node): node is ts.IterationStatement {
  return ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

/** Whether `body` calls something.backward(...), outside of nested function bodies. */
function callsBackward(body: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) || ts.isPropertyAccessChain(callee) ? callee.name.text : null;
      if (name === 'backward') {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}
