// `import ... from 'gradlens'` in any folder: where TypeScript's own resolution finds no typed
// 'gradlens' (no node_modules, no tsconfig paths), the module resolves to the declarations the
// extension ships next to this plugin (dist/types, emitted from src/engine by tsconfig.types.json).
// A workspace that has its own typed 'gradlens' keeps it. 'gradlens/operators' (imported only by
// the plugin's type-checking copy, virtual-code.ts) is found beside whichever 'gradlens' the file
// got, so the operators' Value is the Value the file imports.

import type * as TS from 'typescript';
import { MODULE, OPERATORS_MODULE } from './virtual-code';

type Resolved = TS.ResolvedModuleWithFailedLookupLocations;

export function resolveShippedDeclarations(ts: typeof TS, host: TS.LanguageServiceHost, typesDir: string): void {
  const fileExists = (f: string): boolean => (host.fileExists ? host.fileExists(f) : ts.sys.fileExists(f));
  const shipped = (name: 'index' | 'operators'): Resolved | undefined => {
    const file = `${typesDir}/${name}.d.ts`;
    return fileExists(file) ? { resolvedModule: { resolvedFileName: file, extension: ts.Extension.Dts, isExternalLibraryImport: true } } : undefined;
  };
  const typedExtensions: string[] = [ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Dts, ts.Extension.Mts, ts.Extension.Dmts, ts.Extension.Cts, ts.Extension.Dcts];
  /** Resolved to TypeScript or declarations (a .js file alone would leave the import untyped). */
  const typed = (r: Resolved | undefined): r is Resolved => r?.resolvedModule !== undefined && typedExtensions.includes(r.resolvedModule.extension);

  /** The resolutions of one file's module names, with GradLens's filled in where needed. */
  const complete = (names: string[], results: (Resolved | undefined)[]): (Resolved | undefined)[] => {
    const gradlensAt = names.indexOf(MODULE);
    const gradlens = gradlensAt < 0 ? undefined : typed(results[gradlensAt]) ? results[gradlensAt] : shipped('index');
    return names.map((name, i) => {
      if (name === MODULE) return gradlens ?? results[i];
      if (name !== OPERATORS_MODULE || typed(results[i])) return results[i];
      const beside = gradlens?.resolvedModule && besideOperators(gradlens.resolvedModule);
      return beside ?? shipped('operators') ?? results[i];
    });
  };
  /** operators.ts (or .d.ts) in the folder a workspace's own 'gradlens' index resolved to. */
  const besideOperators = (m: TS.ResolvedModuleFull): Resolved | undefined => {
    const dir = m.resolvedFileName.slice(0, m.resolvedFileName.lastIndexOf('/'));
    for (const [file, extension] of [[`${dir}/operators.d.ts`, ts.Extension.Dts], [`${dir}/operators.ts`, ts.Extension.Ts]] as const) {
      if (fileExists(file)) return { resolvedModule: { resolvedFileName: file, extension, isExternalLibraryImport: m.isExternalLibraryImport } };
    }
    return undefined;
  };
  const concerned = (names: readonly string[]): boolean => names.includes(MODULE) || names.includes(OPERATORS_MODULE);

  // tsserver's projects resolve through resolveModuleNameLiterals (TypeScript 5.0 and later).
  const resolveModuleNameLiterals = host.resolveModuleNameLiterals?.bind(host);
  if (!resolveModuleNameLiterals) return;
  host.resolveModuleNameLiterals = (literals, ...rest) => {
    const results = resolveModuleNameLiterals(literals, ...rest);
    const names = literals.map((l) => l.text);
    return concerned(names) ? (complete(names, [...results]) as Resolved[]) : results;
  };
}
