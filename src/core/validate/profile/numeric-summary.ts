import { histogramSorted } from './histogram.ts';
import { sortFloat64 } from './radix-sort.ts';
import { lowerBound, medianAbsDeviation, quantileSorted, upperBound } from './sorted.ts';
import type { Histogram, Quantiles, TopValue } from './types.ts';

/** Tukey's fence multiplier: outside [Q1 - k IQR, Q3 + k IQR] is an outlier. */
export const IQR_FENCE = 1.5;
/** Tukey's "far out" multiplier. */
export const IQR_FAR_FENCE = 3;
/** Iglewicz–Hoaglin: |x - median| / (MAD_SCALE * MAD) above this is an outlier. */
export const ROBUST_Z_LIMIT = 3.5;
/** MAD -> standard deviation under normality (1 / Φ⁻¹(3/4)). */
export const MAD_SCALE = 1.4826;
/** Numeric columns with at most this many distinct values list their values and counts. */
export const FEW_DISTINCT = 50;

/** Outlier fences and how many values fall outside them (null where the spread is 0). */
export interface OutlierCounts {
  lower: number;
  upper: number;
  below: number;
  above: number;
}

/** Everything the profile and the dataset rules need from one numeric column, from one sort. */
export interface NumericSummary {
  count: number;
  missing: number;
  distinct: number;
  min: number;
  max: number;
  mean: number;
  /** NaN below 2 values. */
  std: number;
  /** NaN below 3 values or when constant. */
  skew: number;
  zeros: number;
  negatives: number;
  /** Every value is a whole number (false when empty). */
  integer: boolean;
  quantiles: Quantiles | null;
  histogram: Histogram | null;
  /** Values by count (then value), all of them when distinct <= FEW_DISTINCT, else null. */
  frequencies: TopValue<number>[] | null;
  /** The most frequent value and its count (the smallest such value on ties). */
  mode: TopValue<number> | null;
  median: number;
  /** Median absolute deviation from the median (unscaled). */
  mad: number;
  iqr: OutlierCounts | null;
  iqrFar: OutlierCounts | null;
  robustZ: (OutlierCounts & { maxAbsZ: number }) | null;
}

/**
 * One pass over the values, then a sort; `values` holds NaN for missing and is not modified.
 * `integerBins: false` keeps whole-number data (epoch ms) on the 'auto' histogram rule.
 */
export function summarizeNumbers(values: Float64Array, opts: { bins?: number; integerBins?: boolean } = {}): NumericSummary {
  const n = values.length;
  const buf = new Float64Array(n);
  let count = 0;
  // Neumaier summation: the mean stays within an ulp or two of numpy's pairwise sum.
  let sum = 0;
  let comp = 0;
  let zeros = 0;
  let negatives = 0;
  let integer = true;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (x !== x) continue;
    buf[count++] = x;
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    if (x === 0) zeros++;
    else if (x < 0) negatives++;
    if (integer && !Number.isInteger(x)) integer = false;
  }
  const sorted = buf.subarray(0, count);
  sortFloat64(sorted);
  const mean = count > 0 ? (sum + comp) / count : NaN;

  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < count; i++) {
    const d = (sorted[i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  const runs = valueRuns(sorted);
  const median = quantileSorted(sorted, 0.5);
  const mad = medianAbsDeviation(sorted, median);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return {
    count,
    missing: n - count,
    distinct: runs.distinct,
    min: count > 0 ? (sorted[0] as number) : NaN,
    max: count > 0 ? (sorted[count - 1] as number) : NaN,
    mean,
    std: count > 1 ? Math.sqrt(m2 / (count - 1)) : NaN,
    skew: adjustedSkew(count, m2, m3, mean),
    zeros,
    negatives,
    integer: integer && count > 0,
    quantiles: count > 0 ? quantiles(sorted) : null,
    histogram: histogramSorted(sorted, { bins: opts.bins, integer: integer && count > 0 && opts.integerBins !== false }),
    frequencies: runs.frequencies,
    mode: runs.mode,
    median,
    mad,
    iqr: fences(sorted, q1 - IQR_FENCE * (q3 - q1), q3 + IQR_FENCE * (q3 - q1), q3 > q1),
    iqrFar: fences(sorted, q1 - IQR_FAR_FENCE * (q3 - q1), q3 + IQR_FAR_FENCE * (q3 - q1), q3 > q1),
    robustZ: robustZ(sorted, median, mad),
  };
}

/**
 * scipy.stats.skew(bias=False): G1 = g1 * sqrt(n(n-1)) / (n-2). Undefined (NaN) below 3 values
 * and, as scipy decides, when m2 is within rounding of 0 relative to the mean.
 */
function adjustedSkew(n: number, sumSq: number, sumCube: number, mean: number): number {
  if (n < 3) return NaN;
  const m2 = sumSq / n;
  const m3 = sumCube / n;
  if (m2 <= (1e-15 * mean) ** 2 || m2 === 0) return NaN;
  const g1 = m3 / m2 ** 1.5;
  return (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
}

function quantiles(sorted: Float64Array): Quantiles {
  return {
    p01: quantileSorted(sorted, 0.01),
    p05: quantileSorted(sorted, 0.05),
    p25: quantileSorted(sorted, 0.25),
    p50: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
  };
}

/** Distinct count, the mode, and the full frequency table when it is short. */
function valueRuns(sorted: Float64Array): { distinct: number; mode: TopValue<number> | null; frequencies: TopValue<number>[] | null } {
  let distinct = 0;
  let mode: TopValue<number> | null = null;
  let frequencies: TopValue<number>[] | null = [];
  for (let i = 0; i < sorted.length; ) {
    const v = sorted[i] as number;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === v) j++;
    distinct++;
    const count = j - i;
    if (!mode || count > mode.count) mode = { value: v, count };
    if (frequencies) {
      if (distinct > FEW_DISTINCT) frequencies = null;
      // -0 and 0 sort together as one value; report it as 0.
      else frequencies.push({ value: v === 0 ? 0 : v, count });
    }
    i = j;
  }
  if (mode && mode.value === 0) mode.value = 0;
  frequencies?.sort((a, b) => b.count - a.count || a.value - b.value);
  return { distinct, mode, frequencies: sorted.length > 0 ? frequencies : null };
}

function fences(sorted: Float64Array, lower: number, upper: number, spread: boolean): OutlierCounts | null {
  if (!spread) return null;
  return { lower, upper, below: lowerBound(sorted, lower), above: sorted.length - upperBound(sorted, upper) };
}

function robustZ(sorted: Float64Array, median: number, mad: number): NumericSummary['robustZ'] {
  if (!(mad > 0)) return null;
  const scale = MAD_SCALE * mad;
  const limit = ROBUST_Z_LIMIT * scale;
  const f = fences(sorted, median - limit, median + limit, true)!;
  const n = sorted.length;
  const maxAbsZ = Math.max(median - (sorted[0] as number), (sorted[n - 1] as number) - median) / scale;
  return { ...f, maxAbsZ };
}
