// Loops over Float64Arrays shared by the forward ops (ops.ts) and their gradients (grad-rules.ts).

import { contiguousStrides, numel, stridedIndex, type Shape } from './shape';

/** Splits `shape` around `dim` into [outer, n, inner], the view every reduction loops over. */
export function around(shape: Shape, dim: number): [number, number, number] {
  return [numel(shape.slice(0, dim)), shape[dim], numel(shape.slice(dim + 1))];
}

/** Sums `data` over `dim` (or over everything when dim is null). */
export function sumOver(data: Float64Array, shape: Shape, dim: number | null): Float64Array {
  if (dim === null) {
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i];
    return Float64Array.of(s);
  }
  const [outer, n, inner] = around(shape, dim);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const from = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] += data[from + i];
    }
  }
  return out;
}

/** The inverse of sumOver's shape change: copies each reduced value back along `dim`, times `scale`. */
export function spreadOver(g: Float64Array, shape: Shape, dim: number | null, scale: number): Float64Array {
  const out = new Float64Array(numel(shape));
  if (dim === null) return out.fill(g[0] * scale);
  const [outer, n, inner] = around(shape, dim);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const to = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = g[o * inner + i] * scale;
    }
  }
  return out;
}

/** `data` of `shape` with dims d0 and d1 swapped, as a new contiguous array. */
export function swapDims(data: Float64Array, shape: Shape, d0: number, d1: number): Float64Array {
  const strides = contiguousStrides(shape);
  const outShape = [...shape];
  [outShape[d0], outShape[d1]] = [shape[d1], shape[d0]];
  [strides[d0], strides[d1]] = [strides[d1], strides[d0]];
  const from = stridedIndex(outShape, strides);
  const out = new Float64Array(data.length);
  for (let i = 0; i < out.length; i++) out[i] = data[from[i]];
  return out;
}

/** Row-wise softmax of a [rows, cols] array, stable for any finite logits. */
export function softmaxRows(x: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < rows; r++) {
    const at = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, x[at + c]);
    let total = 0;
    for (let c = 0; c < cols; c++) total += out[at + c] = Math.exp(x[at + c] - max);
    for (let c = 0; c < cols; c++) out[at + c] /= total;
  }
  return out;
}
