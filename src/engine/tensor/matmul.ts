// Matrix products on row-major Float64Arrays. One kernel does the arithmetic: C += A·Bᵀ with both
// operands read along rows (dot products over contiguous memory), blocked 2×2 so each load feeds
// two multiply-adds. Every other layout is first copied into that one, which costs O(n²) against
// the product's O(n³).

/** C[i, j] += Σ_p A[i, p]·B[j, p]; A is m×k, B is n×k, C is m×n, each starting at its offset. */
export function gemmNT(
  A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number,
  m: number, n: number, k: number,
): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = aOff + i * k;
    const a1 = a0 + k;
    const c0 = cOff + i * n;
    const c1 = c0 + n;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = bOff + j * k;
      const b1 = b0 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p], x1 = A[a1 + p], y0 = B[b0 + p], y1 = B[b1 + p];
        s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1;
      }
      C[c0 + j] += s00; C[c0 + j + 1] += s01; C[c1 + j] += s10; C[c1 + j + 1] += s11;
    }
    if (j < n) {
      const b0 = bOff + j * k;
      C[c0 + j] += dot(A, a0, B, b0, k);
      C[c1 + j] += dot(A, a1, B, b0, k);
    }
  }
  if (i < m) {
    const a0 = aOff + i * k;
    for (let j = 0; j < n; j++) C[cOff + i * n + j] += dot(A, a0, B, bOff + j * k, k);
  }
}

function dot(A: Float64Array, aOff: number, B: Float64Array, bOff: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += A[aOff + p] * B[bOff + p];
  return s;
}

/** The rows×cols matrix at `offset` of `src`, transposed into a new cols×rows array. */
export function transpose2d(src: Float64Array, offset: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const from = offset + r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[from + c];
  }
  return out;
}

/**
 * C (m×n, at cOff) += op(A)·op(B), where op(A) is m×k and op(B) is k×n; `transA`/`transB` say
 * the operand is stored transposed (A as k×m, B as n×k).
 */
export function gemm(
  A: Float64Array, aOff: number, transA: boolean,
  B: Float64Array, bOff: number, transB: boolean,
  C: Float64Array, cOff: number, m: number, n: number, k: number,
): void {
  const a = transA ? transpose2d(A, aOff, k, m) : A;
  const b = transB ? B : transpose2d(B, bOff, k, n);
  gemmNT(a, transA ? 0 : aOff, b, transB ? bOff : 0, C, cOff, m, n, k);
}

// Run every branch of the kernel once (odd sizes reach the edge cases), so V8 has type feedback
// for all of it before the first big product and does not deoptimize in the middle of one.
gemmNT(new Float64Array(9), 0, new Float64Array(9), 0, new Float64Array(9), 0, 3, 3, 3);
