// The core's public surface, as the CLI, the worker and later integrations use it.
// Explicit named exports only: nothing is re-exported by wildcard.
export { BenchtopError, benchtopError, isBenchtopError, serializeError } from './errors.ts';
export type { ErrorCode, ErrorLocation, SerializedError } from './errors.ts';
export { asDatasetId, asRunId } from './ids.ts';
export type { DatasetId, RunId } from './ids.ts';
export { CancelSource, neverCancelled, throwIfCancelled, yieldToEventLoop } from './jobs.ts';
export type { CancelToken, Progress, ProgressFn } from './jobs.ts';
export { createRng, permutation, shuffleInPlace } from './random.ts';
export type { Rng } from './random.ts';
export { BENCHTOP_VERSION } from './version.ts';

export { fingerprintTable, ingest, ipcToTable, labelValues, numericValues, sniffFormat, tableToIpc } from './data/index.ts';
export type { ColumnInfo, ColumnKind, Dataset, InferredType, TypeEvidence } from './data/index.ts';
export { fetchUrl } from './data/fetch-url.ts';
export { importArrowTable } from './data/arrow-import.ts';
export { retypeTable } from './data/retype.ts';

export { ALL_RULES, correlationMatrix, profileTable, runChecks } from './validate/index.ts';
export type { CheckContext, CheckRule, Finding, Severity } from './validate/index.ts';
export { detectPii, generateSalt, scrubPii } from './validate/pii/index.ts';
export { generateContract } from './validate/contract/generate.ts';
export { checkContract } from './validate/contract/check.ts';
export { parseContract, validateContractJson } from './validate/contract/validate-json.ts';
export type { ContractCheck, ContractViolation, DataContract } from './validate/contract/types.ts';

export { normalize } from './spec/normalize.ts';
export { plan } from './spec/plan.ts';
export { parseSpec } from './spec/parse.ts';
export { inferTask } from './spec/infer-task.ts';
export type { BackendName, ExperimentSpec, ModelSpec, NormalizedSpec, SplitSpec, Task } from './spec/types.ts';

export { holdoutSplit } from './split/stratified-holdout.ts';
export {
  columnHoldout,
  describeFolds,
  groupHoldout,
  groupKFold,
  kFold,
  nestedFolds,
  orderByTime,
  repeatedFolds,
  stratifiedGroupKFold,
  stratifiedKFold,
  timeHoldout,
  timeSeriesSplit,
} from './split/index.ts';
export type { Fold, FoldsDescription, FoldSummary, NestedFold } from './split/index.ts';
export { makeSplits } from './train/make-splits.ts';
export { previewExperiment } from './train/preview-experiment.ts';
export type { ExperimentPreview, StepNote } from './train/preview-experiment.ts';
export { applyPipeline, fitPipeline, stepWithDefaults } from './features/run-pipeline.ts';
export type { FittedPipeline, FittedStep } from './features/run-pipeline.ts';
export { autoPipeline } from './features/auto-pipeline.ts';
export { featureMatrix, featureMatrixCsv } from './features/feature-matrix.ts';
export { frameFromTable, frameToMatrix } from './features/frame.ts';
export type { Frame, FrameColumn } from './features/frame.ts';
export { getModel, modelKinds } from './models/registry.ts';
export type { FitData, ModelDef, TrainedModel } from './models/types.ts';
export { runExperiment } from './train/run-experiment.ts';
export type { ExperimentResult, Predictions, RunOptions } from './train/run-experiment.ts';
export type { EpochRecord, TrainEvent } from './train/events.ts';
export { computeMetrics, getMetric, metricNames } from './evaluate/registry.ts';
export { computeReport, evaluateMetric } from './evaluate/report.ts';
export { BACKEND_ORDER, selectBackend } from './gpu/backend.ts';

export { openDb } from './track/db.ts';
export type { BenchtopDb } from './track/db.ts';
export { trackedRun } from './track/tracked-run.ts';
export type { DatasetRecord, DatasetVersionRecord, Derivation, MetricValues, RunRecord, RunStatus } from './track/types.ts';
export { compareVersions, deleteVersion, listVersions, saveVersion, versionTable } from './track/versions.ts';
export { requestPersistence, storageStatus } from './track/storage.ts';
