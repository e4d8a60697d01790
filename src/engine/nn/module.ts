// nn.Module: the base of every model, micrograd's and PyTorch-style alike. As in PyTorch, a
// module finds its parameters and submodules by looking at its own fields — in declaration order,
// through arrays and ModuleLists (not plain objects: PyTorch needs a ModuleDict for those) — so a
// subclass only assigns them, and names follow field paths ("fc1.weight", "layers.0.neurons.3.w.1").

import { describeValue } from '../options';
import { formatShape, sameShape } from '../tensor/shape';
import { Tensor } from '../tensor/tensor';
import { Value } from '../value';

/** What a module trains and an optimizer updates: a Tensor that requires grad, or a micrograd Value. */
export type Parameter = Tensor | Value;

interface ParameterFactory {
  /** `nn.Parameter(tensor)`: a leaf tensor sharing `data`'s values that requires grad (unless `requiresGrad` is false). */
  (data: Tensor, requiresGrad?: boolean): Tensor;
  /** `new nn.Parameter(tensor)`: the same as calling it. */
  new (data: Tensor, requiresGrad?: boolean): Tensor;
}

/**
 * PyTorch's nn.Parameter: `nn.Parameter(torch.randn(3))` (with or without `new`) is a leaf tensor
 * that shares the values and requires grad, so a module that assigns it to a field trains it.
 */
export const Parameter = function Parameter(data: Tensor, requiresGrad = true): Tensor {
  if (!(data instanceof Tensor)) throw new Error(`nn.Parameter: expected a Tensor, got ${describeValue(data)}`);
  return new Tensor(data.data, data.shape, { requiresGrad, label: data.label });
} as ParameterFactory;

/** What loadStateDict() reports (PyTorch's NamedTuple): keys the module has that the dict lacked, and the other way round. */
export interface LoadResult {
  /** Parameter and buffer names of the module that the dict did not have. */
  missingKeys: string[];
  /** Names in the dict that the module has no parameter or buffer for. */
  unexpectedKeys: string[];
}

/** The base of every model (torch.nn.Module): a subclass assigns its layers and parameters to fields and defines forward(). */
export abstract class Module<P extends Parameter = Tensor> {
  /** True in training mode (the default), false after eval(): nn.Dropout drops only while training. */
  declare training: boolean;

  constructor() {
    // Not enumerable: a module's fields are its parameters and submodules (and ModuleList's items).
    Object.defineProperty(this, 'training', { value: true, writable: true, enumerable: false, configurable: true });
  }

  /** Sets training mode on this module and every submodule (PyTorch's train(mode=True)); returns this. */
  train(mode = true): this {
    this.training = mode;
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode, `train(false)`: dropout becomes the identity; returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Every parameter and buffer by its path, as a copy (a Value becomes a 0-d tensor): PyTorch's state_dict(). */
  stateDict(): Record<string, Tensor> {
    const dict: Record<string, Tensor> = {};
    for (const [name, p] of this.namedState()) {
      dict[name] = p instanceof Value ? new Tensor(Float64Array.of(p.data), []) : new Tensor(p.data.slice(), p.shape);
    }
    return dict;
  }

  /** [path, tensor] pairs of the buffers (state that is not trained, e.g. BatchNorm's running mean), in field order. */
  namedBuffers(): Array<[string, Tensor]> {
    const found: Array<[string, Tensor]> = [];
    collectBuffers(this, '', found, new Set());
    return found;
  }

  /** What stateDict() saves: the parameters, then the buffers. */
  private namedState(): Array<[string, Parameter]> {
    return [...this.namedParameters(), ...this.namedBuffers()];
  }

  /**
   * Copies values from a stateDict() (by name) into the parameters, in place. Shapes must match;
   * with `strict` (default, as PyTorch) every name must match too. Returns the names that did not.
   */
  loadStateDict(dict: Record<string, Tensor>, strict = true): LoadResult {
    if (dict === null || typeof dict !== 'object') throw new Error(`loadStateDict: expected an object of tensors (from stateDict()), got ${describeValue(dict)}`);
    const params = new Map<string, Parameter>(this.namedState());
    const missingKeys = [...params.keys()].filter((k) => !(k in dict));
    const unexpectedKeys = Object.keys(dict).filter((k) => !params.has(k));
    const errors: string[] = [];
    if (strict && missingKeys.length > 0) errors.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
    if (strict && unexpectedKeys.length > 0) errors.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
    for (const [name, p] of params) {
      const src = dict[name];
      if (src === undefined) continue;
      if (!(src instanceof Tensor)) { errors.push(`${name}: expected a Tensor, got ${describeValue(src)}.`); continue; }
      const shape = p instanceof Value ? [] : p.shape;
      if (src.data.length !== (p instanceof Value ? 1 : p.data.length) || (!(p instanceof Value) && !sameShape(src.shape, shape))) {
        errors.push(`size mismatch for ${name}: copying a param with shape ${formatShape(src.shape)} from checkpoint, the shape in current model is ${formatShape(shape)}.`);
      }
    }
    if (errors.length > 0) throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join('\n\t')}`);
    for (const [name, p] of params) {
      const src = dict[name];
      if (src === undefined) continue;
      if (p instanceof Value) p.data = src.data[0];
      else p.data.set(src.data);
    }
    return { missingKeys, unexpectedKeys };
  }
  /** The computation; subclasses define it with their own arguments. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  abstract forward(...inputs: any[]): any;

  /** `model.call(x)` is PyTorch's `model(x)`. */
  call(...inputs: Parameters<this['forward']>): ReturnType<this['forward']> {
    return this.forward(...inputs);
  }

  /** [path, parameter] pairs: trainable tensors (requiresGrad) and Values, in field order. */
  namedParameters(): Array<[string, P]> {
    const found: Array<[string, P]> = [];
    collectParameters(this, '', found as Array<[string, Parameter]>, new Set());
    return found;
  }

  /** The trainable parameters (leaf tensors that require grad, and leaf Values), each once, in field order (PyTorch's model.parameters()). */
  parameters(): P[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** [path, module] pairs of the submodules, depth first. */
  namedModules(): Array<[string, Module<Parameter>]> {
    const found: Array<[string, Module<Parameter>]> = [];
    for (const [key, child] of fieldEntries(this)) collectModules(child, key, found);
    return found;
  }

  /** This module and every submodule, depth first (PyTorch's modules()). */
  modules(): Array<Module<Parameter>> {
    return [this as Module<Parameter>, ...this.namedModules().map(([, m]) => m)];
  }

  /**
   * Calls `fn` on every submodule, then on this module (PyTorch's apply, e.g.
   * `model.apply((m) => { if (m instanceof nn.Linear) nn.init.xavierUniform_(m.weight); })`); returns this.
   */
  apply(fn: (module: Module<Parameter>) => void): this {
    applyPostOrder(this as Module<Parameter>, fn);
    return this;
  }

  /** Clears every parameter's gradient (tensors: null, as PyTorch does; Values: 0). */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      if (p instanceof Value) p.grad = 0;
      else p.grad = null;
    }
  }

  /** PyTorch's printout: the class name and its submodules, one per line. */
  toString(): string {
    const children = fieldEntries(this).filter(([, v]) => v instanceof Module);
    if (children.length === 0) return `${this.constructor.name}()`;
    const lines = children.map(([k, m]) => `  (${k}): ${String(m).replace(/\n/g, '\n  ')}`);
    return `${this.constructor.name}(\n${lines.join('\n')}\n)`;
  }
}

function fieldEntries(obj: object): Array<[string, unknown]> {
  return Object.entries(obj);
}

function collectParameters(node: unknown, path: string, found: Array<[string, Parameter]>, seen: Set<unknown>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  // A parameter is a leaf that is trained (PyTorch's nn.Parameter): not a result a forward()
  // cached on the module (`this.hidden = x.relu()`), which also requires grad.
  if (node instanceof Value || node instanceof Tensor) {
    if (node instanceof Value ? node.op === '' : node.requiresGrad && node.isLeaf) found.push([path, node]);
    return;
  }
  if (!(node instanceof Module) && !Array.isArray(node)) return;
  for (const [key, child] of Object.entries(node)) {
    collectParameters(child, path ? `${path}.${key}` : key, found, seen);
  }
}

/** Tensors a module keeps as state that is not trained (PyTorch's buffers: BatchNorm's running statistics). */
const buffers = new WeakSet<Tensor>();

/** Marks `t` as a buffer of the module whose field holds it: saved and loaded with the parameters. */
export function buffer(t: Tensor): Tensor {
  buffers.add(t);
  return t;
}

function collectBuffers(node: unknown, path: string, found: Array<[string, Tensor]>, seen: Set<unknown>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (node instanceof Tensor) {
    if (buffers.has(node)) found.push([path, node]);
    return;
  }
  if (!(node instanceof Module) && !Array.isArray(node)) return;
  for (const [key, child] of Object.entries(node)) collectBuffers(child, path ? `${path}.${key}` : key, found, seen);
}

/** Children first, in field order, then the module itself: PyTorch's order for apply(). */
function applyPostOrder(module: Module<Parameter>, fn: (module: Module<Parameter>) => void): void {
  const visit = (node: unknown): void => {
    if (node instanceof Module) applyPostOrder(node, fn);
    else if (Array.isArray(node)) node.forEach(visit);
  };
  for (const [, child] of fieldEntries(module)) visit(child);
  fn(module);
}

function collectModules(node: unknown, path: string, found: Array<[string, Module<Parameter>]>): void {
  if (node instanceof Module) {
    found.push([path, node]);
    for (const [key, child] of fieldEntries(node)) collectModules(child, `${path}.${key}`, found);
  } else if (Array.isArray(node)) {
    node.forEach((child, i) => collectModules(child, `${path}.${i}`, found));
  }
}

/**
 * Modules in a list (PyTorch's nn.ModuleList): `this.layers = new nn.ModuleList([...])`, then
 * `for (const layer of this.layers)`; their parameters are named `layers.0.weight`, …
 */
export class ModuleList<M extends Module<Parameter> = Module> extends Module<Parameter> {
  [index: number]: M;

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** The number of modules in the list. */
  get length(): number {
    return Object.keys(this).length;
  }

  /** Adds a module at the end and returns the list (nn.ModuleList.append). */
  append(module: M): this {
    if (!(module instanceof Module)) throw new Error(`nn.ModuleList: append() takes a module, got ${module === null ? 'null' : typeof module}`);
    this[this.length] = module;
    return this;
  }

  *[Symbol.iterator](): Iterator<M> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }

  /** A ModuleList has no forward() (as in PyTorch): this throws; call its modules, e.g. in a for…of loop. */
  forward(): never {
    throw new Error('nn.ModuleList has no forward(): call its modules, e.g. for (const layer of this.layers) x = layer.call(x)');
  }
}
