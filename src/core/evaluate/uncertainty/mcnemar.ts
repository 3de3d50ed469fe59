/**
 * McNemar's test for two classifiers scored on the same rows: only the discordant rows count
 * (A right and B wrong: `aOnly`; the reverse: `bOnly`). Definitions as statsmodels'
 * `mcnemar`:
 *   exact:  statistic = min(aOnly, bOnly), p = min(1, 2 * binom.cdf(statistic, aOnly + bOnly, 0.5));
 *   chi2:   statistic = (|aOnly - bOnly| - 1)^2 / (aOnly + bOnly) (continuity-corrected), p = chi2.sf(statistic, 1).
 * By default the exact test runs when there are fewer than 25 discordant rows (the usual rule:
 * the chi-squared approximation is poor there), the chi-squared one otherwise. The test counts
 * rows, so sample weights play no part in it (the paired bootstrap is the weighted comparison).
 */
import { predictedClasses } from '../predicted-classes.ts';
import type { ClassificationData } from '../types.ts';
import { binomialCdf, chiSquaredSf } from '../../stats/distributions.ts';
import { formatCount, formatDifference, formatP, namesOf, type ModelNames, type Verdict, sentenceStart } from './verdict.ts';

export interface McNemarOptions {
  /** true: exact binomial; false: chi-squared with continuity correction; default: exact below 25 discordant rows. */
  exact?: boolean;
  /** Significance level of the verdict. Default 0.05. */
  alpha?: number;
  names?: ModelNames;
}

export interface McNemarResult {
  /** Rows model A classifies correctly and model B does not. */
  aOnly: number;
  /** Rows model B classifies correctly and model A does not. */
  bOnly: number;
  discordant: number;
  rows: number;
  method: 'exact-binomial' | 'chi2-continuity';
  statistic: number;
  pValue: number;
  /** Accuracy of A minus accuracy of B: (aOnly - bOnly) / rows. */
  accuracyDifference: number;
  alpha: number;
  verdict: Verdict;
}

function checkCount(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`mcnemar: ${what} must be an integer >= 0, got ${v}.`);
}

/** Two-sided exact and chi-squared p-values from the discordant counts, as statsmodels computes them. */
export function mcnemarPValue(aOnly: number, bOnly: number, exact: boolean): { statistic: number; pValue: number } {
  const d = aOnly + bOnly;
  if (exact) {
    const statistic = Math.min(aOnly, bOnly);
    return { statistic, pValue: Math.min(1, 2 * binomialCdf(statistic, d, 0.5)) };
  }
  if (d === 0) return { statistic: 0, pValue: 1 };
  const statistic = (Math.abs(aOnly - bOnly) - 1) ** 2 / d;
  return { statistic, pValue: chiSquaredSf(statistic, 1) };
}

/** McNemar's test from counts; `rows` is the number of rows both models were scored on. */
export function mcnemarFromCounts(aOnly: number, bOnly: number, rows: number, options: McNemarOptions = {}): McNemarResult {
  checkCount(aOnly, 'aOnly');
  checkCount(bOnly, 'bOnly');
  checkCount(rows, 'rows');
  if (aOnly + bOnly > rows) throw new RangeError(`mcnemar: ${aOnly + bOnly} discordant rows out of ${rows}.`);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`mcnemar: alpha must be in (0, 1), got ${alpha}.`);
  const discordant = aOnly + bOnly;
  const exact = options.exact ?? discordant < 25;
  const { statistic, pValue } = mcnemarPValue(aOnly, bOnly, exact);
  const accuracyDifference = rows > 0 ? (aOnly - bOnly) / rows : 0;
  const names = namesOf(options.names);
  const detail = `McNemar p ${formatP(pValue)} (n = ${formatCount(discordant)} discordant of ${formatCount(rows)})`;
  let verdict: Verdict;
  if (pValue < alpha && aOnly !== bOnly) {
    const aWins = aOnly > bOnly;
    verdict = {
      winner: aWins ? 'A' : 'B',
      sentence: `${sentenceStart(aWins ? names.a : names.b)} is better on accuracy: ${formatDifference('accuracy', Math.abs(accuracyDifference))}, ${detail}.`,
    };
  } else {
    verdict = {
      winner: null,
      sentence: `The difference in accuracy is not distinguishable from noise: ${names.a} minus ${names.b} = ${formatDifference('accuracy', accuracyDifference)}, ${detail}.`,
    };
  }
  return { aOnly, bOnly, discordant, rows, method: exact ? 'exact-binomial' : 'chi2-continuity', statistic, pValue, accuracyDifference, alpha, verdict };
}

/** Counts rows each model gets right (argmax of proba) and the other does not. */
export function discordantCounts(a: ClassificationData, b: ClassificationData): { aOnly: number; bOnly: number; rows: number } {
  const n = a.yTrue.length;
  if (b.yTrue.length !== n) throw new RangeError(`Models were scored on different rows: ${n} and ${b.yTrue.length}.`);
  if (a.k !== b.k) throw new RangeError(`Models predict different numbers of classes: ${a.k} and ${b.k}.`);
  for (let i = 0; i < n; i++) {
    if (a.yTrue[i] !== b.yTrue[i]) throw new RangeError(`Models were scored on different rows: true class differs at row ${i}.`);
  }
  const pa = predictedClasses(a);
  const pb = predictedClasses(b);
  let aOnly = 0;
  let bOnly = 0;
  for (let i = 0; i < n; i++) {
    const ra = pa[i] === a.yTrue[i];
    const rb = pb[i] === a.yTrue[i];
    if (ra && !rb) aOnly++;
    else if (rb && !ra) bOnly++;
  }
  return { aOnly, bOnly, rows: n };
}

/** McNemar's test of two classifiers' predictions (argmax of proba) on the same rows. */
export function mcnemarTest(a: ClassificationData, b: ClassificationData, options: McNemarOptions = {}): McNemarResult {
  const { aOnly, bOnly, rows } = discordantCounts(a, b);
  return mcnemarFromCounts(aOnly, bOnly, rows, options);
}
