/**
 * What a regressor's evaluation draws besides its metrics: predicted against actual (at most
 * `maxPoints` rows, a seeded sample, so a 1M-row run still draws quickly) and the histogram of
 * every residual (actual - predicted) in equal-width bins between the smallest and largest.
 */
import { createRng, permutation } from '../../random.ts';
import type { RegressionData } from '../types.ts';
import type { RegressionDiagnostics } from './types.ts';

export function regressionDiagnostics(data: RegressionData, rowIds: ArrayLike<number>, seed: number, maxPoints = 2000, bins = 30): RegressionDiagnostics {
  const n = data.yTrue.length;
  const chosen = n <= maxPoints ? Array.from({ length: n }, (_, i) => i) : Array.from(permutation(n, createRng(seed).fork('scatter')).subarray(0, maxPoints)).sort((a, b) => a - b);
  const points = chosen.map((i) => ({ actual: data.yTrue[i]!, predicted: data.yPred[i]!, row: rowIds[i]! }));
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = data.yTrue[i]! - data.yPred[i]!;
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  if (n === 0) return { points, residuals: { edges: [], counts: [] } };
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, b) => (b === bins ? hi : lo + b * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const r = data.yTrue[i]! - data.yPred[i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((r - lo) / width)));
    counts[b]!++;
  }
  return { points, residuals: { edges, counts } };
}
