import { benchtopError } from '../errors.ts';
import type { Fold } from './fold.ts';

export interface TimeSeriesOptions {
  /** Rows dropped between the end of train and the start of test. Default 0. */
  gap?: number;
  /** Keep only the latest this-many train rows. Default: all earlier rows. */
  maxTrainSize?: number;
  /** Test rows per split. Default floor(n / (k + 1)). */
  testSize?: number;
}

/**
 * scikit-learn 1.2's TimeSeriesSplit over positions already in time order (map with orderByTime):
 * k test blocks of testSize rows end at the last row; each train set is every row before its
 * test block minus `gap` rows, trimmed to the latest maxTrainSize rows.
 */
export function timeSeriesSplit(n: number, k: number, opts: TimeSeriesOptions = {}): Fold[] {
  const bad = (field: string, reason: string) => benchtopError('spec_invalid', { field: `split.${field}`, reason });
  if (!Number.isInteger(k) || k < 2) throw bad('k', `a time-series split needs a whole number of splits >= 2, got ${k}`);
  const gap = opts.gap ?? 0;
  if (!Number.isInteger(gap) || gap < 0) throw bad('gap', `must be a whole number >= 0, got ${gap}`);
  const testSize = opts.testSize ?? Math.floor(n / (k + 1));
  if (!Number.isInteger(testSize) || testSize < 1) throw bad('testSize', `must be a whole number >= 1, got ${testSize}`);
  const maxTrain = opts.maxTrainSize;
  if (maxTrain !== undefined && (!Number.isInteger(maxTrain) || maxTrain < 1))
    throw bad('maxTrainSize', `must be a whole number >= 1, got ${maxTrain}`);
  if (k + 1 > n) throw bad('k', `${k} splits need at least ${k + 1} rows, the data has ${n}`);
  if (n - gap - testSize * k <= 0)
    throw bad('k', `${k} splits of ${testSize} test rows with a gap of ${gap} leave no training rows out of ${n}`);
  const folds: Fold[] = [];
  for (let testStart = n - k * testSize; testStart < n; testStart += testSize) {
    const trainEnd = testStart - gap;
    const trainStart = maxTrain !== undefined && maxTrain < trainEnd ? trainEnd - maxTrain : 0;
    folds.push({ train: range(trainStart, trainEnd), test: range(testStart, Math.min(testStart + testSize, n)) });
  }
  return folds;
}

/**
 * Row positions sorted by time, ties kept in row order (stable). NaN (unknown time) rows go last,
 * so callers that must not place them can cut them off the end; timeHoldout rejects them instead.
 */
export function orderByTime(times: Float64Array): Int32Array {
  const order = Array.from(times, (_, i) => i);
  order.sort((a, b) => {
    const ta = times[a]!, tb = times[b]!;
    if (Number.isNaN(ta) || Number.isNaN(tb)) return Number(Number.isNaN(ta)) - Number(Number.isNaN(tb));
    return ta - tb;
  });
  return Int32Array.from(order);
}

export function range(from: number, to: number): Int32Array {
  const out = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}
