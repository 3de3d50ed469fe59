import type { CheckRule, Finding } from '../../types.ts';
import { targetScores, type TargetScores } from './feature-scores.ts';
import { leakageVerdicts, scoreName, type LeakVerdict } from './leakage-verdicts.ts';

const why =
  'A column that gives the answer away (recorded after the outcome, or derived from it) makes scores look perfect and the model useless on new data.';

const COPY_WORDS = { identical: 'identical values', 'one-to-one': 'a one-to-one relabelling of it', monotone: 'a strictly monotone function of it' } as const;

/**
 * A single feature that predicts the target (almost) perfectly on a seeded 70/30 holdout, or
 * the target itself under another name. Identifier-like and date/time columns are left to
 * id_or_time_predicts_target, which explains them better.
 */
export const targetLeakage: CheckRule = {
  code: 'target_leakage',
  severity: 'error',
  why,
  scope: 'target',
  run(ctx) {
    const scores = targetScores(ctx);
    if (!scores || ctx.target === undefined) return [];
    const target = ctx.target;
    return leakageVerdicts(scores).map((v) => finding(v, target, scores));
  },
};

function finding(v: LeakVerdict, target: string, scores: TargetScores): Finding {
  const base = { code: 'target_leakage', severity: v.severity, columns: [v.column, target], why };
  if (v.copy) {
    return {
      ...base,
      message: `Column "${v.column}" is the target "${target}" under another name (${COPY_WORDS[v.copy]}); drop it from the features.`,
      details: { relation: v.copy },
    };
  }
  const s = v.score!;
  const metric = scoreName(scores);
  const figures = `${metric} ${s.score.toFixed(3)} on a holdout of ${scores.testRows.toLocaleString('en-US')} rows (chance ${scores.baseline.toFixed(2)})`;
  const details = {
    metric: scores.metric,
    score: s.score,
    trainScore: s.trainScore,
    baseline: scores.baseline,
    testRows: scores.testRows,
  };
  if (v.severity === 'error') {
    return {
      ...base,
      message: `Column "${v.column}" alone predicts "${target}" almost perfectly: ${figures}. Check that it is known before the outcome and is not derived from it.`,
      details,
    };
  }
  const next = v.nextBest!;
  const nextText = next.column === null ? 'no other feature does better than chance' : `the next best feature, "${next.column}", reaches ${next.score.toFixed(3)}`;
  return {
    ...base,
    message: `Column "${v.column}" alone predicts "${target}" with ${figures}, while ${nextText}. Check that it is known before the outcome.`,
    details: { ...details, nextBest: next.score, ...(next.column === null ? {} : { nextBestColumn: next.column }) },
  };
}
