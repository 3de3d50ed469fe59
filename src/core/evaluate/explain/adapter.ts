/**
 * Builds ExplainModels from what a run produces: a fitted pipeline (FittedPipeline, which
 * runExperiment returns) and a trained model (TrainedModel; fitAndEvaluate disposes it once
 * it has predicted, so explanations must run before that, or on a refit).
 *
 * Two levels:
 *  - `matrixModel`: the model's own input features (the pipeline's output columns). Cheap;
 *    what TreeSHAP-style attributions of a one-hot level or a scaled column mean.
 *  - `columnEncoding` + `encodeRows` + `pipelineModel`: the original table columns. Each raw
 *    column is one numeric input column (numeric, boolean 0/1 and datetime epoch-ms values as
 *    they are; categorical and text labels as codes into a sorted category list, NaN for
 *    missing), and every prediction decodes the rows, re-runs the fitted pipeline and then the
 *    model. Permuting or fixing "colour" then moves all its one-hot columns together, and an
 *    imputer or scaler sees the value it would in production.
 */
import type { ColumnKind, Dataset } from '../../data/types.ts';
import { benchtopError } from '../../errors.ts';
import { frameFromTable, frameToMatrix, type Frame, type FrameColumn } from '../../features/frame.ts';
import { applyPipeline, type FittedPipeline } from '../../features/run-pipeline.ts';
import type { TrainedModel } from '../../models/types.ts';
import type { ExplainFeature, ExplainModel } from './types.ts';

type TableSource = Pick<Dataset, 'table' | 'columns'>;

/** How raw feature columns map to numeric input columns, and back. */
export interface ColumnEncoding {
  /** One per raw feature column, in pipeline order; label columns carry their categories. */
  features: ExplainFeature[];
  /** What the pipeline expects of each column when it is rebuilt into a frame. */
  columns: { name: string; type: 'numeric' | 'label'; source: ColumnKind }[];
}

const codeUnitOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function allRows(source: TableSource): Int32Array {
  return Int32Array.from({ length: source.table.numRows }, (_, i) => i);
}

/**
 * The encoding of `features` (the pipeline's `features`) over every row of the given tables:
 * pass each table whose rows will be encoded (training and test data), so every label has a code.
 */
export function columnEncoding(features: readonly string[], sources: readonly TableSource[]): ColumnEncoding {
  if (sources.length === 0) throw benchtopError('explain_invalid', { field: 'sources', reason: 'give at least one table to take the categories from' });
  const frames = sources.map((s) => frameFromTable(s.table, s.columns, features, allRows(s)));
  const first = frames[0]!;
  const columns = first.columns.map((c) => ({ name: c.name, type: c.type, source: c.source as ColumnKind }));
  const encoded = first.columns.map((c, j): ExplainFeature => {
    if (c.type === 'numeric') return { name: c.name };
    const labels = new Set<string>();
    for (const f of frames) for (const v of (f.columns[j] as typeof c).values) if (v !== null) labels.add(v);
    return { name: c.name, categories: [...labels].sort(codeUnitOrder) };
  });
  return { features: encoded, columns };
}

/** Rows `rows` of a table as an n x p matrix of input columns under `encoding`. */
export function encodeRows(encoding: ColumnEncoding, source: TableSource, rows: Int32Array): Float64Array {
  const names = encoding.columns.map((c) => c.name);
  const frame = frameFromTable(source.table, source.columns, names, rows);
  const p = names.length;
  const n = rows.length;
  const out = new Float64Array(n * p);
  frame.columns.forEach((c, j) => {
    if (c.type === 'numeric') {
      for (let i = 0; i < n; i++) out[i * p + j] = c.values[i]!;
      return;
    }
    const codes = new Map((encoding.features[j]!.categories ?? []).map((label, code) => [label, code]));
    for (let i = 0; i < n; i++) {
      const v = c.values[i]!;
      if (v === null) out[i * p + j] = NaN;
      else {
        const code = codes.get(v);
        if (code === undefined)
          throw benchtopError('explain_invalid', { field: 'rows', column: c.name, reason: `"${v}" in column "${c.name}" is not among the encoded categories; include this table when building the encoding` });
        out[i * p + j] = code;
      }
    }
  });
  return out;
}

/** n encoded rows back to the frame the fitted pipeline takes. */
export function decodeRows(encoding: ColumnEncoding, X: Float64Array, n: number): Frame {
  const p = encoding.columns.length;
  const columns = encoding.columns.map((c, j): FrameColumn => {
    if (c.type === 'numeric') return { name: c.name, type: 'numeric', source: c.source, values: Float64Array.from({ length: n }, (_, i) => X[i * p + j]!) };
    const cats = encoding.features[j]!.categories ?? [];
    const values = Array.from({ length: n }, (_, i) => {
      const code = X[i * p + j]!;
      // A code that is not a category (a grid point between codes, a missing value) reads as missing.
      return Number.isInteger(code) && code >= 0 && code < cats.length ? cats[code]! : null;
    });
    return { name: c.name, type: 'label', source: c.source, values };
  });
  return { rows: n, columns };
}

export interface PipelineModelParts {
  encoding: ColumnEncoding;
  pipeline: FittedPipeline;
  model: TrainedModel;
  /** Predicted values per row: the class count, or 1 for regression. */
  outputs: number;
}

/** Explains in terms of raw table columns: predict = decode -> pipeline -> model. */
export function pipelineModel({ encoding, pipeline, model, outputs }: PipelineModelParts): ExplainModel {
  const names = encoding.columns.map((c) => c.name);
  if (names.length !== pipeline.features.length || names.some((name, j) => name !== pipeline.features[j]))
    throw benchtopError('explain_invalid', { field: 'encoding', reason: `its columns (${names.join(', ')}) are not the pipeline's features (${pipeline.features.join(', ')})` });
  return {
    features: encoding.features,
    outputs,
    predict: async (rows, n) => model.predict(frameToMatrix(applyPipeline(pipeline, decodeRows(encoding, rows, n))), n),
  };
}

/** Explains in terms of the model's own input features (the pipeline's output columns). */
export function matrixModel({ model, names, outputs }: { model: TrainedModel; names: readonly string[]; outputs: number }): ExplainModel {
  return {
    features: names.map((name) => ({ name })),
    outputs,
    predict: async (rows, n) => model.predict(Float32Array.from(rows), n),
  };
}
