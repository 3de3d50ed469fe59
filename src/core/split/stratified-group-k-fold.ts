import { benchtopError } from '../errors.ts';
import { createRng, permutation } from '../random.ts';
import { checkK, foldsFromAssignment, type Fold } from './fold.ts';
import { indexGroups } from './group-index.ts';
import type { StratifiedOptions } from './stratified-k-fold.ts';
import { maxOf, minOf } from '../stats/extent.ts';

/**
 * scikit-learn 1.2's StratifiedGroupKFold. Greedy: groups, most uneven class mix first (population
 * std of the group's class counts, stable order), each go to the fold that minimises the mean over
 * classes of the std across folds of (class rows in fold / class rows overall); near-ties
 * (np.isclose) go to the fold with fewer rows. Float steps follow numpy's summation order so
 * exact ties break as sklearn's do.
 *
 * Deviation: with shuffle, sklearn 1.2 permutes the rows of its count matrix but not the group ids
 * (a known bug: groups get other groups' class counts). Here the group order is permuted before
 * the stable sort, which is what the algorithm intends.
 */
export function stratifiedGroupKFold(
  y: Int32Array,
  groups: readonly (string | null)[],
  k: number,
  opts: StratifiedOptions = {},
): Fold[] {
  if (groups.length !== y.length)
    throw benchtopError('spec_invalid', { field: 'split.groups', reason: `${groups.length} group values for ${y.length} rows` });
  checkK(k, y.length);
  const classValues = [...new Set(y)].sort((a, b) => a - b);
  const classOf = new Map(classValues.map((v, i) => [v, i]));
  const nClasses = classValues.length;
  const yCnt = new Float64Array(nClasses);
  for (const v of y) yCnt[classOf.get(v)!]!++;
  const name = (c: number): string => opts.classes?.[classValues[c]!] ?? String(classValues[c]);
  if (yCnt.every((c) => c < k)) {
    const big = yCnt.indexOf(maxOf(yCnt));
    throw benchtopError('split_class_too_small', { value: name(big), count: yCnt[big], min: k });
  }
  const least = minOf(yCnt);
  if (least < k)
    opts.onWarning?.(
      `Class "${name(yCnt.indexOf(least))}" has only ${least} rows, fewer than the ${k} folds; some test folds will lack it.`,
    );

  const { labels, ofRow } = indexGroups(groups);
  const groupCounts = labels.map(() => new Float64Array(nClasses));
  y.forEach((v, i) => groupCounts[ofRow[i]!]![classOf.get(v)!]!++);

  let order = Array.from(labels, (_, g) => g);
  if (opts.shuffle) order = Array.from(permutation(labels.length, createRng(opts.seed ?? 0).fork('stratified-group-k-fold')));
  const spread = groupCounts.map(rowStd);
  order.sort((a, b) => spread[b]! - spread[a]!); // Array.prototype.sort is stable (ES2019)

  const perFold = Array.from({ length: k }, () => new Float64Array(nClasses));
  const groupFold = new Int32Array(labels.length);
  for (const g of order) {
    const best = bestFold(perFold, yCnt, groupCounts[g]!);
    const fold = perFold[best]!;
    groupCounts[g]!.forEach((c, j) => (fold[j]! += c));
    groupFold[g] = best;
  }
  return foldsFromAssignment(Int32Array.from(ofRow, (g) => groupFold[g]!), k);
}

/** sklearn's _find_best_fold. */
function bestFold(perFold: Float64Array[], yCnt: Float64Array, add: Float64Array): number {
  const k = perFold.length;
  const nClasses = yCnt.length;
  let best = -1;
  let minEval = Infinity;
  let minSamples = Infinity;
  const props = perFold.map(() => new Float64Array(nClasses));
  for (let i = 0; i < k; i++) {
    for (let f = 0; f < k; f++)
      for (let c = 0; c < nClasses; c++) props[f]![c] = (perFold[f]![c]! + (f === i ? add[c]! : 0)) / yCnt[c]!;
    const stdPerClass = columnStd(props, nClasses);
    const evalValue = pairwiseSum(stdPerClass) / nClasses;
    let samples = 0;
    for (const c of perFold[i]!) samples += c;
    const isClose = Math.abs(evalValue - minEval) <= 1e-8 + 1e-5 * Math.abs(minEval);
    if (evalValue < minEval || (isClose && samples < minSamples)) {
      minEval = evalValue;
      minSamples = samples;
      best = i;
    }
  }
  return best;
}

/** np.std(row) of a contiguous row: pairwise sums, ddof 0. */
function rowStd(row: Float64Array): number {
  const n = row.length;
  const mean = pairwiseSum(row) / n;
  const sq = row.map((x) => (x - mean) * (x - mean));
  return Math.sqrt(pairwiseSum(sq) / n);
}

/** np.std(m, axis=0): numpy reduces over the outer axis row by row, i.e. sequentially. */
function columnStd(m: Float64Array[], cols: number): Float64Array {
  const k = m.length;
  const out = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let f = 0; f < k; f++) s += m[f]![c]!;
    const mean = s / k;
    let q = 0;
    for (let f = 0; f < k; f++) q += (m[f]![c]! - mean) * (m[f]![c]! - mean);
    out[c] = Math.sqrt(q / k);
  }
  return out;
}

/** numpy's pairwise_sum for float64 (8 accumulators, blocks of 128). */
function pairwiseSum(a: Float64Array, start = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = start; i < start + n; i++) res += a[i]!;
    return res;
  }
  if (n <= 128) {
    const r = Array.from({ length: 8 }, (_, j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}
