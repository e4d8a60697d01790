// The plugin as an installed extension has it: the files vsce puts in the VSIX (`vsce ls`, the
// list `npm run package` packs), copied into a folder of their own, are what tsserver loads the
// plugin and the 'gradlens' declarations from — with the project's TypeScript and with VS Code's
// own (the code-server the integration and e2e tests use: installed here first on a fresh machine,
// never skipped).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bareFolder, locate, REPO, TsServer, VSCODE_INFERRED_OPTIONS } from '../../helpers/tsserver';
import { ensureCodeServer } from '../../vscode/code-server';

const VSCODE_TSSERVER = join(REPO, '.vscode-test/code-server/node_modules/code-server/lib/vscode/extensions/node_modules/typescript/lib/tsserver.js');
const REQUIRED = [
  'package.json',
  'dist/ts-plugin.js',
  'dist/types/index.d.ts',
  'dist/types/operators.d.ts',
  'dist/types/value.d.ts',
  'node_modules/gradlens-ts-plugin/package.json',
  'node_modules/gradlens-ts-plugin/index.js',
];

describe('the plugin in the VSIX', () => {
  let extension: string;
  let files: string[];
  before(() => {
    // vsce lists through `npm list`, which takes a few seconds.
    const vsce = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
    files = execFileSync(process.execPath, [vsce, 'ls'], { cwd: REPO, encoding: 'utf8', timeout: 300_000 }).split('\n').filter(Boolean);
    extension = join(mkdtempSync(join(tmpdir(), 'gradlens-vsix-')), 'extension');
    for (const file of files) {
      mkdirSync(dirname(join(extension, file)), { recursive: true });
      cpSync(join(REPO, file), join(extension, file));
    }
  });
  after(() => { if (extension) rmSync(dirname(extension), { recursive: true, force: true }); });

  it('has the plugin package, its bundle and the declarations', () => {
    for (const file of REQUIRED) assert.ok(files.includes(file), `${file} in the VSIX: ${files.join(', ')}`);
    assert.ok(!files.some((f) => f.startsWith('node_modules/') && !f.startsWith('node_modules/gradlens-ts-plugin/')), 'no other package');
  });

  for (const [name, tsserver] of [['the project\'s TypeScript', undefined], ["VS Code's own TypeScript", VSCODE_TSSERVER]] as const) {
    it(`loads from the installed extension's folder, with ${name}`, async () => {
      if (tsserver !== undefined && !existsSync(tsserver)) await ensureCodeServer();
      const server = new TsServer({ tsserver, probeLocation: extension });
      const folder = bareFolder();
      try {
        await server.request('compilerOptionsForInferredProjects', { options: VSCODE_INFERRED_OPTIONS });
        const text = `import { Value, torch } from 'gradlens';\nconst a = new Value(2);\nconst d = a * a + 1;\nd.backward();\nconst x = torch.tensor([1, 2]) * 2;\nx.sum();\n`;
        const file = folder.write('mine.ts', text);
        await server.open(file, text, folder.dir);
        assert.deepEqual(await server.semanticDiagnostics(file), []);
        assert.equal((await server.quickInfo(file, locate(text, 'd = a')))?.displayString, 'const d: Value');
        const definitions = await server.request<{ file: string }[]>('definition', { file, ...locate(text, 'Value(2)') });
        assert.ok(definitions.length > 0 && definitions.every((d) => d.file.startsWith(`${extension}/dist/types/`)), JSON.stringify(definitions));
      } finally {
        await server.stop();
        folder.remove();
      }
    });
  }
});
