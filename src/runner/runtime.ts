// The runtime: what instrumented code calls while it runs in the worker (see instrument.ts). It keeps
// the engine's current source location, names values after the variables that hold them,
// remembers candidate roots, and turns Stop and the time limit into an exception at the next
// statement — so a stopped run still reports what it had.

import { Tensor, Value, nn, tracing, type SourceLoc } from '../engine';
import * as operators from '../engine/operators';
import type { Site } from './instrument';

/** Thrown into user code at the next statement once the host raised the stop flag. */
export class StopSignal extends Error {
  /** The host's stop code (see stop.ts). */
  constructor(readonly code: number) {
    super('stopped');
  }
}

/** Thrown by the run's process.exit(), so the run ends cleanly and says why. */
export class ExitSignal extends Error {
  constructor(readonly exitCode: number) {
    super(`process.exit(${exitCode})`);
  }
}

export interface BoundVariable {
  name: string;
  site: number;
  value: unknown;
}

const MAX_LABELLED_ELEMENTS = 10_000;

export class Runtime {
  readonly locs: SourceLoc[];
  /** The last value bound at each binding site. */
  readonly bindings = new Map<number, BoundVariable>();
  /** Parameters of bound modules: leaves that are trained, not computed. */
  readonly parameters = new WeakSet<object>();
  explicitRoot: Value | Tensor | null = null;
  lastBackward: Value | Tensor | null = null;
  lastExpression: Value | Tensor | null = null;
  lastDeclared: Value | Tensor | null = null;
  /** The value of the expression statement that ran last (a notebook cell's result, when it ends with one). */
  lastValue: unknown = undefined;
  readonly backwardCalled = new WeakSet<object>();
  /** Told of each module the program binds to a variable (training health watches its parameters). */
  onModule: ((name: string, module: nn.Module<Value | Tensor>, loc: SourceLoc) => void) | null = null;
  currentSite = -1;
  /** Whether a statement of the evaluated region has run: roots only count from then on. */
  private regionEntered = false;

  /** `rootVariable`: a selection that is one variable's name (its last bound value is the root). */
  constructor(readonly sites: Site[], private readonly stopFlag: Int32Array, private readonly rootVariable: string | null = null) {
    this.locs = sites.map(({ line, col, endLine, endCol, file }) => (file ? { line, col, endLine, endCol, file } : { line, col, endLine, endCol }));
  }

  at(site: number): void {
    const code = this.stopFlag[0];
    if (code !== 0) throw new StopSignal(code);
    this.currentSite = site;
    tracing.loc = this.locs[site];
    if (!this.regionEntered && this.sites[site].inRegion) {
      // A backward() in the context above a selection is not the selection's root.
      this.regionEntered = true;
      this.lastBackward = null;
      this.lastExpression = null;
      this.lastDeclared = null;
    }
  }

  /** Back to the caller's statement once a user function returns (see instrument.ts). */
  restore(site: number): void {
    this.currentSite = site;
    tracing.loc = site >= 0 ? this.locs[site] : null;
  }

  bind<T>(name: string, value: T, site: number, candidate = false): T {
    // Hot in number loops (`s = s + x`): the site's record is updated, not replaced.
    const bound = this.bindings.get(site);
    if (bound) bound.value = value;
    else this.bindings.set(site, { name, site, value });
    if (typeof value !== 'object' || value === null) return value;
    if (name === this.rootVariable && (value instanceof Value || value instanceof Tensor)) this.explicitRoot = value;
    if (candidate && isScalar(value) && (value instanceof Value || value.requiresGrad)) this.lastDeclared = value;
    if (value instanceof Value || value instanceof Tensor) {
      if (value.label === '') value.label = name;
    } else if (value instanceof nn.Module) {
      for (const [path, p] of value.namedParameters()) {
        this.parameters.add(p);
        if (p.label === '') p.label = path;
      }
      this.onModule?.(name, value, this.locs[site]);
    } else if (Array.isArray(value) && value.length <= MAX_LABELLED_ELEMENTS) {
      value.forEach((item, i) => {
        if ((item instanceof Value || item instanceof Tensor) && item.label === '') item.label = `${name}[${i}]`;
      });
    }
    return value;
  }

  // Arithmetic (see instrument.ts): the engine's operators, as fields so a call is one lookup.
  readonly add = operators.add;
  readonly sub = operators.sub;
  readonly mul = operators.mul;
  readonly div = operators.div;
  readonly pow = operators.pow;
  readonly neg = operators.neg;

  /** `x op= y` on a variable: a Value or Tensor result is bound as `x = x op y` would be. */
  update(op: operators.OperatorName, x: unknown, y: unknown, name: string, site: number): unknown {
    const result = operators.assign(op, x, y);
    return result instanceof Value || result instanceof Tensor ? this.bind(name, result, site) : result;
  }

  /** `o[k] op= y`: o and k evaluated once (y before o[k] is read — JavaScript reads it first). */
  updateAt(target: Record<PropertyKey, unknown>, key: PropertyKey, op: operators.OperatorName, y: unknown): unknown {
    return (target[key] = operators.assign(op, target[key], y));
  }

  /** An expression statement in the evaluated region: the last scalar one is a root candidate. */
  expr<T>(value: T): T {
    this.lastValue = value;
    if (isScalar(value)) this.lastExpression = value;
    return value;
  }

  /** The value of an evaluated expression (a selection that is one expression). */
  root<T>(value: T): T {
    if (value instanceof Value || value instanceof Tensor) this.explicitRoot = value;
    return value;
  }

  onBackward(root: Value | Tensor): void {
    this.lastBackward = root;
    this.backwardCalled.add(root);
  }

  /** The user's location at this moment (the statement running). */
  get currentLoc(): SourceLoc | null {
    return this.currentSite >= 0 ? this.locs[this.currentSite] : null;
  }
}

export function isScalar(value: unknown): value is Value | Tensor {
  return value instanceof Value || (value instanceof Tensor && value.data.length === 1);
}
