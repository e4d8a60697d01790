// Every public name of `import ... from 'gradlens'` has a doc comment: the editor's hovers and
// completion details come from the declarations `npm run build` emits (dist/types), so this reads
// those with the compiler API — exports, namespaces' exports, public class and interface members
// (each on the class that declares it, bases included) and the functions of exported objects.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import ts from 'typescript';

it('documents every public name of the engine', () => {
  const program = ts.createProgram(['dist/types/index.d.ts'], { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, types: [] });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  const seen = new Set<ts.Symbol>();
  // What a hover shows: the symbol's own comment (or an overridden member's), else its signature's.
  const documented = (symbol: ts.Symbol): boolean =>
    symbol.getDocumentationComment(checker).length > 0 ||
    checker.getTypeOfSymbol(symbol).getCallSignatures().some((s) => s.getDocumentationComment(checker).length > 0);
  const isPublic = (member: ts.Symbol): boolean =>
    !(member.flags & (ts.SymbolFlags.Constructor | ts.SymbolFlags.Signature | ts.SymbolFlags.TypeParameter | ts.SymbolFlags.Prototype)) &&
    !member.name.startsWith('#') && !member.name.startsWith('__') &&
    !(member.declarations ?? []).some((d) => ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));

  function checkMembers(owner: ts.Symbol, name: string): void {
    if (seen.has(owner)) return;
    seen.add(owner);
    for (const member of [...(owner.members?.values() ?? []), ...(owner.exports?.values() ?? [])]) {
      if (isPublic(member) && !documented(member)) missing.push(`${name}.${member.name}`);
    }
    // Inherited members are checked once, on the class that declares them (exported or not).
    for (const base of checker.getBaseTypes(checker.getDeclaredTypeOfSymbol(owner) as ts.InterfaceType)) {
      if (base.symbol?.declarations?.some((d) => d.getSourceFile().fileName.includes('dist/types'))) {
        checkMembers(base.symbol, name.replace(/[^.]*$/, base.symbol.name));
      }
    }
  }

  function checkModule(module: ts.Symbol, prefix: string): void {
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = prefix + exported.name;
      if (symbol.flags & ts.SymbolFlags.Module) {
        checkModule(symbol, `${name}.`); // nn, optim, nn.functional: their members carry the docs
        continue;
      }
      if (!documented(symbol)) missing.push(name);
      if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) checkMembers(symbol, name);
      if (symbol.flags & ts.SymbolFlags.Variable) {
        // The functions an exported object holds (torch.zeros): their hover is the property's own comment.
        for (const property of checker.getTypeOfSymbol(symbol).getProperties()) {
          if (checker.getTypeOfSymbol(property).getCallSignatures().length > 0 && !documented(property)) missing.push(`${name}.${property.name}`);
        }
      }
    }
  }

  const index = program.getSourceFile('dist/types/index.d.ts');
  assert.ok(index, 'dist/types/index.d.ts is missing: npm run build emits it');
  checkModule(checker.getSymbolAtLocation(index)!, '');
  assert.ok(missing.length === 0, `public names without a doc comment:\n  ${missing.join('\n  ')}`);
});
