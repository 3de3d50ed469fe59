/**
 * Group fairness of a binary classifier across a sensitive attribute, with fairlearn's
 * definitions (fairlearn.metrics, method='between_groups', agg='worst_case'):
 *   selection rate      = share of the group (by weight) predicted positive;
 *   TPR / FPR           = confusion_matrix(normalize='true') entries, so a group with no
 *                         positive (negative) row has TPR (FPR) 0, as fairlearn's nan_to_num;
 *   demographic parity  difference = max - min selection rate, ratio = min / max;
 *   equal opportunity   difference = max - min TPR, ratio = min / max;
 *   equalized odds      difference = max(TPR difference, FPR difference),
 *                       ratio = min(TPR ratio, FPR ratio).
 * A ratio of 0 / 0 (every group at 0) is null. Missing attribute values form their own group
 * ("missing"). Predictions are the argmax of proba, or proba[:, posLabel] >= threshold.
 * `notes` names groups whose rates rest on no positive or no negative row.
 */
import { checkClassification } from '../check-input.ts';
import { checkCurveWeights } from '../curves/one-vs-rest.ts';
import { predictedClasses } from '../predicted-classes.ts';
import { predictAtThreshold } from '../threshold/confusion-cells.ts';
import type { ClassificationData } from '../types.ts';
import { displayValue, isMissing, type SliceValue } from './slice-values.ts';
import { maxOf, minOf } from '../../stats/extent.ts';

export interface FairnessOptions {
  /** The positive ("selected") class. Default 1. */
  posLabel?: number;
  /** Predict posLabel when proba[:, posLabel] >= threshold. Default: argmax. */
  threshold?: number;
  sampleWeight?: ArrayLike<number>;
}

export interface FairnessGroup {
  /** The attribute value (null for missing). */
  value: SliceValue;
  label: string;
  rows: number;
  weight: number;
  /** Weight of the group's positive / negative rows. */
  positives: number;
  negatives: number;
  selectionRate: number;
  truePositiveRate: number;
  falsePositiveRate: number;
}

export interface FairnessReport {
  posLabel: number;
  threshold: number | null;
  groups: FairnessGroup[];
  demographicParityDifference: number;
  demographicParityRatio: number | null;
  equalOpportunityDifference: number;
  equalOpportunityRatio: number | null;
  equalizedOddsDifference: number;
  equalizedOddsRatio: number | null;
  notes: string[];
}

function spread(values: number[]): { difference: number; ratio: number | null } {
  const max = maxOf(values);
  const min = minOf(values);
  return { difference: max - min, ratio: max === 0 ? null : min / max };
}

/** Groups in a stable order: numbers ascending, then strings, then missing. */
function compareValues(a: SliceValue, b: SliceValue): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function fairnessReport(data: ClassificationData, sensitive: ArrayLike<SliceValue | undefined>, options: FairnessOptions = {}): FairnessReport {
  const n = checkClassification(data);
  if (data.k !== 2) throw new RangeError(`Fairness metrics need a binary classifier; this one has ${data.k} classes.`);
  if (sensitive.length !== n) throw new RangeError(`The sensitive attribute has ${sensitive.length} values for ${n} scored rows.`);
  if (n === 0) throw new RangeError('Fairness metrics need at least one scored row.');
  const posLabel = options.posLabel ?? 1;
  if (posLabel !== 0 && posLabel !== 1) throw new RangeError(`posLabel must be 0 or 1, got ${posLabel}.`);
  const weights = checkCurveWeights(options.sampleWeight, n);
  const threshold = options.threshold ?? null;
  const pred = threshold === null ? predictedClasses(data) : predictAtThreshold(data, threshold, posLabel);

  const acc = new Map<string, { value: SliceValue; rows: number; weight: number; tp: number; fp: number; fn: number; tn: number }>();
  for (let i = 0; i < n; i++) {
    const raw = sensitive[i];
    const value: SliceValue = isMissing(raw) ? null : (raw as string | number);
    const key = value === null ? '\u0000missing' : String(value);
    let g = acc.get(key);
    if (!g) {
      g = { value, rows: 0, weight: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
      acc.set(key, g);
    }
    const w = weights ? (weights[i] as number) : 1;
    const actual = data.yTrue[i] === posLabel;
    const predicted = pred[i] === posLabel;
    g.rows++;
    g.weight += w;
    if (actual && predicted) g.tp += w;
    else if (actual) g.fn += w;
    else if (predicted) g.fp += w;
    else g.tn += w;
  }
  const notes: string[] = [];
  const groups = [...acc.values()]
    .sort((a, b) => compareValues(a.value, b.value))
    .map((g): FairnessGroup => {
      const positives = g.tp + g.fn;
      const negatives = g.fp + g.tn;
      const label = displayValue(g.value);
      if (positives === 0) notes.push(`Group "${label}" has no positive row: its true positive rate counts as 0 (fairlearn's convention).`);
      if (negatives === 0) notes.push(`Group "${label}" has no negative row: its false positive rate counts as 0 (fairlearn's convention).`);
      if (g.weight === 0) notes.push(`Group "${label}" has zero total weight: its selection rate counts as 0.`);
      return {
        value: g.value,
        label,
        rows: g.rows,
        weight: g.weight,
        positives,
        negatives,
        selectionRate: g.weight === 0 ? 0 : (g.tp + g.fp) / g.weight,
        truePositiveRate: positives === 0 ? 0 : g.tp / positives,
        falsePositiveRate: negatives === 0 ? 0 : g.fp / negatives,
      };
    });
  if (groups.length < 2) notes.push('There is only one group: every difference is 0.');
  const dp = spread(groups.map((g) => g.selectionRate));
  const tpr = spread(groups.map((g) => g.truePositiveRate));
  const fpr = spread(groups.map((g) => g.falsePositiveRate));
  return {
    posLabel,
    threshold,
    groups,
    demographicParityDifference: dp.difference,
    demographicParityRatio: dp.ratio,
    equalOpportunityDifference: tpr.difference,
    equalOpportunityRatio: tpr.ratio,
    equalizedOddsDifference: Math.max(tpr.difference, fpr.difference),
    equalizedOddsRatio: tpr.ratio === null || fpr.ratio === null ? null : Math.min(tpr.ratio, fpr.ratio),
    notes,
  };
}
