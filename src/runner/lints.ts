// Gradient hygiene, from what the run saw (micrograd's issues #53, #25, #2 and PR #102 all ask
// about the first one): a backward() that ran while the parameters still held the previous
// step's gradients (they add up: zeroGrad() was not called in between); a backward() through a
// graph that already had one; a parameter of a bound module that never got a gradient because it
// does not reach the loss; a `.grad` read on a tensor that does not require grad (always null).
// Each at the user's line, said once, with a quick fix when one is obvious.

import { Tensor, Value, type SourceLoc } from '../engine';
import type { Lint } from '../protocol';

type Param = Value | Tensor;

export interface WatchedModule {
  name: string;
  /** Where the program bound it. */
  loc: SourceLoc;
  params: Array<[path: string, param: Param]>;
}

export class GradientLints {
  private readonly found = new Map<string, Lint>();
  private backwards = 0;
  private readonly roots = new WeakSet<object>();

  /** As a backward() starts, at `loc` (the statement calling it): what the parameters hold now. */
  beforeBackward(root: Param, loc: SourceLoc | null, modules: readonly WatchedModule[]): void {
    this.backwards++;
    if (loc) this.checkBackward(root, loc, modules);
  }

  /**
   * The program read `.grad` of a tensor that does not require grad, at `loc` (the engine tells,
   * tracing.onGradRead): it is null and stays null. Said once per line, however often a loop reads it.
   */
  gradRead(tensor: Tensor, loc: SourceLoc | null, modules: readonly WatchedModule[]): void {
    if (!loc || this.found.has(keyOf('grad-not-required', loc))) return;
    const module = modules.find((m) => m.params.some(([, p]) => p === tensor));
    const path = module?.params.find(([, p]) => p === tensor)?.[0];
    const name = module ? `${module.name}.${path}` : tensor.label;
    const subject = name ? `${name}.grad is null: ${name} does` : 'This tensor\'s .grad is null: it does';
    const message = module
      ? `${subject} not require grad (a frozen parameter), so backward() gives it no gradient.`
      : `${subject} not require grad, so backward() gives it no gradient — create it with tensor(…, { requiresGrad: true }). (A tensor computed only from tensors that do not require grad, or inside noGrad(), does not require it either.)`;
    // The fix: where the program made it, when that is a leaf of this file (a factory call).
    const made = tensor.loc;
    const fixable = !module && tensor.isLeaf && made && made.file === loc.file;
    this.add('grad-not-required', loc, message, fixable ? { kind: 'require-grad', at: made, title: `Create ${name || 'the tensor'} with { requiresGrad: true }` } : null);
  }

  private checkBackward(root: Param, loc: SourceLoc, modules: readonly WatchedModule[]): void {
    if (this.roots.has(root)) {
      this.add('backward-twice', loc, 'backward() runs a second time through the same graph: every leaf\'s gradient adds the second pass to the first (PyTorch raises here unless retain_graph=True). Build the graph again, or zero the gradients in between.');
    }
    this.roots.add(root);
    if (this.backwards < 2) return;
    const held = modules.find((m) => m.params.some(([, p]) => hasGradient(p)));
    if (held) {
      this.add(
        'not-zeroed',
        loc,
        `Gradients add up across backward() calls: ${held.name}'s parameters still hold the previous step's gradients when this backward() runs. Call ${held.name}.zeroGrad() (or optimizer.zeroGrad()) before it, as micrograd's and PyTorch's training loops do.`,
        { kind: 'insert-line', line: loc.line, text: `${held.name}.zeroGrad();`, title: `Insert ${held.name}.zeroGrad() before backward()` },
      );
    }
  }

  /** At the end: the bound modules' parameters missing from the root's graph (`inGraph`), when backward() made it. */
  finish(modules: readonly WatchedModule[], inGraph: (p: Param) => boolean): Lint[] {
    for (const module of modules) {
      // A frozen parameter (requiresGrad false) gets no gradient on purpose.
      const missing = module.params.filter(([, p]) => !isFrozen(p) && !inGraph(p) && !hasGradient(p)).map(([path]) => `${module.name}.${path}`);
      if (missing.length === 0) continue;
      const names = missing.length <= 3 ? missing.join(', ') : `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more`;
      this.add('unreached', module.loc, `${names} ${missing.length === 1 ? 'has' : 'have'} no gradient: ${missing.length === 1 ? 'it does' : 'they do'} not reach the loss (the last backward()'s graph does not use ${missing.length === 1 ? 'it' : 'them'}).`);
    }
    return [...this.found.values()];
  }

  private add(kind: Lint['kind'], loc: SourceLoc, message: string, fix?: Lint['fix']): void {
    const key = keyOf(kind, loc);
    if (!this.found.has(key)) this.found.set(key, { kind, loc, message, fix: fix ?? null });
  }
}

/** One lint of a kind per line. */
function keyOf(kind: Lint['kind'], loc: SourceLoc): string {
  return `${kind}:${loc.file ?? ''}:${loc.line}`;
}

function isFrozen(p: Param): boolean {
  return p instanceof Tensor && !p.requiresGrad;
}

function hasGradient(p: Param): boolean {
  if (p instanceof Value) return p.grad !== 0;
  return p.grad?.data.some((g) => g !== 0) ?? false;
}
