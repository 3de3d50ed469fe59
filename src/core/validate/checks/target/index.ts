/** Rules that need a chosen target (scope 'target'), in the order a report lists them. */
import type { CheckRule } from '../../types.ts';
import { classImbalance } from './class-imbalance.ts';
import { conflictingLabels } from './conflicting-labels.ts';
import { idOrTimePredictsTarget } from './id-or-time-predicts-target.ts';
import { rareClasses } from './rare-classes.ts';
import { targetLeakage } from './target-leakage.ts';
import { targetMissingValues } from './target-missing-values.ts';
import { targetSingleClass } from './target-single-class.ts';

export const TARGET_RULES: readonly CheckRule[] = [
  targetMissingValues,
  targetSingleClass,
  classImbalance,
  rareClasses,
  conflictingLabels,
  targetLeakage,
  idOrTimePredictsTarget,
];

export { targetScores, type FeatureScore, type TargetScores, type TargetCopy, type CopyRelation, type ScoreRole } from './feature-scores.ts';
export { encodeColumn, type EncodedColumn } from './encode-column.ts';
