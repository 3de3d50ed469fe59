/**
 * Nadeau and Bengio's corrected resampled t-test (Machine Learning 52, 2003) for two models
 * scored on the same J cross-validation (or repeated train/test) splits. The folds' training
 * sets overlap, so the per-fold differences are correlated and a plain paired t-test is far
 * too confident; the correction inflates the variance by the test/train size ratio:
 *
 *   d_j = scoreA_j - scoreB_j,  mean = mean(d),  s^2 = var(d, ddof = 1)
 *   t = mean / sqrt((1/J + nTest/nTrain) * s^2),  df = J - 1,  p = 2 * t.sf(|t|, df)
 *
 * The interval is mean -/+ t_{(1+level)/2, J-1} * sqrt((1/J + nTest/nTrain) * s^2).
 */
import { studentTPpf, studentTSf } from '../../stats/distributions.ts';
import { formatDifference, formatInterval, formatP, namesOf, type ModelNames, type Verdict, sentenceStart } from './verdict.ts';

export interface CorrectedTTestOptions {
  /** Rows each model was trained on per split (average when splits differ). */
  nTrain: number;
  /** Rows each model was scored on per split. */
  nTest: number;
  /** Confidence level of the interval. Default 0.95. */
  level?: number;
  /** Significance level of the verdict. Default 0.05. */
  alpha?: number;
  /** Which way the scores improve. Default true (accuracy-like). */
  higherIsBetter?: boolean;
  /** Metric name for the sentence (`accuracy` reads as points). Default 'score'. */
  metric?: string;
  names?: ModelNames;
}

export interface CorrectedTTestResult {
  folds: number;
  /** mean(scoreA - scoreB). */
  meanDifference: number;
  /** Sample standard deviation (ddof = 1) of the differences. */
  std: number;
  /** sqrt((1/J + nTest/nTrain) * std^2): the corrected standard error. */
  correctedStandardError: number;
  /** null when the differences are all equal (no spread; the test is undefined). */
  t: number | null;
  df: number;
  /** Two-sided p-value; 1 when every difference is 0, 0 when they are equal and non-zero. */
  pValue: number;
  level: number;
  low: number;
  high: number;
  verdict: Verdict;
}

export function correctedResampledTTest(scoresA: readonly number[], scoresB: readonly number[], options: CorrectedTTestOptions): CorrectedTTestResult {
  const { nTrain, nTest } = options;
  const level = options.level ?? 0.95;
  const alpha = options.alpha ?? 0.05;
  const higherIsBetter = options.higherIsBetter ?? true;
  const metric = options.metric ?? 'score';
  const J = scoresA.length;
  if (scoresB.length !== J) throw new RangeError(`correctedResampledTTest: ${J} scores for A but ${scoresB.length} for B; both must come from the same splits.`);
  if (J < 2) throw new RangeError(`correctedResampledTTest: needs at least 2 splits, got ${J}.`);
  if (!(nTrain > 0) || !(nTest > 0)) throw new RangeError(`correctedResampledTTest: nTrain and nTest must be > 0, got ${nTrain} and ${nTest}.`);
  if (!(level > 0 && level < 1)) throw new RangeError(`correctedResampledTTest: level must be in (0, 1), got ${level}.`);
  const d = scoresA.map((a, j) => {
    const v = a - (scoresB[j] as number);
    if (!Number.isFinite(v)) throw new RangeError(`correctedResampledTTest: split ${j + 1} has a non-finite score.`);
    return v;
  });
  const mean = d.reduce((s, v) => s + v, 0) / J;
  const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (J - 1);
  const std = Math.sqrt(variance);
  const se = Math.sqrt((1 / J + nTest / nTrain) * variance);
  const df = J - 1;
  let t: number | null = null;
  let pValue: number;
  if (se > 0) {
    t = mean / se;
    pValue = Math.min(1, 2 * studentTSf(Math.abs(t), df));
  } else {
    pValue = mean === 0 ? 1 : 0;
  }
  const half = studentTPpf((1 + level) / 2, df) * se;
  const low = mean - half;
  const high = mean + half;
  const names = namesOf(options.names);
  const detail = `corrected resampled t-test p ${formatP(pValue)} (${J} splits)`;
  let verdict: Verdict;
  if (pValue < alpha && mean !== 0) {
    const aWins = higherIsBetter === mean > 0;
    // Winner minus the other model, so the sentence reads in the winner's favour.
    const [lo, hi] = aWins ? [low, high] : [-high, -low];
    const diff = aWins ? mean : -mean;
    verdict = {
      winner: aWins ? 'A' : 'B',
      sentence: `${sentenceStart(aWins ? names.a : names.b)} is better on ${metric}: ${formatDifference(metric, diff)}${higherIsBetter ? '' : ' (lower is better)'}, ${formatInterval(metric, level, lo, hi)}, ${detail}.`,
    };
  } else {
    verdict = {
      winner: null,
      sentence: `The difference in ${metric} is not distinguishable from noise: ${names.a} minus ${names.b} = ${formatDifference(metric, mean)}, ${formatInterval(metric, level, low, high)}, ${detail}.`,
    };
  }
  return { folds: J, meanDifference: mean, std, correctedStandardError: se, t, df, pValue, level, low, high, verdict };
}
