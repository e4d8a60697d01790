// Shapes, broadcasting and dims, with PyTorch's rules and PyTorch's error messages in mind.

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The shape two operands broadcast to (numpy/PyTorch rules: align right, 1 stretches). */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${i}: ${da} vs ${db})`,
      );
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * For every flat position of `outShape`, the flat position of the operand of shape `inShape`
 * that broadcasting reads there. The same map sends gradients back: adding g[i] into
 * grad[index[i]] sums over the broadcast dimensions, which is exactly the chain rule.
 */
export function broadcastIndex(inShape: Shape, outShape: Shape): Int32Array {
  const offset = outShape.length - inShape.length;
  // Stride of each output dim in the input (0 where the input is broadcast).
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let d = inShape.length - 1; d >= 0; d--) {
    strides[d + offset] = inShape[d] === 1 ? 0 : stride;
    stride *= inShape[d];
  }
  return stridedIndex(outShape, strides);
}

/** Row-major strides of a contiguous array of `shape`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/**
 * Walks `shape` in row-major order and lists, for each position, the offset reached by moving
 * `strides[d]` per step along dim d — how broadcasting and transposes read their input.
 */
export function stridedIndex(shape: Shape, strides: readonly number[]): Int32Array {
  const rank = shape.length;
  const index = new Int32Array(numel(shape));
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < index.length; i++) {
    index[i] = at;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]++;
      at += strides[d];
      if (counter[d] < shape[d]) break;
      at -= strides[d] * counter[d];
      counter[d] = 0;
    }
  }
  return index;
}

/** A dim argument (negative counts from the end) as an index, with PyTorch's range check. */
export function normalizeDim(dim: number, rank: number): number {
  const d = dim < 0 ? dim + rank : dim;
  if (!Number.isInteger(d) || d < 0 || d >= Math.max(rank, 1)) {
    throw new Error(`dimension out of range (expected to be in range of [${-rank}, ${rank - 1}], but got ${dim})`);
  }
  return d;
}

/** Resolves one -1 in a reshape target from the element count, and checks the count. */
export function resolveReshape(from: Shape, to: readonly number[]): number[] {
  const total = numel(from);
  const known = to.filter((d) => d !== -1);
  const free = to.length - known.length;
  const size = numel(known);
  if (free > 1) throw new Error('reshape: only one dimension can be -1');
  const shape = to.map((d) => (d === -1 ? (size === 0 ? 0 : total / size) : d));
  if (numel(shape) !== total || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`shape ${formatShape(to)} is invalid for input of size ${total}`);
  }
  return shape;
}
