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
export { runSearch } from './search/run-search.ts';
export type { SearchOptions } from './search/run-search.ts';
export { sequentialExecutor } from './search/executor.ts';
export type { TrialExecutor } from './search/executor.ts';
export { evaluateTrial } from './search/evaluate-trial.ts';
export type { TrialRequest, TrialScore } from './search/evaluate-trial.ts';
export { createTrialPool } from './search/trial-pool.ts';
export type { TrialPool, TrialPort } from './search/trial-pool.ts';
export { createTrialWorker } from './search/trial-worker.ts';
export type { TrialPoolReply, TrialPoolRequest } from './search/trial-worker.ts';
export type { ParamConfig } from './search/space.ts';
export type { BestSoFarPoint, ParamImportance, SearchEvent, SearchResult, SearchState, StopReason, TrialRecord } from './search/types.ts';
export type { NormalizedSearch, ParamSpec, SearchSpace, SearchSpec } from './spec/types.ts';
export { computeMetrics, getMetric, metricNames } from './evaluate/registry.ts';
export { computeReport, evaluateMetric } from './evaluate/report.ts';
export { BACKEND_ORDER, selectBackend } from './gpu/backend.ts';

export { openDb } from './track/db.ts';
export type { BenchtopDb } from './track/db.ts';
export { trackedRun } from './track/tracked-run.ts';
export type { DatasetRecord, DatasetVersionRecord, Derivation, MetricValues, RunRecord, RunStatus } from './track/types.ts';
export { compareVersions, deleteVersion, listVersions, saveVersion, versionTable } from './track/versions.ts';
export { requestPersistence, storageStatus } from './track/storage.ts';
export { SCHEMA_VERSION } from './track/db.ts';
export type { RunMeta, RunModelRecord } from './track/types.ts';
export { getRunModel } from './track/runs.ts';
export { childRuns, listExperiments, runsInExperiment, runsWithTag, updateRunMeta } from './track/run-meta.ts';
export type { ExperimentSummary } from './track/run-meta.ts';
export {
  deleteModelVersion,
  deleteRegisteredModel,
  getModelVersion,
  getRegisteredModel,
  listModelVersions,
  listRegisteredModels,
  registerModel,
  setModelDescription,
} from './track/registry.ts';
export type { DeleteOptions, RegisterModelInput } from './track/registry.ts';
export { aliasesByVersion, aliasHistory, parseModelRef, resolveModel, rollbackAlias, setAlias } from './track/aliases.ts';
export type { AliasChange, ModelRef, SetAliasInput } from './track/aliases.ts';
export { cardRevisions, currentCard, saveCardSections } from './track/card-revisions.ts';
export { lineageOf, lineageOfVersion } from './track/lineage.ts';
export { asModelVersionId, modelVersionId } from './track/registry-types.ts';
export { importModelVersion, importedLineage } from './track/import-version.ts';
export type { ImportedBundle, ImportVersionInput } from './track/import-version.ts';
export { bundleInputFromVersion, modelCardInputFromVersion } from './export/from-model-version.ts';
export type { VersionContext } from './export/from-model-version.ts';
export type {
  AliasEvent,
  CardRevision,
  DatasetVersionSnapshot,
  Lineage,
  LineageKind,
  LineageNode,
  ModelVersionId,
  ModelVersionRecord,
  RegisteredModelRecord,
  RunSnapshot,
} from './track/registry-types.ts';
export { backupWorkspace } from './track/backup.ts';
export type { BackupOptions } from './track/backup.ts';
export { readBackup, restoreWorkspace } from './track/restore.ts';
export type { ReadBackup, RestoreConflict, RestoreOptions, RestoreReport, TableCounts } from './track/restore.ts';
export type { BackupManifest, RestoreLimits, WorkspaceTable } from './track/backup-format.ts';
export { eraseWorkspace, onStaleSchema } from './track/workspace.ts';
export type { StaleSchemaEvent } from './track/workspace.ts';

// Model bundles, scoring with them and model cards (src/core/export).
export { exportBundle, bundleFiles, examplesCsv } from './export/bundle/export-bundle.ts';
export { importBundle, validateBundle } from './export/bundle/import-bundle.ts';
export type { ImportOptions } from './export/bundle/import-bundle.ts';
export { DEFAULT_BUNDLE_LIMITS } from './export/bundle/limits.ts';
export type { BundleLimits } from './export/bundle/limits.ts';
export { exampleRows } from './export/bundle/example-rows.ts';
export { sha256Hex } from './export/bundle/sha256.ts';
export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './export/bundle/types.ts';
export type {
  Bundle,
  BundleDecision,
  BundleFile,
  BundleInput,
  BundleManifest,
  BundleMetrics,
  ExampleRows,
  InputColumn,
  Lineage as BundleLineage,
  LineageEdge as BundleLineageEdge,
  LineageNode as BundleLineageNode,
  MetricSource,
} from './export/bundle/types.ts';
export {
  bundleMatrix,
  checkScoringData,
  inputKinds,
  loadBundleModel,
  predictedLabels,
  readWithInputKinds,
  scoreWithBundle,
  scoringContract,
} from './export/score/score-with-bundle.ts';
export type { BundleScores, ScoreOptions } from './export/score/score-with-bundle.ts';
export { cardSections, modelCard } from './export/model-card/model-card.ts';
export { bundleDecision, bundleMetrics, metricSource, modelCardInputFromRun } from './export/model-card/card-input.ts';
export type { CardSource } from './export/model-card/card-input.ts';
export { CARD_SECTION_KEYS } from './export/model-card/types.ts';
export type { CardSectionKey, Datasheet, ModelCardInput } from './export/model-card/types.ts';
// batch monitoring (src/core/monitor)
export { driftReport } from './monitor/drift-report.ts';
export type { DriftCurrent, DriftReference } from './monitor/drift-report.ts';
export { defaultDriftThresholds, resolveThresholds } from './monitor/thresholds.ts';
export { monitorBatch } from './monitor/monitor-batch.ts';
export type { MonitorBatchOptions, MonitorBatchResult, MonitorModel } from './monitor/monitor-batch.ts';
export { monitorModelFromBundle } from './monitor/from-bundle.ts';
export { heldOutPredictionReference, predictionColumns, predictionReference } from './monitor/prediction-reference.ts';
export type { PredictionColumn, PredictionReference } from './monitor/prediction-reference.ts';
export { predictionsFile } from './export/predictions-file.ts';
export type { DriftReport, DriftThresholds, FeatureDrift, MonitoringRunRecord, PerformanceReport, PredictionsFormat, ShadowComparison } from './monitor/types.ts';
