import type { CheckRule, Finding } from '../../types.ts';
import { targetScores, type FeatureScore, type TargetScores } from './feature-scores.ts';
import { leakageVerdicts, scoreName, skill } from './leakage-verdicts.ts';

/** Half-way from chance to perfect (balanced accuracy 0.75 for two classes, R² 0.5) is far above chance for a key or a clock. */
const MIN_SKILL = 0.5;

const why =
  'An id, a timestamp or the row order should carry no label information; when it does, the file is sorted by label or the label depends on collection time, and a shuffled split will overstate the score.';

export const idOrTimePredictsTarget: CheckRule = {
  code: 'id_or_time_predicts_target',
  severity: 'warning',
  why,
  scope: 'target',
  run(ctx) {
    const scores = targetScores(ctx);
    if (!scores || ctx.target === undefined) return [];
    const target = ctx.target;
    const reported = new Set(leakageVerdicts(scores).map((v) => v.column));
    return scores.scores
      .filter((s) => s.role !== 'feature' && Number.isFinite(s.score) && skill(s.score, scores) >= MIN_SKILL)
      .filter((s) => s.column === null || !reported.has(s.column))
      .map((s) => finding(s, target, scores));
  },
};

function finding(s: FeatureScore, target: string, scores: TargetScores): Finding {
  const figures = `${scoreName(scores)} ${s.score.toFixed(3)} on a holdout of ${scores.testRows.toLocaleString('en-US')} rows (chance ${scores.baseline.toFixed(2)})`;
  let message: string;
  if (s.role === 'row_order')
    message = `The row order alone predicts "${target}" with ${figures}: the file looks sorted by the target or by time. Keep the split shuffled (or use a time split if the order is time).`;
  else if (s.role === 'datetime')
    message = `Date/time column "${s.column}" alone predicts "${target}" with ${figures}: the label depends on when rows were collected. Use a time split, and check for leakage through time.`;
  else
    message = `Identifier-like column "${s.column}" (${s.reason ?? 'key-like'}) alone predicts "${target}" with ${figures}: ids were assigned in label order. Drop it from the features.`;
  return {
    code: 'id_or_time_predicts_target',
    severity: 'warning',
    ...(s.column === null ? {} : { columns: [s.column, target] }),
    message,
    why,
    details: { role: s.role, metric: scores.metric, score: s.score, baseline: scores.baseline, testRows: scores.testRows },
  };
}
