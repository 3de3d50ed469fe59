/**
 * Permutation importance, as sklearn.inspection.permutation_importance: how much a score
 * drops when one input column (or a group of columns, e.g. the levels of a one-hot block)
 * is shuffled across the scored rows, breaking its link with the target while keeping its
 * distribution. importance = baseline score - permuted score for a higher-is-better metric,
 * permuted - baseline for a loss, so a larger importance always means "the model relies on it
 * more"; a column the model ignores scores exactly 0.
 *
 * Shuffles: repeat r uses the r-th `permutation(n, rng)` drawn from `createRng(seed)`, the
 * same row permutation for every column (sklearn likewise reseeds each column with one
 * seed), so columns are compared on equal footing and a test can redo the work exactly.
 * Scored on held-out (validation) rows: on training rows it measures memorisation.
 */
import { benchtopError } from '../../errors.ts';
import { createRng, permutation } from '../../random.ts';
import { evaluateMetric } from '../report.ts';
import { getReportMetric } from '../registry.ts';
import type { MetricParams, Task } from '../types.ts';
import { checkMatrix, pacer, predictGenerated } from './batch.ts';
import { studentTQuantile } from './student-t.ts';
import type { ExplainModel, ExplainRunOptions } from './types.ts';

/** Columns permuted together and reported as one entry. */
export interface FeatureGroup {
  name: string;
  columns: readonly number[];
}

export interface PermutationImportanceRequest extends ExplainRunOptions {
  model: ExplainModel;
  /** n x p rows to score (validation rows), row-major. */
  X: Float64Array;
  n: number;
  task: Task;
  /** Class index per row (classification) or target value (regression). */
  yTrue: Int32Array | Float64Array;
  /** Any report metric (registry name). Default accuracy (classification) / r2 (regression), as sklearn's estimator.score. */
  metric?: string;
  params?: MetricParams;
  sampleWeight?: ArrayLike<number>;
  /** Shuffles per column. Default 10 (sklearn's n_repeats is 5). */
  repeats?: number;
  seed?: number;
  /** What to permute: column indices or named groups. Default every column on its own. */
  features?: readonly (number | FeatureGroup)[];
}

export interface FeatureImportance {
  name: string;
  columns: number[];
  /** Mean importance over repeats (sklearn's importances_mean). */
  mean: number;
  /** Population std over repeats (sklearn's importances_std, ddof = 0). */
  std: number;
  /** 95% t-interval of the mean over repeats (sample std, t with repeats - 1 df); [mean, mean] for one repeat. */
  ci95: [number, number];
  /** Importance of each repeat (sklearn's importances[j]). NaN where the permuted score is undefined. */
  importances: number[];
}

export interface PermutationImportanceResult {
  metric: string;
  params: MetricParams;
  higherIsBetter: boolean;
  /** Score of the unpermuted rows. */
  baseline: number;
  repeats: number;
  seed: number;
  /** In request order (sort by `mean` for a ranking). */
  features: FeatureImportance[];
}

function summarize(name: string, columns: number[], importances: number[]): FeatureImportance {
  const r = importances.length;
  const mean = importances.reduce((s, v) => s + v, 0) / r;
  const ss = importances.reduce((s, v) => s + (v - mean) ** 2, 0);
  const std = Math.sqrt(ss / r);
  const half = r > 1 ? (studentTQuantile(0.975, r - 1) * Math.sqrt(ss / (r - 1))) / Math.sqrt(r) : 0;
  return { name, columns, mean, std, ci95: [mean - half, mean + half], importances };
}

function resolveGroups(model: ExplainModel, features: PermutationImportanceRequest['features']): FeatureGroup[] {
  const p = model.features.length;
  const list = features ?? model.features.map((_, j) => j);
  return list.map((f, i) => {
    const g: FeatureGroup = typeof f === 'number' ? { name: model.features[f]?.name ?? String(f), columns: [f] } : f;
    if (g.columns.length === 0 || g.columns.some((c) => !Number.isInteger(c) || c < 0 || c >= p))
      throw benchtopError('explain_invalid', { field: `features[${i}]`, reason: `columns must be indices in 0..${p - 1}` });
    return g;
  });
}

export async function permutationImportance(req: PermutationImportanceRequest): Promise<PermutationImportanceResult> {
  const { model, X, n, task } = req;
  checkMatrix(model, X, n);
  const p = model.features.length;
  const k = model.outputs;
  const repeats = req.repeats ?? 10;
  const seed = req.seed ?? 0;
  if (!Number.isInteger(repeats) || repeats < 1) throw benchtopError('explain_invalid', { field: 'repeats', reason: `must be an integer >= 1, got ${repeats}` });
  if (req.yTrue.length !== n) throw benchtopError('explain_invalid', { field: 'yTrue', reason: `has ${req.yTrue.length} values for ${n} rows` });
  const classification = task !== 'regression';
  if (!classification && k !== 1) throw benchtopError('explain_invalid', { field: 'model.outputs', reason: `a regression model predicts one value per row, got ${k}` });
  const metricName = req.metric ?? (classification ? 'accuracy' : 'r2');
  const metric = getReportMetric(metricName);
  const params = req.params ?? {};
  const groups = resolveGroups(model, req.features);

  const weights = req.sampleWeight ? { sampleWeight: req.sampleWeight } : {};
  const score = (pred: Float64Array) =>
    evaluateMetric(
      metricName,
      classification ? { yTrue: req.yTrue as Int32Array, proba: pred, k } : { yTrue: req.yTrue as Float64Array, yPred: pred },
      { params, ...weights },
    );
  const pace = pacer(req);
  const base = await predictGenerated(model, n, (start, count, buf) => buf.set(X.subarray(start * p, (start + count) * p)), req, pace);
  const baseEntry = score(base);
  if (baseEntry.value === null) throw benchtopError('explain_metric_unavailable', { metric: baseEntry.key, reason: baseEntry.reason ?? 'undefined' });
  const baseline = baseEntry.value;

  const rng = createRng(seed);
  const perms = Array.from({ length: repeats }, () => permutation(n, rng));
  const features: FeatureImportance[] = [];
  for (let g = 0; g < groups.length; g++) {
    const { name, columns } = groups[g]!;
    // All repeats of one group in one generated block: row r*n + i is row i with the group's columns taken from row perm_r[i].
    const pred = await predictGenerated(
      model,
      n * repeats,
      (start, count, buf) => {
        for (let t = 0; t < count; t++) {
          const r = Math.floor((start + t) / n);
          const i = (start + t) % n;
          const src = perms[r]![i]!;
          const o = t * p;
          for (let j = 0; j < p; j++) buf[o + j] = X[i * p + j]!;
          for (const c of columns) buf[o + c] = X[src * p + c]!;
        }
      },
      req,
      pace,
    );
    const importances: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const s = score(pred.subarray(r * n * k, (r + 1) * n * k)).value;
      importances.push(s === null ? NaN : metric.higherIsBetter ? baseline - s : s - baseline);
    }
    features.push(summarize(name, [...columns], importances));
    req.onProgress?.({ phase: 'explain', fraction: (g + 1) / groups.length, message: `permutation importance: ${name}` });
  }
  return { metric: metricName, params, higherIsBetter: metric.higherIsBetter, baseline, repeats, seed, features };
}
