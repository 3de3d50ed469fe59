/**
 * Explanations of a run's reported fit (the model a run keeps, or its deterministic refit),
 * on the held-out rows that fit was scored on:
 *  - permutation importance and partial dependence / ICE in terms of the raw table columns
 *    (pipelineModel: permuting "colour" moves all its one-hot columns together);
 *  - SHAP: exact TreeSHAP when the model has trees (in the model's own input features, the
 *    pipeline's output columns, and in margin space: log-odds for classifiers), else KernelSHAP
 *    on the raw columns against a small background sample of training rows.
 * Row samples are seeded (createRng(seed).fork(...)), so the same run gives the same answer.
 */
import type { Dataset } from '../../data/types.ts';
import { benchtopError } from '../../errors.ts';
import { frameFromTable, frameToMatrix } from '../../features/frame.ts';
import { applyPipeline, type FittedPipeline } from '../../features/run-pipeline.ts';
import type { CancelToken, ProgressFn } from '../../jobs.ts';
import type { TrainedModel } from '../../models/types.ts';
import { createRng, permutation } from '../../random.ts';
import type { NormalizedSpec } from '../../spec/types.ts';
import { columnEncoding, encodeRows, pipelineModel } from '../explain/adapter.ts';
import { kernelShap } from '../explain/kernel-shap.ts';
import { partialDependence } from '../explain/partial-dependence.ts';
import { permutationImportance } from '../explain/permutation-importance.ts';
import { beeswarm, shapRanking, waterfall } from '../explain/shap-summary.ts';
import { treeShap } from '../explain/tree-shap.ts';
import type { ExplainFeature, ShapValues } from '../explain/types.ts';
import type { Explanation, ExplainRequest } from './types.ts';

type Source = Pick<Dataset, 'table' | 'columns'>;

export interface ExplainInput {
  spec: NormalizedSpec;
  classes?: readonly string[];
  fit: { model: TrainedModel; pipeline: FittedPipeline };
  /** The evaluated table (the rows explained) and the training table (background; default the same). */
  source: Source;
  trainSource?: Source;
  /** Table rows of `source` the fit was scored on, and their encoded truth. */
  rows: Int32Array;
  yTrue: Int32Array | Float64Array;
  /** Rows of the training table the fit trained on (KernelSHAP's background is drawn from them). */
  trainRows: Int32Array;
  request: ExplainRequest;
  cancel?: CancelToken;
  onProgress?: ProgressFn;
}

const DEFAULT_ROWS = { permutation: 2000, 'partial-dependence': 1000, tree: 500, kernel: 50 } as const;

/** Positions of at most `max` of n rows: all when n <= max, else a seeded sample, in increasing order. */
export function sampleRows(n: number, max: number, seed: number, label: string): Int32Array {
  if (!Number.isInteger(max) || max < 1) throw benchtopError('explain_invalid', { field: 'maxRows', reason: `must be an integer >= 1, got ${max}` });
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  return permutation(n, createRng(seed).fork(label)).slice(0, max).sort();
}

function pickRows(rows: Int32Array, positions: Int32Array): Int32Array {
  return Int32Array.from(positions, (p) => rows[p]!);
}

export async function explainFit(input: ExplainInput): Promise<Explanation> {
  const { spec, fit, source, request } = input;
  const train = input.trainSource ?? source;
  const outputs = spec.task === 'regression' ? 1 : input.classes?.length ?? 2;
  const seed = spec.seed;
  const run = { ...(input.cancel ? { cancel: input.cancel } : {}), ...(input.onProgress ? { onProgress: input.onProgress } : {}) };
  const encoding = columnEncoding(fit.pipeline.features, train === source ? [source] : [train, source]);
  const raw = pipelineModel({ encoding, pipeline: fit.pipeline, model: fit.model, outputs });
  if (input.rows.length === 0) throw benchtopError('run_rows_missing', { rows: 'held-out' });

  if (request.kind === 'permutation') {
    const pos = sampleRows(input.rows.length, request.maxRows ?? DEFAULT_ROWS.permutation, seed, 'explain-rows');
    const rows = pickRows(input.rows, pos);
    const yTrue = input.yTrue instanceof Int32Array ? Int32Array.from(pos, (p) => input.yTrue[p]!) : Float64Array.from(pos, (p) => input.yTrue[p]!);
    const r = await permutationImportance({
      model: raw, X: encodeRows(encoding, source, rows), n: rows.length, task: spec.task, yTrue, seed,
      ...(request.metric ? { metric: request.metric } : {}), ...(request.repeats !== undefined ? { repeats: request.repeats } : {}), ...run,
    });
    const importances = [...r.features].sort((a, b) => b.mean - a.mean || a.columns[0]! - b.columns[0]!);
    return { kind: 'permutation', metric: r.metric, repeats: r.repeats, rows: rows.length, importances };
  }

  if (request.kind === 'partial-dependence') {
    const names = encoding.features.map((f) => f.name);
    const features = request.features.map((name) => {
      const j = names.indexOf(name);
      if (j < 0) throw benchtopError('explain_invalid', { field: 'features', reason: `"${name}" is not a feature of this run (${names.join(', ')})` });
      return j;
    }) as [number] | [number, number];
    const rows = pickRows(input.rows, sampleRows(input.rows.length, request.maxRows ?? DEFAULT_ROWS['partial-dependence'], seed, 'explain-rows'));
    const result = await partialDependence({
      model: raw, X: encodeRows(encoding, source, rows), n: rows.length, features,
      ...(request.gridSize !== undefined ? { resolution: request.gridSize } : {}),
      ...(request.ice && features.length === 1 ? { ice: { seed } } : {}),
      ...run,
    });
    return { kind: 'partial-dependence', result };
  }

  // SHAP: the waterfall row (if asked) first, then a seeded sample of the held-out rows.
  const trees = fit.model.trees;
  const max = request.maxRows ?? (trees ? DEFAULT_ROWS.tree : DEFAULT_ROWS.kernel);
  let rows = pickRows(input.rows, sampleRows(input.rows.length, max, seed, 'explain-rows'));
  if (request.row !== undefined) {
    const r = request.row;
    if (!Number.isInteger(r) || r < 0 || r >= source.table.numRows)
      throw benchtopError('explain_invalid', { field: 'row', reason: `must be a table row in 0..${source.table.numRows - 1}, got ${r}` });
    rows = Int32Array.from([r, ...Array.from(rows).filter((x) => x !== r)].slice(0, Math.max(max, 1)));
  }
  const n = rows.length;
  let shap: ShapValues;
  let X: Float64Array;
  let features: readonly ExplainFeature[];
  if (trees) {
    X = Float64Array.from(frameToMatrix(applyPipeline(fit.pipeline, frameFromTable(source.table, source.columns, fit.pipeline.features, rows))));
    features = fit.pipeline.outputNames.map((name) => ({ name }));
    shap = await treeShap({ ensemble: trees, X, n, names: fit.pipeline.outputNames, ...run });
  } else {
    X = encodeRows(encoding, source, rows);
    features = encoding.features;
    const bgPos = sampleRows(input.trainRows.length, request.background ?? 50, seed, 'explain-background');
    const bgRows = pickRows(input.trainRows, bgPos);
    shap = await kernelShap({
      model: raw, X, n, background: encodeRows(encoding, train, bgRows), nBackground: bgRows.length, maxBackground: bgRows.length, seed, ...run,
    });
  }
  // Which output of the SHAP values is which class: a binary tree model has one margin (class 1's log-odds).
  const classOf = (o: number) => (trees && spec.task === 'binary' ? 1 : o);
  const outputFor = (cls: number) => (trees && spec.task === 'binary' ? 0 : cls);
  let cls: number;
  if (spec.task === 'regression') cls = 0;
  else if (request.output !== undefined) cls = request.output;
  else if (spec.task === 'binary') cls = 1;
  else {
    let best = 0;
    for (let o = 1; o < shap.outputs; o++) if (shap.output[o]! > shap.output[best]!) best = o;
    cls = classOf(best);
  }
  if (spec.task === 'binary' && trees && cls !== 1)
    throw benchtopError('explain_invalid', { field: 'output', reason: 'a binary tree model has one margin, the log-odds of class 1: explain output 1' });
  const output = outputFor(cls);
  if (!Number.isInteger(output) || output < 0 || output >= shap.outputs)
    throw benchtopError('explain_invalid', { field: 'output', reason: `must be a class index in 0..${outputs - 1}, got ${cls}` });
  return {
    kind: 'shap',
    method: trees ? 'tree' : 'kernel',
    rows: n,
    ranking: shapRanking(shap, output),
    beeswarm: beeswarm(shap, X, { output, maxFeatures: 20, features }),
    waterfall: waterfall(shap, X, 0, { output }),
    output: cls,
    scale: trees ? 'margin' : 'prediction',
    rowIds: Array.from(rows),
    waterfallRow: rows[0]!,
  };
}
