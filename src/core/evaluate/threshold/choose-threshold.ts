/**
 * Picks a binary decision threshold from the threshold table by one objective:
 *   'f-beta': the largest F-beta (beta default 1);
 *   'youden': the largest Youden's J = TPR - FPR (the ROC point farthest above the diagonal);
 *   'cost':   the smallest expected cost per row for a 2x2 cost matrix {tp, fp, fn, tn}.
 * Ties go to the highest threshold (fewest rows called positive). The threshold is a score
 * value: rows with score >= threshold are positive; null means "call nothing positive" (a
 * cost matrix can make that the cheapest choice). The result is plain JSON, table included,
 * to save with the model and drive a slider.
 */
import type { ClassificationData } from '../types.ts';
import { checkCost, thresholdRow, thresholdTable, type CostMatrix, type ThresholdMetrics, type ThresholdTable } from './threshold-table.ts';

export type ThresholdObjective = { kind: 'f-beta'; beta?: number } | { kind: 'youden' } | { kind: 'cost'; cost: CostMatrix };

export interface ChooseThresholdOptions {
  /** The positive class index. Default 1. */
  posLabel?: number;
  sampleWeight?: ArrayLike<number>;
  /** Fills the table's cost column when the objective is not 'cost'. */
  cost?: CostMatrix;
}

export interface ThresholdChoice {
  kind: 'threshold-choice';
  version: 1;
  objective: ThresholdObjective;
  posLabel: number;
  /** Score cut (positive when score >= threshold); null = nothing positive. */
  threshold: number | null;
  /** Index of the chosen row in `table`. */
  row: number;
  /** The metrics at the chosen threshold. */
  at: ThresholdMetrics;
  table: ThresholdTable;
}

function bestRow(values: readonly number[], higherIsBetter: boolean): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    const v = values[i] as number;
    const b = values[best] as number;
    // Strict comparison: on ties the earlier row (higher threshold) stays.
    if (higherIsBetter ? v > b : v < b) best = i;
  }
  return best;
}

export function chooseThreshold(data: ClassificationData, objective: ThresholdObjective, options: ChooseThresholdOptions = {}): ThresholdChoice {
  let beta = 1;
  let cost = options.cost;
  let normalized: ThresholdObjective;
  if (objective.kind === 'f-beta') {
    beta = objective.beta ?? 1;
    normalized = { kind: 'f-beta', beta };
  } else if (objective.kind === 'cost') {
    cost = checkCost(objective.cost);
    normalized = { kind: 'cost', cost };
  } else if (objective.kind === 'youden') {
    normalized = { kind: 'youden' };
  } else {
    throw new RangeError(`chooseThreshold: unknown objective ${String((objective as { kind: unknown }).kind)}; use 'f-beta', 'youden' or 'cost'.`);
  }
  const table = thresholdTable(data, {
    beta,
    ...(options.posLabel !== undefined ? { posLabel: options.posLabel } : {}),
    ...(options.sampleWeight ? { sampleWeight: options.sampleWeight } : {}),
    ...(cost ? { cost } : {}),
  });
  const row =
    normalized.kind === 'f-beta'
      ? bestRow(table.fbeta, true)
      : normalized.kind === 'youden'
        ? bestRow(table.youden, true)
        : bestRow(table.costPerRow as number[], false);
  const at = thresholdRow(table, row);
  return { kind: 'threshold-choice', version: 1, objective: normalized, posLabel: table.posLabel, threshold: at.threshold, row, at, table };
}
