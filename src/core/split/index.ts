// Public API of the split module. The older holdout/kfold helpers stay importable from their files.
export type { Fold, ShuffleOptions } from './fold.ts';
export { kFold } from './k-fold.ts';
export { stratifiedKFold, type StratifiedOptions } from './stratified-k-fold.ts';
export { groupKFold } from './group-k-fold.ts';
export { stratifiedGroupKFold } from './stratified-group-k-fold.ts';
export { timeSeriesSplit, orderByTime, type TimeSeriesOptions } from './time-series-split.ts';
export { repeatedFolds } from './repeated.ts';
export { groupHoldout, timeHoldout, columnHoldout } from './holdouts.ts';
export { nestedFolds, type NestedFold } from './nested.ts';
export { describeFolds, type FoldInfo, type FoldSummary, type FoldsDescription } from './describe-folds.ts';
export { MISSING_GROUP } from './group-index.ts';
