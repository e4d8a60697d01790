// The copy the plugin has tsserver check: which arithmetic becomes which call (the runner's own
// choice, runner/operator-syntax.ts), where the operators' import goes, and which files get none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { operatorCode } from '../../../src/ts-plugin/virtual-code';

const IMPORT = `import { Value } from 'gradlens';`;
const OPS_IMPORT = `\nimport * as __gradlens_ops from "gradlens/operators";`;
const copy = (text: string, kind = ts.ScriptKind.TS) => operatorCode(ts, ts.createSourceFile(`f.${kind === ts.ScriptKind.JS ? 'js' : 'ts'}`, text, ts.ScriptTarget.Latest, true, kind));
/** The copy without the operators' import, and with `__gradlens_ops.` shortened to `$.`. */
const body = (text: string) => copy(text)?.text.replace(OPS_IMPORT, '').replaceAll('__gradlens_ops.', '$.');

describe("the plugin's copy of a file", () => {
  it('calls the typed operators for arithmetic, inner expressions first', () => {
    assert.equal(body(`${IMPORT}\nconst d = a * b + c;`), `${IMPORT}\nconst d = $.add($.mul(a, b), c);`);
    assert.equal(body(`${IMPORT}\nconst e = (d ** 2) / 4 - -a;`), `${IMPORT}\nconst e = $.sub($.div(($.pow(d, 2)), 4), $.neg(a));`);
  });

  it('rewrites x op= y as x = op(x, y), for names, members and elements', () => {
    assert.equal(body(`${IMPORT}\nloss += a * b;\nthis.w -= lr;\nxs[i + 1] *= 2;`),
      `${IMPORT}\nloss = $.add(loss, $.mul(a, b));\nthis.w = $.sub(this.w, lr);\nxs[$.add(i, 1)] = $.mul(xs[$.add(i, 1)], 2);`);
  });

  it('leaves text, number literals and enums as written', () => {
    const text = `${IMPORT}\nconst s = 'loss ' + x;\nconst k = 2 * 3;\nconst m = -1;\nenum E { A = 1 << 2, B = A * 2 }\nconst v = a * 2;`;
    assert.equal(body(text), `${IMPORT}\nconst s = 'loss ' + x;\nconst k = 2 * 3;\nconst m = -1;\nenum E { A = 1 << 2, B = A * 2 }\nconst v = $.mul(a, 2);`);
  });

  it("imports the operators right after the file's import of gradlens, below pragmas and references", () => {
    const text = `#!/usr/bin/env node\n// @ts-check\n/// <reference lib="es2022" />\n${IMPORT}\nconst d = a * b;`;
    assert.equal(copy(text)!.text, `#!/usr/bin/env node\n// @ts-check\n/// <reference lib="es2022" />\n${IMPORT}${OPS_IMPORT}\nconst d = __gradlens_ops.mul(a, b);`);
  });

  it('is made only for files that import gradlens and have arithmetic', () => {
    assert.equal(copy(`import { Value } from './gradlens';\nconst d = a * b;`), undefined);
    assert.equal(copy(`// gradlens\nconst d = a * b;`), undefined);
    assert.equal(copy(`${IMPORT}\nconst d = a.mul(b);`), undefined);
    assert.notEqual(copy(`export { Value } from 'gradlens';\nconst d = a * b;`), undefined);
    assert.notEqual(copy(`import g = require('gradlens');\nconst d = a * b;`), undefined);
    // require: in JavaScript, where TypeScript types it from the module.
    assert.equal(copy(`const { Value } = require('gradlens');\nconst d = a * b;`, ts.ScriptKind.JS)!.text,
      `const { Value } = require('gradlens');\nconst __gradlens_ops = require("gradlens/operators");\nconst d = __gradlens_ops.mul(a, b);`);
    assert.equal(copy(`const { Value } = require('gradlens');\nconst d = a * b;`), undefined);
  });

  it('maps the user text, the operator to its function, and the call to the whole expression', () => {
    const text = `${IMPORT}\nconst d = a * b;`;
    const code = copy(text)!;
    const toGenerated = (sourceOffset: number) => code.mappings
      .filter((m) => m.sourceOffsets[0] === sourceOffset)
      .map((m) => [code.text.slice(m.generatedOffsets[0], m.generatedOffsets[0] + (m.generatedLengths ?? m.lengths)[0]), m.data]);
    const star = text.indexOf('*');
    assert.deepEqual(toGenerated(star), [['mul', { semantic: true, navigation: true }]]);
    const expression = text.indexOf('a * b');
    assert.deepEqual(toGenerated(expression).map(([generated, data]) => [generated, (data as { verification?: boolean }).verification]), [
      ['a', true],
      ['mul', true],
      ['__gradlens_ops.mul(a, b)', true],
    ]);
  });
});
