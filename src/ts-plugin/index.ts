// GradLens's TypeScript server plugin (package.json contributes it as typescriptServerPlugins;
// VS Code loads it into tsserver by package name from node_modules/gradlens-ts-plugin, a pointer
// to dist/ts-plugin.js that esbuild.mjs writes). It runs in tsserver, not in the extension host:
// it never imports 'vscode' or the typescript package, and works with the `ts` tsserver gives it.
//
// - `import ... from 'gradlens'` resolves in any folder to the declarations shipped in dist/types
//   (resolve.ts), so the engine's completions and doc comments are there without a tsconfig.
// - In files that import 'gradlens', arithmetic is type-checked as the run executes it: Volar
//   (@volar/typescript) lets tsserver check a copy where `a * b` is a call to the engine's typed
//   operators, mapped back to the user's text (virtual-code.ts). Other files are left untouched.

import type * as TS from 'typescript';
import type { IScriptSnapshot, Language, LanguagePlugin, VirtualCode } from '@volar/language-core';
import type {} from '@volar/typescript'; // its LanguagePlugin.typescript options
import { createLanguageServicePlugin } from '@volar/typescript/lib/quickstart/createLanguageServicePlugin';
import { resolveShippedDeclarations } from './resolve';
import { MODULE, operatorCode } from './virtual-code';

/** Where the declarations are: dist/types, beside this bundle (dist/ts-plugin.js). */
const typesDir = `${__dirname.replace(/\\/g, '/')}/types`;

interface OperatorVirtualCode extends VirtualCode {
  scriptKind: TS.ScriptKind;
  extension: string;
}

const languages = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);

function operatorLanguage(ts: typeof TS): LanguagePlugin<string, OperatorVirtualCode> {
  return {
    getLanguageId: () => undefined, // Volar's own guess by extension (typescript, javascript, ...)
    createVirtualCode(fileName, languageId, snapshot) {
      if (!languages.has(languageId)) return undefined;
      const text = snapshot.getText(0, snapshot.getLength());
      if (!text.includes(MODULE)) return undefined;
      const extension = fileName.slice(fileName.lastIndexOf('.'));
      const scriptKind = scriptKindOf(ts, extension);
      const code = operatorCode(ts, ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind));
      if (!code) return undefined;
      return { id: 'operators', languageId, snapshot: snapshotOf(code.text), mappings: code.mappings, scriptKind, extension };
    },
    typescript: {
      extraFileExtensions: [],
      getServiceScript: (root) => ({ code: root, extension: (root as OperatorVirtualCode).extension, scriptKind: (root as OperatorVirtualCode).scriptKind }),
    },
  };
}

function scriptKindOf(ts: typeof TS, extension: string): TS.ScriptKind {
  switch (extension) {
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    case '.js': case '.mjs': case '.cjs': return ts.ScriptKind.JS;
    default: return ts.ScriptKind.TS;
  }
}

const snapshotOf = (text: string): IScriptSnapshot => ({
  getText: (start, end) => text.slice(start, end),
  getLength: () => text.length,
  getChangeRange: () => undefined,
});

const volarPlugin = createLanguageServicePlugin((ts, info) => {
  info.project.projectService.logger.info(`GradLens: operator typing and 'gradlens' declarations from ${typesDir}`);
  resolveShippedDeclarations(ts, info.languageServiceHost, typesDir);
  return { languagePlugins: [operatorLanguage(ts)], setup: reconsiderPlainFiles };
});

/**
 * Volar asks a language plugin for a file's virtual code when it first sees the file, and after
 * that only updates code it already has: a file opened without `import ... from 'gradlens'` would
 * stay plain after the user types the import. So a plain file that changes is forgotten first,
 * and the plugin is asked again (a cheap look for 'gradlens' in the text, then nothing).
 */
function reconsiderPlainFiles(language: Language<string>): void {
  const plain = new Map<string, IScriptSnapshot>();
  const set = language.scripts.set.bind(language.scripts);
  language.scripts.set = (id, snapshot, ...rest) => {
    const before = plain.get(id);
    if (before !== undefined && before !== snapshot) language.scripts.delete(id);
    const script = set(id, snapshot, ...rest);
    if (script && !script.generated) plain.set(id, snapshot);
    else plain.delete(id);
    return script;
  };
  const remove = language.scripts.delete.bind(language.scripts);
  language.scripts.delete = (id) => {
    plain.delete(id);
    remove(id);
  };
}

/**
 * The target of a compound assignment is read twice in the copy (`x = op(x, y)`), so an error
 * in it would be reported twice at the same place: each diagnostic is given once.
 */
function onceEach(ls: TS.LanguageService): TS.LanguageService {
  const once = (diagnostics: TS.Diagnostic[]): TS.Diagnostic[] => {
    const seen = new Set<string>();
    return diagnostics.filter((d) => {
      const key = `${d.file?.fileName}:${d.start}:${d.length}:${d.code}:${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  return new Proxy(ls, {
    get(target, property, receiver) {
      if (property === 'getSemanticDiagnostics' || property === 'getSyntacticDiagnostics' || property === 'getSuggestionDiagnostics') {
        return (fileName: string) => once(target[property](fileName) as TS.Diagnostic[]);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

const plugin: TS.server.PluginModuleFactory = (modules) => {
  // A workspace's own TypeScript may be older than the 5.0 that module resolution here needs.
  if (Number(modules.typescript.version.split('.')[0]) < 5) return { create: (info) => info.languageService };
  const volar = volarPlugin(modules);
  return { ...volar, create: (info) => onceEach(volar.create(info)) };
};

export = plugin;
