import { studentTPpf } from '../../stats/distributions.ts';

export interface CvSummary {
  folds: number;
  mean: number;
  /** Sample standard deviation, ddof = 1 (numpy's std(ddof=1)); null with one fold. */
  std: number | null;
  min: number;
  max: number;
  level: number;
  /** mean -/+ t_{(1+level)/2, folds-1} * std / sqrt(folds) (scipy.stats.t.interval); null with one fold. */
  low: number | null;
  high: number | null;
}

/**
 * Summary of per-fold scores. The t-interval treats the folds as independent draws, which
 * they are not (their training sets overlap), so it is too narrow; it describes the spread of
 * the folds, not a guarantee. Use correctedResampledTTest to compare two models on CV scores.
 */
export function cvSummary(perFoldScores: readonly number[], options: { level?: number } = {}): CvSummary {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`cvSummary: level must be in (0, 1), got ${level}.`);
  const n = perFoldScores.length;
  if (n === 0) throw new RangeError('cvSummary: no fold scores.');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(perFoldScores[i])) throw new RangeError(`cvSummary: fold ${i + 1}'s score is ${perFoldScores[i]}, not a finite number.`);
  }
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of perFoldScores) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  if (n === 1) return { folds: 1, mean, std: null, min, max, level, low: null, high: null };
  let ss = 0;
  for (const v of perFoldScores) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / (n - 1));
  const half = studentTPpf((1 + level) / 2, n - 1) * (std / Math.sqrt(n));
  return { folds: n, mean, std, min, max, level, low: mean - half, high: mean + half };
}
