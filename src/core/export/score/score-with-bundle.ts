/**
 * Scoring new rows with an imported bundle: contract check -> pipeline -> model -> labels.
 * The data is checked against the bundle's contract before anything else, so a renamed column,
 * a new category or a unit change fails loudly (scoring_data_invalid, with the columns and
 * rows) instead of producing confident nonsense. The pipeline and model are the exported ones
 * applied exactly as in training: an imported bundle scores as the original model did.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { ColumnKind, Dataset } from '../../data/types.ts';
import { benchtopError, isBenchtopError } from '../../errors.ts';
import { frameFromTable, frameToMatrix } from '../../features/frame.ts';
import { applyPipeline } from '../../features/run-pipeline.ts';
import { throwIfCancelled, type CancelToken } from '../../jobs.ts';
import { loadModel } from '../../models/load-model.ts';
import type { TrainedModel } from '../../models/types.ts';
import type { Task } from '../../spec/types.ts';
import { checkContract } from '../../validate/contract/check.ts';
import type { ContractViolation, DataContract } from '../../validate/contract/types.ts';
import type { Bundle } from '../bundle/types.ts';
import { predictedLabels } from './predicted-labels.ts';

export { predictedLabels };

export interface ScoreOptions {
  tf: typeof tfjs;
  cancel?: CancelToken;
  /** A model already loaded from this bundle (loadBundleModel); it is not disposed. Default: load one and dispose it. */
  model?: TrainedModel;
}

export interface BundleScores {
  task: Task;
  rows: number;
  classes?: string[];
  /** Classification: the predicted class per row (the bundle's binary threshold when it has one, else the most probable class). */
  labels?: string[];
  /** Classification: rows x classes probabilities, row-major. */
  proba?: Float64Array;
  /** Regression: the predicted value per row. */
  values?: Float64Array;
  /** Contract findings that did not stop scoring (shift, columns the model ignores, labels allowed as unseen). */
  warnings: ContractViolation[];
}

/**
 * The contract a scoring batch must keep: the training contract's promises about the columns
 * the model reads, each required. Row counts, uniqueness and missing shares describe a dataset,
 * not a batch of rows to score (one row with a gap is 100% missing), so they are left out: a
 * column that allowed missing cells may have them (the pipeline imputes them as in training),
 * one that had none must have none. The target and other columns are not needed.
 */
export function scoringContract(bundle: Pick<Bundle, 'contract' | 'pipeline'>): DataContract {
  const features = new Set(bundle.pipeline.features);
  return {
    ...bundle.contract,
    rowCount: { min: 0, max: Number.MAX_SAFE_INTEGER },
    columns: bundle.contract.columns
      .filter((c) => features.has(c.name))
      .map((c) => {
        const { unique: _unique, ...rest } = c;
        return { ...rest, required: true, maxMissingShare: c.nullable ? 1 : 0 };
      }),
  };
}

const MAX_LISTED = 10;

function describeViolation(v: ContractViolation): string {
  // Row numbers as a person counts them (1 = the first data row); some messages already cite one.
  const rows = v.examples?.length && !/ at row \d/.test(v.message) ? ` (row${v.examples.length === 1 ? '' : 's'} ${v.examples.map((e) => e.row + 1).join(', ')})` : '';
  return `${v.message.replace(/\.$/, '')}${rows}`;
}

/**
 * The kinds the bundle's contract gives its input columns, for ingest's `kinds` option: a batch
 * to score is read with them, so a small batch is not typed differently from the training data
 * (a column of codes read as numbers, an all-missing column as text). Own keys only.
 */
export function inputKinds(bundle: Pick<Bundle, 'manifest'>): Record<string, ColumnKind> {
  const kinds: Record<string, ColumnKind> = {};
  for (const c of bundle.manifest.input.columns) Object.defineProperty(kinds, c.name, { value: c.kind, enumerable: true, configurable: true, writable: true });
  return kinds;
}

/**
 * Reads a batch with the bundle's input kinds (`read` calls ingest with them). A column the
 * batch lacks cannot be forced, so it is dropped from the kinds and the batch read again: the
 * contract check then reports it as missing, with the other findings.
 */
export async function readWithInputKinds(bundle: Pick<Bundle, 'manifest'>, read: (kinds: Record<string, ColumnKind>) => Promise<Dataset>): Promise<Dataset> {
  const kinds = inputKinds(bundle);
  for (;;) {
    try {
      return await read(kinds);
    } catch (e) {
      const column = isBenchtopError(e) && e.code === 'column_not_found' ? e.location.column : undefined;
      if (column === undefined || !Object.hasOwn(kinds, column)) throw e;
      delete kinds[column];
    }
  }
}

/** Contract check of a scoring batch: throws scoring_data_invalid listing the errors; returns the warnings. */
export function checkScoringData(bundle: Pick<Bundle, 'contract' | 'pipeline'>, dataset: Pick<Dataset, 'table' | 'columns'>, cancel?: CancelToken): ContractViolation[] {
  const check = checkContract(dataset.table, dataset.columns, scoringContract(bundle), cancel ? { cancel } : {});
  const findings = check.violations.filter((v) => v.code !== 'unexpected_column');
  const errors = findings.filter((v) => v.severity === 'error');
  if (errors.length > 0) {
    const listed = errors.slice(0, MAX_LISTED).map(describeViolation);
    if (errors.length > MAX_LISTED) listed.push(`and ${errors.length - MAX_LISTED} more`);
    throw benchtopError('scoring_data_invalid', { count: errors.length, details: listed.join('; '), ...(errors[0]!.column ? { column: errors[0]!.column } : {}) });
  }
  return findings;
}

/** The bundle's model, alive: through loadModel only (unknown kinds, formats and layers are refused there). The caller disposes it. */
export function loadBundleModel(bundle: Pick<Bundle, 'artifact'>, tf: typeof tfjs): Promise<TrainedModel> {
  return loadModel(bundle.artifact, tf);
}

/** Raw rows -> the model's input matrix, with the bundle's fitted pipeline. */
export function bundleMatrix(bundle: Pick<Bundle, 'pipeline'>, dataset: Pick<Dataset, 'table' | 'columns'>, rows?: Int32Array): Float32Array {
  const { pipeline } = bundle;
  const all = rows ?? Int32Array.from({ length: dataset.table.numRows }, (_, i) => i);
  let frame;
  try {
    frame = applyPipeline(pipeline, frameFromTable(dataset.table, dataset.columns, pipeline.features, all));
  } catch (e) {
    if (isBenchtopError(e) && e.code === 'test_data_schema') throw e;
    // The pipeline passed its schema check but a step could not use its state: a damaged bundle.
    throw benchtopError('bundle_invalid', { entry: 'pipeline.json', reason: `applying it failed (${isBenchtopError(e) ? e.message : e instanceof Error ? e.message : String(e)})` });
  }
  const names = frame.columns.map((c) => c.name);
  if (names.length !== pipeline.outputNames.length || names.some((n, i) => n !== pipeline.outputNames[i]))
    throw benchtopError('bundle_invalid', { entry: 'pipeline.json', field: 'outputNames', reason: 'the steps produce other columns than it records' });
  return frameToMatrix(frame);
}


export async function scoreWithBundle(bundle: Bundle, dataset: Pick<Dataset, 'table' | 'columns'>, opts: ScoreOptions): Promise<BundleScores> {
  const warnings = checkScoringData(bundle, dataset, opts.cancel);
  const X = bundleMatrix(bundle, dataset);
  const n = dataset.table.numRows;
  throwIfCancelled(opts.cancel);
  const model = opts.model ?? (await loadBundleModel(bundle, opts.tf));
  let output: Float64Array;
  try {
    output = await model.predict(X, n);
  } finally {
    if (!opts.model) model.dispose();
  }
  const { output: schema } = bundle.manifest;
  if (schema.task === 'regression') return { task: schema.task, rows: n, values: output, warnings };
  const classes = schema.classes!;
  return {
    task: schema.task,
    rows: n,
    classes: [...classes],
    labels: predictedLabels(output, classes, schema.decision),
    proba: output,
    warnings,
  };
}
