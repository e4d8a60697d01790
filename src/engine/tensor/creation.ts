// Ways to make a tensor: from nested arrays (torch.tensor), or filled (zeros, ones, randn, ...).

import { checkOptions, type OptionSpec } from '../options';
import { normal, random } from '../random';
import { formatShape, numel } from './shape';
import { Tensor, type NestedArray, type TensorOptions } from './tensor';

/** What tensor() accepts: a number, nested arrays of numbers, a typed array (1-D) or a Tensor (copied). */
export type TensorData = NestedArray | Float64Array | Float32Array | Int32Array | Tensor;

const TENSOR_OPTIONS: OptionSpec = { requiresGrad: 'boolean', label: 'string', dtype: ['float64'] };

/** A factory's options, checked (`requires_grad` is an error that suggests requiresGrad). */
export function tensorOptions(where: string, options: unknown): TensorOptions {
  const checked = checkOptions<TensorOptions>(where, options, TENSOR_OPTIONS);
  return { requiresGrad: checked.requiresGrad, label: checked.label };
}

/** A new leaf tensor from a number, nested arrays, a typed array (1-D) or another tensor (copied). */
export function tensor(data: TensorData, options: TensorOptions = {}): Tensor {
  options = tensorOptions('tensor()', options);
  if (data instanceof Tensor) return new Tensor(data.data.slice(), data.shape, options);
  if (ArrayBuffer.isView(data)) return new Tensor(Float64Array.from(data), [data.length], options);
  const shape = inferShape(data);
  const flat = new Float64Array(numel(shape));
  flatten(data, shape, 0, flat, { at: 0 });
  return new Tensor(flat, shape, options);
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flatten(data: NestedArray, shape: number[], dim: number, out: Float64Array, cursor: { at: number }): void {
  if (dim === shape.length) {
    if (typeof data !== 'number') throw new Error(`tensor(): expected a number at depth ${dim}, got ${describe(data)}`);
    out[cursor.at++] = data;
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    throw new Error(`tensor(): expected a sequence of length ${shape[dim]} at dim ${dim} (got ${describe(data)}); nested arrays must be rectangular`);
  }
  for (const item of data) flatten(item, shape, dim + 1, out, cursor);
}

function describe(x: unknown): string {
  return Array.isArray(x) ? `an array of length ${x.length}` : typeof x === 'number' ? 'a number' : String(x);
}

/**
 * PyTorch's factory signatures: zeros(2, 3), zeros([2, 3]) and zeros(2, 3, { requiresGrad: true }).
 */
type FactoryArgs = Array<number | number[] | TensorOptions>;

function parseFactoryArgs(where: string, args: FactoryArgs): { shape: number[]; options: TensorOptions } {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const options = tensorOptions(`${where}()`, hasOptions ? last : {});
  const dims = hasOptions ? args.slice(0, -1) : args;
  const shape = (Array.isArray(dims[0]) ? dims[0] : dims) as number[];
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`invalid shape ${formatShape(shape)}: sizes must be non-negative integers`);
  return { shape, options };
}

function filled(where: string, args: FactoryArgs, value: () => number): Tensor {
  const { shape, options } = parseFactoryArgs(where, args);
  const data = new Float64Array(numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = value();
  return new Tensor(data, shape, options);
}

/** A tensor of zeros: `zeros(2, 3)` or `zeros([2, 3], { requiresGrad: true })`. */
export const zeros = (...args: FactoryArgs): Tensor => filled('zeros', args, () => 0);
/** A tensor of ones: `ones(2, 3)` or `ones([2, 3], options)`. */
export const ones = (...args: FactoryArgs): Tensor => filled('ones', args, () => 1);
/** A tensor of the shape, every element `value`. */
export const full = (shape: number[], value: number, options: TensorOptions = {}): Tensor => filled('full', [shape, options], () => value);
/** Standard normal samples (seed with manualSeed). */
export const randn = (...args: FactoryArgs): Tensor => filled('randn', args, normal);
/** Uniform samples on [0, 1) (seed with manualSeed). */
export const rand = (...args: FactoryArgs): Tensor => filled('rand', args, random);

/**
 * arange(end), arange(start, end) or arange(start, end, step): a 1-D range, end excluded; options
 * (`{ requiresGrad: true }`) may follow any of them.
 */
export function arange(...args: Array<number | TensorOptions>): Tensor {
  const last = args[args.length - 1];
  const options = tensorOptions('arange()', typeof last === 'object' ? last : {});
  const numbers = typeof last === 'object' ? args.slice(0, -1) : args;
  if (numbers.length < 1 || numbers.length > 3 || numbers.some((n) => typeof n !== 'number')) {
    throw new Error(`arange(): expected arange(end), arange(start, end) or arange(start, end, step), numbers, then options if any; got (${args.map((a) => JSON.stringify(a)).join(', ')})`);
  }
  const [start, end, step = 1] = numbers as number[];
  const [from, to] = end === undefined ? [0, start] : [start, end];
  if (step === 0) throw new Error('arange: step must be nonzero');
  const count = Math.max(0, Math.ceil((to - from) / step));
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = from + i * step;
  return new Tensor(data, [count], options);
}

/** Zeros of `like`'s shape (torch.zeros_like); options as zeros' (the new tensor does not inherit requiresGrad). */
export const zerosLike = (like: Tensor, options: TensorOptions = {}): Tensor => filled('zerosLike', [likeShape('zerosLike', like), options], () => 0);
/** Ones of `like`'s shape (torch.ones_like). */
export const onesLike = (like: Tensor, options: TensorOptions = {}): Tensor => filled('onesLike', [likeShape('onesLike', like), options], () => 1);
/** Standard normal samples of `like`'s shape (torch.randn_like; seed with manualSeed). */
export const randnLike = (like: Tensor, options: TensorOptions = {}): Tensor => filled('randnLike', [likeShape('randnLike', like), options], normal);
/** Uniform samples on [0, 1) of `like`'s shape (torch.rand_like; seed with manualSeed). */
export const randLike = (like: Tensor, options: TensorOptions = {}): Tensor => filled('randLike', [likeShape('randLike', like), options], random);

function likeShape(where: string, like: Tensor): number[] {
  if (!(like instanceof Tensor)) throw new Error(`${where}(): expected a Tensor, got ${describe(like)}`);
  return [...like.shape];
}

/**
 * Integers drawn uniformly from [low, high) (torch.randint), as float64 values: `randint(high, shape)`
 * or `randint(low, high, shape)`, then options if any; seeded by manualSeed.
 */
export function randint(...args: Array<number | number[] | TensorOptions>): Tensor {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const options = tensorOptions('randint()', hasOptions ? last : {});
  const rest = hasOptions ? args.slice(0, -1) : args;
  const shape = rest[rest.length - 1];
  const bounds = rest.slice(0, -1);
  if (!Array.isArray(shape) || bounds.length < 1 || bounds.length > 2 || bounds.some((b) => typeof b !== 'number' || !Number.isInteger(b))) {
    throw new Error(`randint(): expected randint(high, shape) or randint(low, high, shape) with integer bounds and a shape array, e.g. randint(0, 10, [2, 3]); got (${args.map((a) => JSON.stringify(a)).join(', ')})`);
  }
  const [low, high] = (bounds.length === 1 ? [0, bounds[0]] : bounds) as number[];
  if (!(high > low)) throw new Error(`randint(): random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  return filled('randint', [shape, options], () => low + Math.floor(random() * (high - low)));
}
