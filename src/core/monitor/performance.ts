/**
 * Performance on a labelled batch against the version's held-out numbers (what its model card
 * shows). A value outside the card's bootstrap interval on the bad side is a concept-drift
 * signal: the inputs may look the same while what they mean for the target changed.
 */
import { computeReport } from '../evaluate/report.ts';
import type { ClassificationData, RegressionData } from '../evaluate/types.ts';
import { bootstrapCiSync } from '../evaluate/uncertainty/bootstrap-ci.ts';
import type { Task } from '../spec/types.ts';
import type { PerformanceReport, PerformanceRow } from './types.ts';

/** Preferred headline metric per task, first available wins (as the registry lists versions). */
export const HEADLINE_METRICS: Record<Task, readonly string[]> = {
  binary: ['roc_auc', 'accuracy', 'balanced_accuracy'],
  multiclass: ['accuracy', 'balanced_accuracy', 'f1_macro', 'roc_auc'],
  regression: ['rmse', 'mae', 'r2'],
};

/** The card's numbers: the version's held-out summary. */
export interface CardMetrics {
  level: number;
  metrics: { key: string; value: number | null; ci: [number, number] | null }[];
}

/** Batch truth: class labels (null = missing) or numbers (NaN = missing). */
export type BatchTruth = { kind: 'labels'; values: readonly (string | null)[] } | { kind: 'numbers'; values: Float64Array };

export interface PerformanceInput {
  task: Task;
  classes?: readonly string[];
  target: string;
  /** The model's output on every batch row: n x k probabilities or n values. */
  output: Float64Array;
  truth: BatchTruth;
  card?: CardMetrics;
  /** Fewer labelled rows than this: 'insufficient'. */
  minRows: number;
  /** Bootstrap of the batch's values. Defaults 200 resamples, seed 0. */
  resamples?: number;
  seed?: number;
}

/** Rows with a usable truth, as metric input; classifiers drop labels the model does not know. */
export function batchEvalData(task: Task, classes: readonly string[], output: Float64Array, truth: BatchTruth): { data: ClassificationData | RegressionData; rows: number[]; skipped: number } {
  const rows: number[] = [];
  if (task === 'regression') {
    if (truth.kind !== 'numbers') throw new RangeError('regression needs numeric truth');
    truth.values.forEach((v, i) => Number.isFinite(v) && rows.push(i));
    return {
      data: { yTrue: Float64Array.from(rows, (i) => truth.values[i]!), yPred: Float64Array.from(rows, (i) => output[i]!) },
      rows,
      skipped: truth.values.length - rows.length,
    };
  }
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = truth.kind === 'labels' ? truth.values : Array.from(truth.values, (v) => (Number.isFinite(v) ? String(v) : null));
  const yTrue: number[] = [];
  labels.forEach((v, i) => {
    const c = v === null ? undefined : index.get(v);
    if (c === undefined) return;
    rows.push(i);
    yTrue.push(c);
  });
  const proba = new Float64Array(rows.length * k);
  rows.forEach((r, j) => proba.set(output.subarray(r * k, (r + 1) * k), j * k));
  return { data: { yTrue: Int32Array.from(yTrue), proba, k }, rows, skipped: labels.length - rows.length };
}

/**
 * Outside the card's interval is the signal; when the batch's own interval still holds the
 * card's value the two estimates are not told apart, and it stays 'ok' (a card interval that
 * collapsed to a point, recall [1, 1] on a small held-out set, would otherwise flag any batch).
 */
function verdictOf(row: Omit<PerformanceRow, 'verdict'>): PerformanceRow['verdict'] {
  if (row.card === null || row.cardCi === null) return 'no-reference';
  if (row.current === null) return 'insufficient';
  const [lo, hi] = row.cardCi;
  if (row.current >= lo && row.current <= hi) return 'ok';
  if (row.currentCi && row.card >= row.currentCi[0] && row.card <= row.currentCi[1]) return 'ok';
  const above = row.current > hi;
  return above === row.higherIsBetter ? 'better' : 'worse';
}

export function performanceReport(input: PerformanceInput): PerformanceReport {
  const classes = input.classes ?? [];
  const { data, rows, skipped } = batchEvalData(input.task, classes, input.output, input.truth);
  const level = input.card?.level ?? 0.95;
  const entries = rows.length ? computeReport(data, { task: input.task, ...(classes.length ? { classes } : {}) }) : [];
  const cardByKey = new Map((input.card?.metrics ?? []).map((m) => [m.key, m]));
  // Only metrics the card has a number for: there is nothing to compare the others with.
  const shown = entries.filter((e) => cardByKey.get(e.key)?.value !== null && cardByKey.has(e.key));
  const enough = rows.length >= input.minRows;
  const defined = shown.filter((e) => e.value !== null);
  const intervals =
    enough && defined.length
      ? bootstrapCiSync(data, defined.map((e) => ({ name: e.name, params: e.params })), {
          resamples: input.resamples ?? 200,
          level,
          seed: input.seed ?? 0,
          stratify: input.task !== 'regression',
        }).intervals
      : [];
  const ciByKey = new Map(intervals.map((c) => [c.key, c]));
  const metrics: PerformanceRow[] = shown.map((e) => {
    const card = cardByKey.get(e.key)!;
    const c = ciByKey.get(e.key);
    const current = enough ? e.value : null;
    const base = {
      metric: e.key,
      card: card.value,
      cardCi: card.ci ? ([card.ci[0], card.ci[1]] as [number, number]) : null,
      level,
      current,
      currentCi: c && c.low !== null && c.high !== null ? ([c.low, c.high] as [number, number]) : null,
      delta: current !== null && card.value !== null ? current - card.value : null,
      higherIsBetter: e.higherIsBetter,
    };
    return { ...base, verdict: enough ? verdictOf(base) : 'insufficient' };
  });
  let headline = metrics[0]?.metric ?? '';
  for (const want of HEADLINE_METRICS[input.task]) {
    const hit = metrics.find((m) => m.metric === want);
    if (hit) {
      headline = hit.metric;
      break;
    }
  }
  const head = metrics.find((m) => m.metric === headline);
  return {
    target: input.target,
    rows: rows.length,
    skipped,
    metrics,
    verdict: head ? head.verdict : enough ? 'no-reference' : 'insufficient',
    headline,
  };
}
