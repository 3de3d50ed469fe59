// Public surface of src/core/evaluate/threshold: explicit named exports only.
export { thresholdRow, thresholdRowAt, thresholdTable } from './threshold-table.ts';
export type { CostMatrix, ThresholdMetrics, ThresholdTable, ThresholdTableOptions } from './threshold-table.ts';
export { chooseThreshold } from './choose-threshold.ts';
export type { ChooseThresholdOptions, ThresholdChoice, ThresholdObjective } from './choose-threshold.ts';
export { confusionCells, predictAtThreshold } from './confusion-cells.ts';
export type { ConfusionCells, ConfusionCellsOptions } from './confusion-cells.ts';
