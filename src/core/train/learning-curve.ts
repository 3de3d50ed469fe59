/**
 * Learning curve: the model trained on growing, seeded, stratified subsets of the first
 * evaluation fold's training rows, scored on those rows and on the same held-out rows each
 * time. Read together, the two curves say whether more data, more capacity or more
 * regularisation is the next thing to try.
 */
import type { Dataset } from '../data/types.ts';
import { getMetric } from '../evaluate/registry.ts';
import { throwIfCancelled } from '../jobs.ts';
import { createRng } from '../random.ts';
import type { NormalizedSpec } from '../spec/types.ts';
import { holdoutSplit } from '../split/stratified-holdout.ts';
import { encodeTarget } from './encode-target.ts';
import { makeSplits } from './make-splits.ts';
import { fitAndEvaluate, type RunOptions } from './run-experiment.ts';
import { maxOf } from '../stats/extent.ts';

export interface LearningCurvePoint {
  fraction: number;
  trainRows: number;
  trainScore: number;
  testScore: number;
}

export interface LearningCurve {
  metric: string;
  higherIsBetter: boolean;
  points: LearningCurvePoint[];
  /** One or two sentences: bias, variance, or more data. */
  reading: string;
}

export const DEFAULT_FRACTIONS = [0.1, 0.25, 0.5, 0.75, 1];

export async function learningCurve(
  dataset: Dataset,
  spec: NormalizedSpec,
  opts: Omit<RunOptions, 'testData'> & { fractions?: number[]; onPoint?: (p: LearningCurvePoint) => void },
): Promise<LearningCurve> {
  const target = encodeTarget(dataset.table, spec.target, spec.task);
  const { train, test } = makeSplits(spec, dataset.table, target).folds[0]!;
  const classification = spec.task !== 'regression';
  const metric = classification ? 'accuracy' : 'r2';
  const higherIsBetter = getMetric(metric).higherIsBetter;
  const rng = createRng(spec.seed).fork('learning-curve');
  const points: LearningCurvePoint[] = [];
  for (const fraction of opts.fractions ?? DEFAULT_FRACTIONS) {
    throwIfCancelled(opts.cancel);
    let subset = train;
    if (fraction < 1) {
      const trainY = classification ? Int32Array.from(train, (p) => (target.y as Int32Array)[p]!) : undefined;
      // The subset is the "test" side of a stratified, seeded split of the training rows.
      const part = holdoutSplit(train.length, fraction, rng.fork(String(fraction)), trainY);
      subset = Int32Array.from(part.test, (i) => train[i]!);
    }
    const r = await fitAndEvaluate(dataset, target, subset, dataset, target, test, spec, opts, rng.fork(`fit${fraction}`), undefined, subset);
    const point = { fraction, trainRows: subset.length, trainScore: r.extraMetrics![metric]!, testScore: r.metrics[metric]! };
    points.push(point);
    opts.onPoint?.(point);
  }
  return { metric, higherIsBetter, points, reading: readCurve(points, higherIsBetter) };
}

/** Plain-language reading of the last points (scores oriented so higher is better). */
export function readCurve(points: LearningCurvePoint[], higherIsBetter: boolean): string {
  const sign = higherIsBetter ? 1 : -1;
  const last = points.at(-1)!;
  const prev = points.at(-2);
  const gap = sign * (last.trainScore - last.testScore);
  const rising = prev ? sign * (last.testScore - prev.testScore) : 0;
  const parts: string[] = [];
  if (gap > 0.1) parts.push(`High variance: the training score beats the held-out score by ${gap.toFixed(3)}; regularise more, simplify the model or add data.`);
  else if (gap < 0.03) parts.push('Train and held-out scores are close: the model is not overfitting; if both are too low, it is bias — add capacity or better features.');
  else parts.push(`A moderate gap of ${gap.toFixed(3)} between training and held-out scores.`);
  const best = maxOf(points.map((p) => sign * p.testScore));
  if (rising > 0.01) parts.push(`The held-out score still rose by ${rising.toFixed(3)} over the last step: more data would likely help.`);
  else if (best - sign * last.testScore > 0.02)
    parts.push(
      `The held-out score fell by ${(best - sign * last.testScore).toFixed(3)} from its best as the training set grew: the model is probably under-trained for the larger sets (too few epochs or too low a learning rate), or the scores are noisy — train longer before reading this curve.`,
    );
  else parts.push('The held-out score has flattened: more data of the same kind is unlikely to help much.');
  return parts.join(' ');
}
