/**
 * Cumulative gain and lift curves per class (not in scikit-learn; the marketing-analytics
 * definitions). Rows are ranked by score, highest first. Targeting the top fraction x of rows
 * (by weight) captures gain(x) of all the class's rows (by weight); lift(x) = gain(x) / x is how
 * many times better that is than picking rows at random (lift 1).
 *
 * `full`: one point per distinct score (tied scores form one step, as every threshold curve
 * here) after the origin (0, 0). `deciles` (or `groups` equal slices): gain at x = 0.1, 0.2, ...,
 * 1 read off the full curve by linear interpolation, which is the expected gain when rows tied
 * at the cut are taken in random order, so a decile boundary inside a block of tied scores
 * needs no arbitrary tie-break. Per group also the response rate (the class's share of the
 * group's rows) next to the overall rate.
 */
import { binaryClfCurve } from '../binary-clf-curve.ts';
import type { ClassificationData } from '../types.ts';
import { DEFAULT_DISPLAY_POINTS, lttbIndices, pick } from './downsample.ts';
import { checkCurveWeights, curveClasses, oneVsRest, type ClassCurve } from './one-vs-rest.ts';

export interface GainLiftOptions {
  /** Binary only: the positive class index. Default 1. With k > 2: restrict to this class. */
  posLabel?: number;
  sampleWeight?: ArrayLike<number>;
  /** Number of equal groups in the table. Default 10 (deciles). */
  groups?: number;
  /** Most points in `display`. Default 500. */
  maxDisplayPoints?: number;
}

export interface GainPoints {
  /** Fraction of rows targeted (by weight), from 0 to 1. */
  fraction: number[];
  /** Fraction of the class's rows captured. */
  gain: number[];
  /** gain / fraction; null at fraction 0. */
  lift: (number | null)[];
  /** Score cut of each point (targeted when score >= threshold); null at the origin. */
  thresholds: (number | null)[];
}

export interface GainGroup {
  /** Upper end of the group, e.g. 0.1 for the top decile. */
  fraction: number;
  /** Cumulative gain at that fraction. */
  gain: number;
  /** Cumulative lift gain / fraction. */
  lift: number;
  /** The class's share of the rows inside this group alone. */
  responseRate: number;
  /** The class's share of all rows targeted so far. */
  cumulativeResponseRate: number;
}

export interface GainLiftClassCurve extends ClassCurve {
  full: GainPoints;
  display: GainPoints;
  groups: GainGroup[];
  /** The class's share of all rows: the response rate of random targeting. */
  baseRate: number | null;
}

export interface GainLiftCurves {
  curves: GainLiftClassCurve[];
}

/** numpy.interp(x, xs, ys) on increasing xs (equal xs: the right-most wins, as numpy). */
function interpolate(x: number, xs: readonly number[], ys: readonly number[]): number {
  const m = xs.length;
  if (x <= (xs[0] as number)) return ys[0] as number;
  if (x >= (xs[m - 1] as number)) return ys[m - 1] as number;
  let lo = 0;
  let hi = m - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo] as number;
  const x1 = xs[hi] as number;
  const y0 = ys[lo] as number;
  const y1 = ys[hi] as number;
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

function classCurve(data: ClassificationData, c: number, weights: Float64Array | undefined, groups: number, maxPoints: number): GainLiftClassCurve {
  const { labels, scores } = oneVsRest(data, c);
  const { tps, fps, thresholds } = binaryClfCurve(labels, scores, weights);
  const m = thresholds.length;
  const positives = m > 0 ? (tps[m - 1] as number) : 0;
  const negatives = m > 0 ? (fps[m - 1] as number) : 0;
  const total = positives + negatives;
  const emptyPoints: GainPoints = { fraction: [], gain: [], lift: [], thresholds: [] };
  if (!(positives > 0)) {
    return {
      classIndex: c,
      positives,
      negatives,
      available: false,
      reason: `no row of class ${c}: there is nothing to gain`,
      full: emptyPoints,
      display: emptyPoints,
      groups: [],
      baseRate: total > 0 ? 0 : null,
    };
  }
  const full: GainPoints = { fraction: [0], gain: [0], lift: [null], thresholds: [null] };
  for (let i = 0; i < m; i++) {
    const x = ((tps[i] as number) + (fps[i] as number)) / total;
    const g = (tps[i] as number) / positives;
    full.fraction.push(x);
    full.gain.push(g);
    full.lift.push(g / x);
    full.thresholds.push(thresholds[i] as number);
  }
  const baseRate = positives / total;
  const table: GainGroup[] = [];
  let prevX = 0;
  let prevGain = 0;
  for (let q = 1; q <= groups; q++) {
    const x = q === groups ? 1 : q / groups;
    const g = interpolate(x, full.fraction, full.gain);
    table.push({
      fraction: x,
      gain: g,
      lift: g / x,
      responseRate: ((g - prevGain) * positives) / ((x - prevX) * total),
      cumulativeResponseRate: (g * positives) / (x * total),
    });
    prevX = x;
    prevGain = g;
  }
  const keep = lttbIndices(full.fraction, full.gain, maxPoints);
  const display: GainPoints = {
    fraction: pick(full.fraction, keep),
    gain: pick(full.gain, keep),
    lift: pick(full.lift, keep),
    thresholds: pick(full.thresholds, keep),
  };
  return { classIndex: c, positives, negatives, available: true, full, display, groups: table, baseRate };
}

export function gainLiftCurves(data: ClassificationData, options: GainLiftOptions = {}): GainLiftCurves {
  const groups = options.groups ?? 10;
  if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`gainLiftCurves: groups must be an integer >= 1, got ${groups}.`);
  const classes = curveClasses(data, options.posLabel);
  const weights = checkCurveWeights(options.sampleWeight, data.yTrue.length);
  const maxPoints = options.maxDisplayPoints ?? DEFAULT_DISPLAY_POINTS;
  return { curves: classes.map((c) => classCurve(data, c, weights, groups, maxPoints)) };
}
