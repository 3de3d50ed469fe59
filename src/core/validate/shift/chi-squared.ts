import { effect, type Effect } from './effect.ts';
import { chiSquaredSf } from '../../stats/distributions.ts';

export interface ChiSquaredResult {
  statistic: number;
  dof: number;
  pValue: number;
  nReference: number;
  nCurrent: number;
  /** Cohen's w = sqrt(statistic / N). */
  effect: Effect;
}

/**
 * Pearson's chi-squared test of homogeneity on the 2 x k table of counts (reference row,
 * current row), without Yates' correction: scipy.stats.chi2_contingency(table,
 * correction=False). Categories absent from both rows are dropped (their expected count would
 * be 0); with fewer than two categories left there is nothing to test: statistic 0, p 1.
 */
export function chiSquaredHomogeneity(reference: readonly number[], current: readonly number[]): ChiSquaredResult {
  const cols: [number, number][] = [];
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]!;
    const c = current[i] ?? 0;
    if (r + c > 0) cols.push([r, c]);
  }
  const nRef = cols.reduce((s, [r]) => s + r, 0);
  const nCur = cols.reduce((s, [, c]) => s + c, 0);
  const total = nRef + nCur;
  const dof = nRef > 0 && nCur > 0 ? cols.length - 1 : 0;
  if (dof === 0) return { statistic: 0, dof: 0, pValue: 1, nReference: nRef, nCurrent: nCur, effect: effect('cohen_w', 0) };
  let statistic = 0;
  for (const [r, c] of cols) {
    const colTotal = r + c;
    const er = (nRef * colTotal) / total;
    const ec = (nCur * colTotal) / total;
    statistic += ((r - er) * (r - er)) / er + ((c - ec) * (c - ec)) / ec;
  }
  return {
    statistic,
    dof,
    pValue: chiSquaredSf(statistic, dof),
    nReference: nRef,
    nCurrent: nCur,
    effect: effect('cohen_w', Math.sqrt(statistic / total)),
  };
}
