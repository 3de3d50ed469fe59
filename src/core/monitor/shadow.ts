/**
 * A shadow comparison: two versions of a model scored on the same batch rows. Without labels it
 * says how often and how much they disagree; with labels it adds the paired test compare runs
 * uses (paired bootstrap of the metric difference, McNemar for classifiers).
 */
import { compareModelsSync } from '../evaluate/uncertainty/compare-models.ts';
import type { Task } from '../spec/types.ts';
import { batchEvalData, HEADLINE_METRICS, type BatchTruth } from './performance.ts';
import { predictedLabels } from '../export/score/predicted-labels.ts';
import type { ShadowComparison } from './types.ts';

export interface ShadowSide {
  /** "name@3". */
  id: string;
  output: Float64Array;
  classes?: readonly string[];
  decision?: { threshold: number; posLabel: number };
}

export interface ShadowInput {
  task: Task;
  primary: ShadowSide;
  shadow: ShadowSide;
  rows: number;
  truth?: BatchTruth;
  /** Metric of the paired test; default the task's headline (roc_auc / accuracy / rmse). */
  metric?: string;
  /** Fewer labelled rows than this: no paired test. */
  minRows: number;
  resamples?: number;
  seed?: number;
}

function disagreement(input: ShadowInput): { mean: number; max: number } {
  const { primary: a, shadow: b, rows: n } = input;
  if (input.task === 'regression') {
    let sum = 0;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(a.output[i]! - b.output[i]!);
      sum += d;
      if (d > max) max = d;
    }
    return { mean: n ? sum / n : NaN, max };
  }
  // Probabilities of the classes both know, matched by label.
  const ca = a.classes ?? [];
  const cb = b.classes ?? [];
  const pairs = ca.map((c, i) => [i, cb.indexOf(c)] as const).filter(([, j]) => j >= 0);
  let sum = 0;
  let count = 0;
  let max = 0;
  for (let r = 0; r < n; r++)
    for (const [i, j] of pairs) {
      const d = Math.abs(a.output[r * ca.length + i]! - b.output[r * cb.length + j]!);
      sum += d;
      count++;
      if (d > max) max = d;
    }
  return { mean: count ? sum / count : NaN, max };
}

/** The two versions must share the task; classifiers are compared label by label. */
export function shadowComparison(input: ShadowInput): ShadowComparison {
  const { task, primary, shadow, rows } = input;
  const { mean, max } = disagreement(input);
  let agreement: number | null = null;
  let confusion: ShadowComparison['confusion'] = null;
  if (task !== 'regression') {
    const la = predictedLabels(primary.output, primary.classes ?? [], primary.decision);
    const lb = predictedLabels(shadow.output, shadow.classes ?? [], shadow.decision);
    const labels = [...new Set([...(primary.classes ?? []), ...(shadow.classes ?? [])])];
    const at = new Map(labels.map((l, i) => [l, i]));
    const counts = labels.map(() => new Array<number>(labels.length).fill(0));
    let same = 0;
    for (let i = 0; i < rows; i++) {
      if (la[i] === lb[i]) same++;
      counts[at.get(la[i]!)!]![at.get(lb[i]!)!]!++;
    }
    agreement = rows ? same / rows : null;
    confusion = { labels, counts };
  }
  return { primary: primary.id, shadow: shadow.id, rows, task, agreement, meanAbsDelta: mean, maxAbsDelta: max, confusion, paired: pairedTest(input) };
}

function pairedTest(input: ShadowInput): ShadowComparison['paired'] {
  const { task, primary, shadow, truth } = input;
  if (!truth) return null;
  const ca = primary.classes ?? [];
  const cb = shadow.classes ?? [];
  // The paired test scores both on one class order: only when both know the same classes in it.
  if (task !== 'regression' && (ca.length !== cb.length || ca.some((c, i) => c !== cb[i]))) return null;
  const a = batchEvalData(task, ca, primary.output, truth);
  if (a.rows.length < input.minRows) return null;
  const b = batchEvalData(task, cb, shadow.output, truth);
  const metric = input.metric ?? HEADLINE_METRICS[task][0]!;
  const c = compareModelsSync(a.data, b.data, {
    metric,
    names: { a: primary.id, b: shadow.id },
    resamples: input.resamples ?? 500,
    seed: input.seed ?? 0,
    stratify: task !== 'regression',
  });
  const boot = c.bootstrap;
  return {
    metric: boot.key,
    primary: boot.estimateA,
    shadow: boot.estimateB,
    difference: boot.difference,
    ci: boot.low !== null && boot.high !== null ? [boot.low, boot.high] : null,
    level: boot.level,
    higherIsBetter: boot.higherIsBetter,
    mcnemarP: c.mcnemar ? c.mcnemar.pValue : null,
    winner: c.verdict.winner === 'A' ? 'primary' : c.verdict.winner === 'B' ? 'shadow' : null,
    sentence: c.verdict.sentence,
    rows: a.rows.length,
  };
}
