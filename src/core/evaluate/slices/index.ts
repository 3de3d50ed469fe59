// Public surface of src/core/evaluate/slices: explicit named exports only.
export { sliceMetrics, sliceMetricsSync } from './slice-metrics.ts';
export type { Slice, SliceMetric, SliceOptions, SliceReport } from './slice-metrics.ts';
export type { SliceFilter, SliceOp, SlicePredicate } from './slice-filter.ts';
export type { SliceColumn, SliceValue } from './slice-values.ts';
export { fairnessReport } from './fairness.ts';
export type { FairnessGroup, FairnessOptions, FairnessReport } from './fairness.ts';
