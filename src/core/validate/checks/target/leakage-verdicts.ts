/**
 * Which single-feature scores count as leakage. Shared so id_or_time_predicts_target can stay
 * quiet about a column target_leakage already reports.
 */
import type { Severity } from '../../types.ts';
import type { CopyRelation, FeatureScore, TargetScores } from './feature-scores.ts';

/** A lone feature this good (on the holdout and on the rows it was fitted on) is almost surely leakage. */
export const LEAK_ERROR_SCORE = 0.98;
/** This good and clearly ahead of every other feature is suspicious. */
export const LEAK_WARNING_SCORE = 0.9;
export const LEAK_WARNING_GAP = 0.1;

export interface LeakVerdict {
  column: string;
  severity: Severity;
  copy?: CopyRelation;
  score?: FeatureScore;
  /** The best other feature (or chance when there is none), for a warning. */
  nextBest?: { column: string | null; score: number };
}

export function leakageVerdicts(scores: TargetScores): LeakVerdict[] {
  const verdicts: LeakVerdict[] = scores.copies.map((c) => ({ column: c.column, severity: 'error', copy: c.relation }));
  const copied = new Set(scores.copies.map((c) => c.column));
  const features = scores.scores.filter((s) => s.role === 'feature' && Number.isFinite(s.score) && !copied.has(s.column!));
  const errors = new Set<string>();
  for (const s of features) {
    if (s.score >= LEAK_ERROR_SCORE && s.trainScore >= LEAK_ERROR_SCORE) {
      verdicts.push({ column: s.column!, severity: 'error', score: s });
      errors.add(s.column!);
    }
  }
  const rest = features.filter((s) => !errors.has(s.column!));
  for (const s of rest) {
    if (s.score < LEAK_WARNING_SCORE) continue;
    let next: { column: string | null; score: number } = { column: null, score: scores.baseline };
    for (const o of rest) if (o !== s && o.score > next.score) next = { column: o.column, score: o.score };
    if (s.score - next.score >= LEAK_WARNING_GAP) verdicts.push({ column: s.column!, severity: 'warning', score: s, nextBest: next });
  }
  return verdicts;
}

/** Skill above chance on a 0..1 scale: (score - chance) / (1 - chance); R² as is. */
export function skill(score: number, scores: TargetScores): number {
  if (scores.metric === 'r2') return score;
  return (score - scores.baseline) / (1 - scores.baseline);
}

export function scoreName(scores: TargetScores): string {
  return scores.metric === 'r2' ? 'R²' : 'balanced accuracy';
}
