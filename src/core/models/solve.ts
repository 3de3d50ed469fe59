/**
 * Solve A x = b for a symmetric positive (semi-)definite p x p matrix by Cholesky, falling
 * back to adding a growing ridge if a pivot is not positive (rank-deficient designs).
 */
export function solveSymmetric(A: Float64Array, b: Float64Array, p: number): Float64Array {
  for (let ridge = 0, attempt = 0; attempt < 8; attempt++, ridge = ridge ? ridge * 100 : 1e-8) {
    const L = cholesky(A, p, ridge);
    if (!L) continue;
    const z = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = b[i]!;
      for (let k = 0; k < i; k++) s -= L[i * p + k]! * z[k]!;
      z[i] = s / L[i * p + i]!;
    }
    const x = new Float64Array(p);
    for (let i = p - 1; i >= 0; i--) {
      let s = z[i]!;
      for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
      x[i] = s / L[i * p + i]!;
    }
    return x;
  }
  throw new Error('normal equations could not be solved');
}

function cholesky(A: Float64Array, p: number, ridge: number): Float64Array | null {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j]! + (i === j ? ridge * Math.max(1, Math.abs(A[i * p + i]!)) : 0);
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * p + i] = Math.sqrt(s);
      } else {
        L[i * p + j] = s / L[j * p + j]!;
      }
    }
  }
  return L;
}
