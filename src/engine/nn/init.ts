// torch.nn.init: fill a parameter in place (its .data; no graph is recorded), from the seeded
// generator (manualSeed), with PyTorch's formulas for the bounds.

import { checkOptions } from '../options';
import { normal, uniform } from '../random';
import { Tensor } from '../tensor/tensor';

function target(where: string, t: Tensor): Float64Array {
  if (!(t instanceof Tensor)) throw new Error(`nn.init.${where}: expected a Tensor`);
  return t.data;
}

/** Fills `t` with samples from U(a, b) (default [0, 1)); returns t. */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  const data = target('uniform_', t);
  for (let i = 0; i < data.length; i++) data[i] = uniform(a, b);
  return t;
}

/** Fills `t` with samples from N(mean, std²) (default N(0, 1)); returns t. */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  const data = target('normal_', t);
  for (let i = 0; i < data.length; i++) data[i] = mean + std * normal();
  return t;
}

/** Fills `t` with `value`; returns t. */
export function constant_(t: Tensor, value: number): Tensor {
  target('constant_', t).fill(value);
  return t;
}

/** Fills `t` with zeros; returns t. */
export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
/** Fills `t` with ones; returns t. */
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

/** The nonlinearities calculateGain knows, as PyTorch spells them. */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
const NONLINEARITIES: readonly Nonlinearity[] = ['linear', 'conv1d', 'conv2d', 'conv3d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'];

/** PyTorch's recommended gain for a nonlinearity (nn.init.calculate_gain); `param` is leaky_relu's negative slope (default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': { const slope = param ?? 0.01; return Math.sqrt(2 / (1 + slope * slope)); }
    case 'selu': return 3 / 4;
    default: throw new Error(`nn.init.calculateGain: unsupported nonlinearity ${String(nonlinearity)} (one of ${NONLINEARITIES.join(', ')})`);
  }
}

/** [fanIn, fanOut] of a weight [out, in, ...kernel], as PyTorch computes them. */
function fans(where: string, t: Tensor): [number, number] {
  if (t.ndim < 2) throw new Error(`nn.init.${where}: fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape [${t.shape.join(', ')}])`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

/** Glorot/Xavier: U(−b, b) with b = gain·√(6 / (fanIn + fanOut)); returns t. */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = fans('xavierUniform_', t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound);
}

/** Glorot/Xavier: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)); returns t. */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = fans('xavierNormal_', t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

/** Options of kaimingUniform_ and kaimingNormal_, as PyTorch's arguments. */
export interface KaimingOptions {
  /** leaky_relu's negative slope (default 0; nn.Linear uses √5). */
  a?: number;
  /** Preserve the variance of the forward pass ('fan_in', default) or of the backward one ('fan_out'). */
  mode?: 'fan_in' | 'fan_out';
  /** The nonlinearity that follows (default 'leaky_relu'). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(where: string, t: Tensor, options: KaimingOptions | number): number {
  const { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' } = checkOptions<KaimingOptions>(`nn.init.${where}`, typeof options === 'number' ? { a: options } : options,
    { a: 'number', mode: ['fan_in', 'fan_out'], nonlinearity: NONLINEARITIES });
  const [fanIn, fanOut] = fans(where, t);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
}

/** He/Kaiming: U(−b, b) with b = gain·√(3 / fan); `{ a, mode, nonlinearity }` (or `a` alone) as PyTorch; returns t. */
export function kaimingUniform_(t: Tensor, options: KaimingOptions | number = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform_', t, options);
  return uniform_(t, -bound, bound);
}

/** He/Kaiming: N(0, std²) with std = gain / √fan; options as kaimingUniform_; returns t. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions | number = {}): Tensor {
  return normal_(t, 0, kaimingStd('kaimingNormal_', t, options));
}
