// The data-quality report's public surface: profile, checks, correlations.
// Explicit named exports only: nothing is re-exported by wildcard.
import { DATASET_RULES } from './checks/dataset/index.ts';
import { SPLIT_RULES } from './checks/split/index.ts';
import { TARGET_RULES } from './checks/target/index.ts';
import type { CheckRule } from './types.ts';

export { DATASET_RULES, SPLIT_RULES, TARGET_RULES };
/** Every registered rule; runChecks picks the ones the context allows (target rules need a target, split rules a split). */
export const ALL_RULES: readonly CheckRule[] = [...DATASET_RULES, ...TARGET_RULES, ...SPLIT_RULES];

export { runChecks, CHECK_FAILED } from './run-checks.ts';
export type { CheckContext, CheckRule, Finding, Severity } from './types.ts';

export { profileTable } from './profile/profile-table.ts';
export type {
  BooleanProfile,
  ColumnProfile,
  DatasetProfile,
  DatetimeProfile,
  Histogram,
  LabelProfile,
  NumericProfile,
  ProfileOptions,
  Quantiles,
  TopValue,
} from './profile/types.ts';

export { averageRanks, correlationMatrix, cramersV, pearson, spearman } from './correlation/index.ts';
export type { CorrelationMatrix, CorrelationMatrixOptions, CorrelationMethod, OmitReason } from './correlation/index.ts';
