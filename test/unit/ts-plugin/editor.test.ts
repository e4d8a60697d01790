// The editor agrees, in any folder: tsserver started as VS Code starts it, with GradLens's plugin
// (built by test/run-unit.mjs into dist/ts-plugin.js, loaded from node_modules/gradlens-ts-plugin),
// on files in a temp folder with no tsconfig and no node_modules. 'gradlens' resolves to the
// shipped declarations, arithmetic on Values and Tensors type-checks as the run executes it, and
// files that do not import 'gradlens' are TypeScript's alone.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NOT_OURS, operatorCases } from '../../helpers/operator-cases';
import { bareFolder, locate, REPO, TsServer, VSCODE_INFERRED_OPTIONS, type Diagnostic } from '../../helpers/tsserver';

const IMPORTS = `import { Value, tensor, nn, optim, torch } from 'gradlens';\n`;
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.start.line}:${d.start.offset}-${d.end.line}:${d.end.offset} ${d.text.split('\n')[0]}`);
const docText = (doc: string | { text: string }[]) => (typeof doc === 'string' ? doc : doc.map((p) => p.text).join(''));

describe('the editor (tsserver with the GradLens plugin) in a folder of one\'s own', () => {
  let server: TsServer;
  let folder: ReturnType<typeof bareFolder>;
  let count = 0;
  /** Opens a new file in the bare folder and returns its path. */
  const open = async (text: string, extension = 'ts'): Promise<string> => {
    const file = folder.write(`file${++count}.${extension}`, text);
    await server.open(file, text, folder.dir);
    return file;
  };
  const diagnostics = async (file: string) => [...(await server.syntacticDiagnostics(file)), ...(await server.semanticDiagnostics(file))];

  before(async () => {
    folder = bareFolder();
    server = new TsServer();
    await server.request('compilerOptionsForInferredProjects', { options: VSCODE_INFERRED_OPTIONS });
  });
  after(async () => {
    await server?.stop();
    folder?.remove();
  });

  describe("'gradlens' resolves to the shipped declarations", () => {
    it('imports without TS2307, with completions for the whole engine', async () => {
      const text = `${IMPORTS}const v = new Value(1);\nconst x = torch.tensor([1, 2]);\nconst layer = new nn.Linear(2, 1);\nconst opt = new optim.SGD(layer.parameters(), { lr: 0.1 });\nconst t = tensor([1]);\nv.backward(); x.sum(); opt.step(); t.sum();\n`;
      const file = await open(text);
      assert.deepEqual(brief(await diagnostics(file)), []);
      const afterTorch = (await server.completions(file, locate(text, 'torch.', 'torch.'.length), '.')).map((e) => e.name);
      for (const name of ['tensor', 'nn', 'optim', 'noGrad', 'zeros']) assert.ok(afterTorch.includes(name), `torch.${name} in ${afterTorch.join(', ')}`);
      const afterNn = (await server.completions(file, locate(text, 'nn.', 'nn.'.length), '.')).map((e) => e.name);
      assert.ok(afterNn.includes('Linear'), afterNn.join(', '));
    });

    it("hovers show the engine's types and doc comments", async () => {
      const text = `${IMPORTS}const v = new Value(1);\nv.children;\nconst x = torch.tensor([1]);\nx.backward();\n`;
      const file = await open(text);
      const value = await server.quickInfo(file, locate(text, 'Value(1)'));
      assert.match(value?.displayString ?? '', /Value/);
      const torchInfo = await server.quickInfo(file, locate(text, 'torch.tensor'));
      assert.match(docText(torchInfo!.documentation), /PyTorch's names in one namespace/);
      const children = await server.quickInfo(file, locate(text, 'children'));
      assert.match(docText(children!.documentation), /The values this one was computed from/);
      const backward = await server.quickInfo(file, locate(text, 'backward'));
      assert.match(docText(backward!.documentation), /Fills \.grad/);
    });
  });

  describe('arithmetic on Values and Tensors type-checks', () => {
    for (const c of operatorCases) {
      it(`with no diagnostics: ${c.name}`, async () => {
        const file = await open(c.operators);
        assert.deepEqual(brief(await diagnostics(file)), []);
      });
    }

    it('a * b + c is a Value: its hover, its completions, .backward() on it', async () => {
      const text = `${IMPORTS}const a = new Value(2);\nconst b = new Value(-3);\nconst c = new Value(10);\nconst d = a * b + c;\nconst e = (a * b).tanh();\nd.backward();\n`;
      const file = await open(text);
      assert.deepEqual(brief(await diagnostics(file)), []);
      assert.equal((await server.quickInfo(file, locate(text, 'd = a')))?.displayString, 'const d: Value');
      assert.equal((await server.quickInfo(file, locate(text, 'e = ')))?.displayString, 'const e: Value');
      const members = (await server.completions(file, locate(text, '(a * b).', '(a * b).'.length), '.')).map((e) => e.name);
      for (const name of ['backward', 'grad', 'data', 'tanh']) assert.ok(members.includes(name), `${name} in ${members.join(', ')}`);
    });

    it('completes after (a * b). while it is being typed', async () => {
      const text = `${IMPORTS}const a = new Value(2);\nconst b = new Value(3);\n(a * b).\n`;
      const file = await open(text);
      const members = (await server.completions(file, locate(text, '(a * b).', '(a * b).'.length), '.')).map((e) => e.name);
      assert.ok(members.includes('backward'), members.join(', '));
      assert.ok(!members.includes('toFixed'), 'not a number');
    });

    it("the operator's hover is the operator's signature", async () => {
      const text = `${IMPORTS}const a = new Value(2);\nconst d = a * 2;\n`;
      const file = await open(text);
      const info = await server.quickInfo(file, locate(text, '* 2'));
      assert.match(info?.displayString ?? '', /mul\(a: Value \| number, b: Value \| number\): Value/);
    });

    it('numbers stay numbers, text stays text, bigints stay bigints', async () => {
      const text = `${IMPORTS}${NOT_OURS}const neg = -s;
const joined = s + ' items';
const v = new Value(s) * 2 - -s;
const checks: [number, string, bigint, number, number, string, Value] = [s, text, big, arr[1], neg, joined, v];
console.log(checks, o);
`;
      const file = await open(text);
      assert.deepEqual(brief(await diagnostics(file)), []);
      assert.equal((await server.quickInfo(file, locate(text, 'neg =')))?.displayString, 'const neg: number');
      assert.equal((await server.quickInfo(file, locate(text, 'joined =')))?.displayString, 'const joined: string');
      assert.equal((await server.quickInfo(file, locate(text, 'big =')))?.displayString, 'const big: bigint');
    });

    it('as the user types: the first operator, then an import of gradlens, then one taken away', async () => {
      const text = `import { Value } from 'gradlens';\nconst a = new Value(2);\n`;
      const file = await open(text);
      const end = { line: 3, offset: 1 };
      await server.edit(file, end, end, 'const d = a * a;\nd.backward();\n');
      assert.deepEqual(brief(await diagnostics(file)), []);
      assert.equal((await server.quickInfo(file, { line: 3, offset: 7 }))?.displayString, 'const d: Value');
      // Without the import the file is TypeScript's own: Value is unknown, a * a is a number.
      await server.edit(file, { line: 1, offset: 1 }, { line: 2, offset: 1 }, '');
      assert.deepEqual((await server.semanticDiagnostics(file)).map((d) => d.code), [2304, 2339]);
      assert.equal((await server.quickInfo(file, { line: 2, offset: 7 }))?.displayString, 'const d: number');
      await server.edit(file, { line: 1, offset: 1 }, { line: 1, offset: 1 }, `import { Value } from 'gradlens';\n`);
      assert.deepEqual(brief(await diagnostics(file)), []);
      assert.equal((await server.quickInfo(file, { line: 3, offset: 7 }))?.displayString, 'const d: Value');
    });

    it('in a JavaScript file too, with import or require', async () => {
      const text = `import { Value } from 'gradlens';\nconst a = new Value(2);\nconst d = a * a + 1;\nd.backward();\n`;
      const file = await open(text, 'js');
      assert.equal((await server.quickInfo(file, locate(text, 'd = a')))?.displayString, 'const d: Value');
      const commonJs = `const { Value } = require('gradlens');\nconst a = new Value(2);\nconst d = a * a + 1;\nd.backward();\n`;
      const required = await open(commonJs, 'js');
      assert.equal((await server.quickInfo(required, locate(commonJs, 'd = a')))?.displayString, 'const d: Value');
      const members = (await server.completions(required, locate(commonJs, 'd.', 2), '.')).map((e) => e.name);
      assert.ok(members.includes('backward'), members.join(', '));
    });
  });

  describe('every other error stays, where the user wrote it', () => {
    it("const n: number = 's' is TS2322 at its own place, after rewritten lines", async () => {
      const text = `${IMPORTS}const a = new Value(2);\nconst d = a * a * a + a ** 2;\nconst n: number = 's';\n`;
      const file = await open(text);
      const ds = await server.semanticDiagnostics(file);
      assert.deepEqual(brief(ds), ["2322 4:7-4:8 Type 'string' is not assignable to type 'number'."]);
    });

    it('a Value times a Tensor is an error, on the expression', async () => {
      const text = `${IMPORTS}const bad = new Value(2) * torch.tensor([1]);\n`;
      const file = await open(text);
      const ds = await server.semanticDiagnostics(file);
      assert.equal(ds.length, 1, brief(ds).join('\n'));
      assert.equal(ds[0].code, 2769); // No overload matches this call
      const expression = locate(text, 'new Value(2) * torch');
      const end = locate(text, ';\n', 0);
      assert.equal(ds[0].start.line, 2);
      assert.ok(ds[0].start.offset >= expression.offset && ds[0].end.offset <= end.offset, brief(ds).join('\n'));
    });

    it('a Value assigned to a number is an error at the variable; a Value times text is an error', async () => {
      const text = `${IMPORTS}const a = new Value(2);\nlet k = 0;\nk += a;\nconst p = a * 'x';\n`;
      const file = await open(text);
      const ds = await server.semanticDiagnostics(file);
      assert.deepEqual(ds.map((d) => [d.code, d.start.line]), [[2322, 4], [2769, 5]], brief(ds).join('\n'));
      assert.equal(ds[0].start.offset, 1);
    });

    it('an error in a compound target is reported once', async () => {
      const text = `${IMPORTS}missing += new Value(1);\n`;
      const file = await open(text);
      const ds = await server.semanticDiagnostics(file);
      assert.deepEqual(brief(ds), ["2304 2:1-2:8 Cannot find name 'missing'."]);
    });
  });

  describe("files that do not import 'gradlens' are TypeScript's own", () => {
    it('const x = {} * 2 is still TS2362', async () => {
      const text = `const x = {} * 2;\nexport {};\n`;
      const file = await open(text);
      assert.deepEqual(brief(await server.semanticDiagnostics(file)), [
        "2362 1:11-1:13 The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.",
      ]);
    });

    it('a class of its own named Value gets no operators', async () => {
      const text = `class Value { constructor(readonly data: number) {} }\nconst a = new Value(1);\nconst d = a * a;\nexport { d };\n`;
      const file = await open(text);
      assert.deepEqual((await server.semanticDiagnostics(file)).map((d) => d.code), [2362, 2363]);
      assert.equal((await server.quickInfo(file, locate(text, 'd = a')))?.displayString, 'const d: number');
      assert.equal(await server.quickInfo(file, locate(text, '* a')), undefined);
    });
  });
});

describe("the repository's examples (a workspace with its own 'gradlens' through tsconfig paths)", () => {
  let server: TsServer;
  before(() => { server = new TsServer(); });
  after(async () => { await server?.stop(); });

  it('type-check with the workspace engine, not the shipped declarations', async () => {
    const dir = join(REPO, 'examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
    for (const file of files) await server.open(file, readFileSync(file, 'utf8'), REPO);
    for (const file of files) assert.deepEqual(brief(await server.semanticDiagnostics(file)), [], file);
    const text = readFileSync(files[0], 'utf8');
    const definition = await server.request<{ file: string }[]>('definition', { file: files[0], ...locate(text, '{ torch }', 2) });
    assert.ok(definition.some((d) => d.file.endsWith('/src/engine/index.ts')), JSON.stringify(definition));
    // The operators come from the same engine as the Values (beside its index.ts).
    const moons = files.find((f) => f.endsWith('03-micrograd-moons.ts'))!;
    const operator = await server.request<{ file: string }[]>('definition', { file: moons, ...locate(readFileSync(moons, 'utf8'), 'label * 2', 'label '.length) });
    assert.ok(operator.length > 0 && operator.every((d) => d.file.endsWith('/src/engine/operators.ts')), JSON.stringify(operator));
  });
});
