/**
 * The studio worker: a thin adapter from StudioApi (workers/api.ts) to the core. Everything
 * slow — parsing, training, scoring, storage — happens here, off the main thread.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { EnvironmentInfo, ImportOptions, ImportResult, QualityReport, SampleInfo, StudioApi, TaskGuess } from './api.ts';
import { benchtopError, serializeError } from '../src/core/errors.ts';
import { asDatasetId, asRunId, type DatasetId, type RunId } from '../src/core/ids.ts';
import { CancelSource } from '../src/core/jobs.ts';
import { ingest } from '../src/core/data/ingest.ts';
import type { ColumnKind, Dataset } from '../src/core/data/types.ts';
import { fetchUrl } from '../src/core/data/fetch-url.ts';
import { retypeTable } from '../src/core/data/retype.ts';
import { fingerprintTable, tableToIpc } from '../src/core/data/fingerprint.ts';
import type { Progress, ProgressFn } from '../src/core/jobs.ts';
import { ALL_RULES, correlationMatrix, profileTable, runChecks } from '../src/core/validate/index.ts';
import { detectPii, generateSalt, scrubPii } from '../src/core/validate/pii/index.ts';
import type { PiiAction, PiiReport } from '../src/core/validate/pii/types.ts';
import { generateContract } from '../src/core/validate/contract/generate.ts';
import { checkContract } from '../src/core/validate/contract/check.ts';
import { parseContract } from '../src/core/validate/contract/validate-json.ts';
import * as versions from '../src/core/track/versions.ts';
import { storageStatus } from '../src/core/track/storage.ts';
import { selectBackend } from '../src/core/gpu/backend.ts';
import type { BackendName, NormalizedSpec } from '../src/core/spec/types.ts';
import { inferTask } from '../src/core/spec/infer-task.ts';
import { parseSpec } from '../src/core/spec/parse.ts';
import { plan } from '../src/core/spec/plan.ts';
import { featureMatrix, featureMatrixCsv, featureMatrixKey, type FeatureMatrix } from '../src/core/features/feature-matrix.ts';
import { previewExperiment } from '../src/core/train/preview-experiment.ts';
import { learningCurve } from '../src/core/train/learning-curve.ts';
import { sanityForSpec } from '../src/core/train/sanity-for-spec.ts';
import { encodeTarget } from '../src/core/train/encode-target.ts';
import { openDb } from '../src/core/track/db.ts';
import * as datasets from '../src/core/track/datasets.ts';
import * as runs from '../src/core/track/runs.ts';
import { updateRunMeta } from '../src/core/track/run-meta.ts';
import { trackedRun } from '../src/core/track/tracked-run.ts';
import { workspaceHandlers } from './workspace-handlers.ts';
import { registryHandlers } from './registry-handlers.ts';
import { monitorHandlers } from './monitor-handlers.ts';
import { searchHandlers } from './search-handlers.ts';
import { shareHandlers } from './share-handlers.ts';
import { poolWhenLarge } from '../src/core/models/gbdt/pool-when-large.ts';
import { browserHistogramPool } from './gbdt-pool.ts';
import { asDatasetVersionId, type DatasetRecord, type DatasetVersionId, type DatasetVersionRecord, type RunRecord } from '../src/core/track/types.ts';
import { evaluateRun } from '../src/core/evaluate/run-evaluation/evaluate-run.ts';
import { explainFit } from '../src/core/evaluate/run-evaluation/explain-run.ts';
import { compareRuns } from '../src/core/evaluate/run-evaluation/compare-runs.ts';
import { fitRows } from '../src/core/evaluate/run-evaluation/fit-rows.ts';
import { refitReported } from '../src/core/train/refit-reported.ts';
import type { FittedPipeline } from '../src/core/features/run-pipeline.ts';
import type { TrainedModel } from '../src/core/models/types.ts';
import { BENCHTOP_VERSION } from '../src/core/version.ts';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// Threaded wasm starts its pthreads from blob: URLs, which the Content-Security-Policy refuses
// (workers come from this origin only): the wasm backend runs single-threaded, with SIMD.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

const db = openDb();
const jobs = new Map<string, CancelSource>();

/** A stored dataset's current version, decoded: what every job on the dataset works with. */
interface Loaded {
  ds: Dataset;
  datasetId: DatasetId;
  version: DatasetVersionRecord;
}

/** Decoded tables of recently used versions: decoding IPC is cheap, but not free for 100k rows. */
const cache = new Map<DatasetVersionId, Loaded>();
const CACHE_SIZE = 4;
const RUN_LOCK = 'benchtop-run:';
/**
 * Tree models build histograms on every core (nested workers) once the table is big enough.
 * The WebGPU histogram builder exists (src/core/models/gbdt/gpu) but is not the default: it has
 * not been measured on a real GPU yet, and on a software adapter it is far slower than the CPU.
 */
const treeHistograms = poolWhenLarge(browserHistogramPool());
const sampleBase = new URL(`${import.meta.env.BASE_URL}static/samples/`, self.location.origin);

/** Comlink passes Error name and message across: the name carries the stable code. */
function coded(e: unknown): Error {
  const s = serializeError(e);
  const err = new Error(s.message);
  err.name = s.code;
  return err;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw coded(e);
  }
}

function remember(entry: Loaded): void {
  cache.delete(entry.version.id);
  cache.set(entry.version.id, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

async function loadVersion(datasetId: DatasetId, versionId: DatasetVersionId): Promise<Loaded> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const record = await datasets.getDataset(db, datasetId);
  const version = await versions.getVersion(db, versionId);
  const table = await versions.versionTable(db, versionId);
  const ds: Dataset = { name: record.name, table, columns: version.columns, rows: version.rows, fingerprint: version.fingerprint };
  const entry = { ds, datasetId, version };
  remember(entry);
  return entry;
}

async function loadCurrent(datasetId: string): Promise<Loaded> {
  const id = asDatasetId(datasetId);
  const record = await datasets.getDataset(db, id);
  return loadVersion(id, record.currentVersionId);
}

async function loadDataset(id: DatasetId): Promise<Dataset> {
  return (await loadCurrent(id)).ds;
}

async function store(ds: Dataset, source: DatasetRecord['source'], detail = `Imported ${ds.name}`): Promise<ImportResult & { status: 'saved' }> {
  const notes = ds.notes ?? [];
  const saved = await versions.saveVersion(db, {
    dataset: { id: asDatasetId(ds.fingerprint), name: ds.name, source },
    derivation: { kind: 'import', detail },
    columns: ds.columns,
    fingerprint: ds.fingerprint,
    table: ds.table,
    source: { name: ds.name, ...(ds.encoding ? { encoding: ds.encoding } : {}), ...(notes.length ? { notes: notes.join(' ') } : {}) },
  });
  remember({ ds, datasetId: saved.dataset.id, version: saved.version });
  return { status: 'saved', dataset: saved.dataset, version: saved.version, notes };
}

/** Imports parsed but not yet stored, waiting for the user's PII decisions. Held in memory only. */
const staged = new Map<string, Dataset>();
const STAGED_MAX = 2;

const hasPii = (report: PiiReport): boolean => report.columns.some((c) => c.findings.length > 0);

/** Apply PII actions to a parsed dataset: the scrubbed table is what gets stored, never the raw one. */
async function scrubbed(ds: Dataset, actions: readonly PiiAction[], cancel?: CancelSource): Promise<{ ds: Dataset; detail: string }> {
  if (actions.length === 0) return { ds, detail: '' };
  const result = await scrubPii(ds.table, actions, { salt: generateSalt(), columns: ds.columns, ...(cancel ? { cancel } : {}) });
  const columns = result.columns ?? ds.columns;
  const fingerprint = await fingerprintTable(result.table);
  const detail = actions.map((a) => `${a.action} "${a.column}"`).join(', ');
  return { ds: { ...ds, table: result.table, columns, fingerprint }, detail };
}

/** Parsed file -> stored dataset, unless PII needs the user's decision first (then it is staged). */
async function finishImport(ds: Dataset, options: ImportOptions | undefined, cancel: CancelSource): Promise<ImportResult> {
  if (options?.pii) {
    const { ds: clean, detail } = await scrubbed(ds, options.pii, cancel);
    return store(clean, 'file', detail ? `Imported ${ds.name} (PII: ${detail})` : undefined);
  }
  const pii = await detectPii(ds.table, ds.columns, { cancel });
  if (!hasPii(pii)) return store(ds, 'file');
  const stageId = crypto.randomUUID();
  staged.set(stageId, ds);
  while (staged.size > STAGED_MAX) staged.delete(staged.keys().next().value!);
  return { status: 'review', stageId, name: ds.name, rows: ds.rows, columns: ds.columns, pii, notes: ds.notes ?? [] };
}

function ingestOptions(name: string, options: ImportOptions | undefined, onProgress: ProgressFn, cancel: CancelSource) {
  return {
    name,
    onProgress,
    cancel,
    ...(options?.missingTokens ? { missingTokens: options.missingTokens } : {}),
    ...(options?.kinds ? { kinds: Object.fromEntries(options.kinds) as Record<string, ColumnKind> } : {}),
    ...(options?.renameDuplicateHeaders ? { renameDuplicateHeaders: true } : {}),
  };
}

/** A new version of a dataset derived from its current one. */
async function deriveVersion(
  loaded: Loaded,
  table: Dataset['table'],
  columns: Dataset['columns'],
  derivation: DatasetVersionRecord['derivation'],
): Promise<DatasetRecord> {
  const fingerprint = await fingerprintTable(table);
  const saved = await versions.saveVersion(db, {
    dataset: loaded.datasetId,
    parentId: loaded.version.id,
    derivation,
    columns,
    fingerprint,
    table,
  });
  return saved.dataset;
}

async function withJob<T>(jobId: string, work: (c: CancelSource) => Promise<T>): Promise<T> {
  const cancel = new CancelSource();
  jobs.set(jobId, cancel);
  try {
    return await work(cancel);
  } finally {
    jobs.delete(jobId);
  }
}

/** Runs whose Web Lock is not held by any tab were left 'running' by a closed tab or a dead worker. */
async function reapInterrupted(): Promise<void> {
  const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return;
  const held = new Set(((await locks.query()).held ?? []).map((l) => l.name));
  await runs.markInterrupted(db, (id) => held.has(RUN_LOCK + id));
}

let samples: Promise<SampleInfo[]> | null = null;

/**
 * Fitted models of the last runs trained in this worker (the run's reported fit), for
 * explanations without a refit. A model holds GPU memory, so only a few stay; the evicted one
 * is disposed. A run not here is refitted deterministically when it is explained.
 */
interface KeptFit {
  model: TrainedModel;
  pipeline: FittedPipeline;
  /** The fold its held-out rows carry in the run's predictions: 0, or -1 for a final-test refit. */
  fold: number;
}
const fits = new Map<string, KeptFit>();
const FITS_SIZE = 3;

function keepFit(runId: string, fit: KeptFit): void {
  const old = fits.get(runId);
  if (old && old.model !== fit.model) old.model.dispose();
  fits.delete(runId);
  fits.set(runId, fit);
  while (fits.size > FITS_SIZE) {
    const [id, evicted] = fits.entries().next().value!;
    fits.delete(id);
    evicted.model.dispose();
  }
}

function dropFit(runId: string): void {
  fits.get(runId)?.model.dispose();
  fits.delete(runId);
}

/** The dataset version a run was trained on (what its predictions' rows index). */
async function runDataset(run: RunRecord): Promise<Dataset> {
  if (!run.datasetVersionId) throw benchtopError('run_artifacts_missing');
  return (await loadVersion(run.datasetId, run.datasetVersionId)).ds;
}

/**
 * The last feature matrix: the plan panel asks for it after every settled form change, and
 * fitting it on 100k rows takes ~0.6 s of worker time; most edits (epochs, learning rate,
 * backend, split) cannot change it.
 */
let lastFeatures: { key: string; matrix: FeatureMatrix } | null = null;

function featuresFor(ds: Dataset, spec: NormalizedSpec): FeatureMatrix {
  const key = featureMatrixKey(ds, spec);
  if (lastFeatures?.key !== key) lastFeatures = { key, matrix: featureMatrix(ds, spec) };
  return lastFeatures.matrix;
}

/**
 * Which backends this browser can run, in preference order, without initialising any tfjs
 * backend: initialising all four (a WebGL context, the wasm binary, a WebGPU device) only to
 * label the backend menu held the worker for over a second at start-up. The backend a job
 * uses is initialised when the job selects it.
 */
async function probeBackends(): Promise<{ backends: BackendName[]; adapter?: string }> {
  const backends: BackendName[] = [];
  let adapter: string | undefined;
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  const found = gpuLost ? null : await gpu?.requestAdapter().catch(() => null);
  if (found) {
    backends.push('webgpu');
    adapter = [found.info.vendor, found.info.architecture].filter(Boolean).join(' / ') || 'unknown adapter';
  }
  if (typeof OffscreenCanvas !== 'undefined') {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (gl) {
      backends.push('webgl');
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  }
  if (typeof WebAssembly === 'object') backends.push('wasm');
  backends.push('cpu');
  return adapter ? { backends, adapter } : { backends };
}

/** Set when the WebGPU device is lost: the backend is dropped so later runs fall back to webgl/wasm/cpu. */
let gpuLost: string | null = null;
let watchedDevice: GPUDevice | null = null;

function watchGpuDevice(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  if (!device || device === watchedDevice) return;
  watchedDevice = device;
  void device.lost.then((info) => {
    gpuLost = `${info.reason}: ${info.message || 'no detail'}`;
    // A lost device never comes back in this worker; make 'auto' skip it from now on.
    if (tf.findBackend('webgpu')) tf.removeBackend('webgpu');
    const lost = benchtopError('gpu_device_lost', { reason: gpuLost });
    for (const job of jobs.values()) job.cancel(lost);
  });
}

const workspace = workspaceHandlers({
  db,
  guarded,
  withJob,
  forget: () => {
    cache.clear();
    for (const f of fits.values()) f.model.dispose();
    fits.clear();
  },
});

const api: StudioApi = {
  ...workspace,
  ...registryHandlers({ db, tf, loadVersion, withJob, guarded }),
  ...monitorHandlers({ db, tf, loadVersion, withJob, guarded }),
  ...searchHandlers({ db, tf, loadVersion, withJob, guarded }),
  ...shareHandlers({ db, guarded, withJob, store, listSamples: () => api.listSamples(), sampleBase }),
  environment: () =>
    guarded(async (): Promise<EnvironmentInfo> => {
      const { backends, adapter } = await probeBackends();
      return { backends, preferred: backends[0] ?? 'cpu', ...(adapter ? { adapter } : {}), tfjs: tf.version.tfjs };
    }),

  listSamples: () =>
    guarded(async () => {
      samples ??= fetch(new URL('index.json', sampleBase)).then((r) => {
        if (!r.ok) throw benchtopError('file_read_failed', { name: 'samples/index.json', reason: `HTTP ${r.status}` });
        return r.json() as Promise<SampleInfo[]>;
      });
      return samples;
    }),

  importFile: (file, jobId, onProgress, options) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const ds = await ingest(file, ingestOptions(file.name, options, onProgress, cancel));
        return finishImport(ds, options, cancel);
      }),
    ),

  importUrl: (url, jobId, onProgress, options) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const download = (p: Progress) => onProgress({ ...p, phase: 'download' });
        const fetched = await fetchUrl(url, { cancel, onProgress: download });
        const ds = await ingest(fetched.bytes, ingestOptions(fetched.name, options, onProgress, cancel));
        return finishImport(ds, options, cancel);
      }),
    ),

  importSample: (sampleId, jobId, onProgress) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const sample = (await api.listSamples()).find((s) => s.id === sampleId);
        if (!sample) throw benchtopError('file_read_failed', { name: sampleId, reason: 'no such sample' });
        const res = await fetch(new URL(sample.file, sampleBase));
        if (!res.ok) throw benchtopError('file_read_failed', { name: sample.file, reason: `HTTP ${res.status}` });
        const ds = await ingest(await res.blob(), { name: sample.file, onProgress, cancel });
        return (await store({ ...ds, name: sample.name }, 'sample', `Imported the bundled sample ${sample.file}`)).dataset;
      }),
    ),

  commitImport: (stageId, actions) =>
    guarded(async () => {
      const ds = staged.get(stageId);
      if (!ds) throw benchtopError('import_not_staged');
      const { ds: clean, detail } = await scrubbed(ds, actions);
      const result = await store(clean, 'file', detail ? `Imported ${ds.name} (PII: ${detail})` : undefined);
      staged.delete(stageId);
      return result;
    }),

  discardImport: async (stageId) => {
    staged.delete(stageId);
  },

  listDatasets: () => guarded(() => datasets.listDatasets(db)),

  datasetTable: (id) =>
    guarded(async () => {
      const bytes = tableToIpc((await loadCurrent(id)).ds.table);
      return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
    }),

  deleteDataset: (id) =>
    guarded(async () => {
      for (const [key, entry] of cache) if (entry.datasetId === id) cache.delete(key);
      await datasets.deleteDataset(db, asDatasetId(id));
    }),

  qualityReport: (datasetId, target, jobId, onProgress) =>
    guarded(() =>
      withJob(jobId, async (cancel): Promise<QualityReport> => {
        const { ds, version } = await loadCurrent(datasetId);
        // Phases in order: profile, checks, correlation, pii (each 0..1).
        const profile = await profileTable(ds.table, ds.columns, { cancel, onProgress });
        onProgress({ phase: 'checks', fraction: 0 });
        const findings = await runChecks({ table: ds.table, columns: ds.columns, ...(target ? { target } : {}) }, ALL_RULES, { cancel });
        onProgress({ phase: 'correlation', fraction: 0 });
        const numeric = ds.columns.filter((c) => c.kind === 'numeric' && c.name !== target).length;
        const correlation = numeric >= 2 ? await correlationMatrix(ds.table, ds.columns, { method: 'pearson', cancel }) : null;
        onProgress({ phase: 'pii', fraction: 0 });
        const pii = await detectPii(ds.table, ds.columns, { cancel });
        return { datasetId, versionId: version.id, ...(target ? { target } : {}), profile, findings, correlation, pii };
      }),
    ),

  listVersions: (datasetId) => guarded(() => versions.listVersions(db, asDatasetId(datasetId))),

  compareVersions: (a, b) => guarded(() => versions.compareVersions(db, asDatasetVersionId(a), asDatasetVersionId(b))),

  deleteVersion: (versionId, force) =>
    guarded(async () => {
      cache.delete(asDatasetVersionId(versionId));
      await versions.deleteVersion(db, asDatasetVersionId(versionId), { force });
    }),

  setCurrentVersion: (datasetId, versionId) =>
    guarded(() => versions.setCurrentVersion(db, asDatasetId(datasetId), asDatasetVersionId(versionId))),

  retypeColumns: (datasetId, kinds) =>
    guarded(async () => {
      const loaded = await loadCurrent(datasetId);
      const { table, columns } = retypeTable(loaded.ds.table, loaded.ds.columns, new Map(kinds));
      const detail = kinds.map(([name, kind]) => `"${name}" read as ${kind}`).join(', ');
      return deriveVersion(loaded, table, columns, {
        kind: 'type-override',
        detail: `Type override: ${detail}`,
        params: { kinds: kinds.map(([column, kind]) => ({ column, kind })) },
      });
    }),

  scrubColumns: (datasetId, actions) =>
    guarded(async () => {
      const loaded = await loadCurrent(datasetId);
      const { ds, detail } = await scrubbed(loaded.ds, actions);
      return deriveVersion(loaded, ds.table, ds.columns, {
        kind: 'pii-scrub',
        detail: `PII scrub: ${detail} (hash salt not stored)`,
        params: { actions: actions.map((a) => ({ column: a.column, action: a.action })) },
      });
    }),

  contractFor: (versionId) =>
    guarded(async () => {
      const version = await versions.getVersion(db, asDatasetVersionId(versionId));
      if (version.contract) return { contract: version.contract, saved: true };
      const { ds } = await loadVersion(version.datasetId, version.id);
      const contract = generateContract(ds.table, ds.columns, { datasetName: ds.name, fingerprint: version.fingerprint, versionId: version.id });
      return { contract, saved: false };
    }),

  saveContract: (versionId, json) =>
    guarded(async () => {
      const contract = parseContract(json);
      const version = await versions.setVersionContract(db, asDatasetVersionId(versionId), contract);
      for (const entry of cache.values()) if (entry.version.id === version.id) entry.version = version;
      return contract;
    }),

  checkContract: (versionId, file, jobId, onProgress) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const { contract } = await api.contractFor(versionId);
        const ds = await ingest(file, { name: file.name, onProgress, cancel });
        return { name: file.name, rows: ds.rows, check: checkContract(ds.table, ds.columns, contract) };
      }),
    ),

  storageStatus: () => guarded(() => storageStatus()),

  guessTask: (datasetId, target) =>
    guarded(async (): Promise<TaskGuess> => {
      const ds = await loadDataset(asDatasetId(datasetId));
      const guess = inferTask(ds, target);
      if (guess.task === 'regression') return guess;
      return { ...guess, classes: encodeTarget(ds.table, target, 'multiclass').classes };
    }),

  previewExperiment: (datasetId, spec) =>
    guarded(async () => previewExperiment(await loadDataset(asDatasetId(datasetId)), parseSpec(spec))),

  previewFeatures: (datasetId, spec, limit) =>
    guarded(async () => {
      const ds = await loadDataset(asDatasetId(datasetId));
      const m = featuresFor(ds, plan(parseSpec(spec), ds));
      const d = m.names.length;
      const n = Math.min(limit, m.rows.length);
      return {
        names: m.names,
        rows: Array.from(m.rows.subarray(0, n)),
        values: Array.from({ length: n }, (_, i) => Array.from(m.X.subarray(i * d, (i + 1) * d))),
        total: m.rows.length,
      };
    }),

  featuresCsv: (datasetId, spec) =>
    guarded(async () => {
      const ds = await loadDataset(asDatasetId(datasetId));
      return featureMatrixCsv(featuresFor(ds, plan(parseSpec(spec), ds)));
    }),

  train: (datasetId, spec, jobId, onEvent) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        // Whatever reaches the worker is checked against the schema, as a spec from a link will be.
        const checked = parseSpec(spec);
        const { ds, datasetId: storedId, version } = await loadCurrent(datasetId);
        const runId: RunId = asRunId(crypto.randomUUID());
        const work = () =>
          trackedRun(db, ds, checked, {
            tf,
            runId,
            cancel,
            keepModel: true,
            histograms: treeHistograms,
            source: { datasetId: storedId, versionId: version.id },
            onEvent: (e) => {
              if (e.type === 'backend') watchGpuDevice();
              void onEvent(e);
            },
            host: { userAgent: self.navigator.userAgent, benchtop: BENCHTOP_VERSION },
          });
        const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
        const outcome = locks ? await locks.request(RUN_LOCK + runId, work) : await work();
        const result = outcome.result;
        if (result?.model) {
          if (outcome.run.status === 'done') keepFit(runId, { model: result.model, pipeline: result.pipeline, fold: result.finalTest ? -1 : 0 });
          else result.model.dispose();
        }
        return outcome.run;
      }),
    ),

  learningCurve: (datasetId, spec, jobId, onPoint) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const ds = await loadDataset(asDatasetId(datasetId));
        const normalized = plan(parseSpec(spec), ds);
        await selectBackend(tf, normalized.backend);
        return learningCurve(ds, normalized, { tf, cancel, onPoint });
      }),
    ),

  sanityChecks: (datasetId, spec) =>
    guarded(async () => {
      const ds = await loadDataset(asDatasetId(datasetId));
      const normalized = plan(parseSpec(spec), ds);
      await selectBackend(tf, normalized.backend);
      return sanityForSpec(ds, normalized, tf);
    }),

  cancel: async (jobId) => {
    jobs.get(jobId)?.cancel();
  },

  listRuns: () =>
    guarded(async () => {
      await reapInterrupted();
      return runs.listRuns(db);
    }),

  getRun: (id) => guarded(() => runs.getRun(db, asRunId(id))),

  deleteRun: (id) =>
    guarded(async () => {
      dropFit(id);
      await runs.deleteRun(db, asRunId(id));
    }),

  updateRunMeta: (runId, patch) => guarded(() => updateRunMeta(db, asRunId(runId), patch)),

  evaluateRun: (runId, request, jobId, onProgress) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const id = asRunId(runId);
        const run = await runs.getRun(db, id);
        const artifacts = await runs.getRunArtifacts(db, id);
        const ds = await runDataset(run);
        return evaluateRun({ run, artifacts, source: ds, request, cancel, onProgress: (p) => void onProgress(p) });
      }),
    ),

  explainRun: (runId, request, jobId, onProgress) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const id = asRunId(runId);
        const run = await runs.getRun(db, id);
        const artifacts = await runs.getRunArtifacts(db, id);
        const ds = await runDataset(run);
        let fit = fits.get(runId);
        const how = fit ? 'kept' : 'refit';
        if (!fit) {
          // Same spec, same dataset version, same seed and backend: the same model the run reported.
          onProgress({ phase: 'refit', fraction: -1, message: 'refitting the run’s model' });
          await selectBackend(tf, run.env.backend as BackendName);
          const r = await refitReported(ds, run.spec, {
            tf,
            cancel,
            histograms: treeHistograms,
            onEvent: (e) => {
              if (e.type === 'epoch') void onProgress({ phase: 'refit', fraction: e.record.epoch / Math.max(1, e.totalEpochs), message: 'refitting the run’s model' });
            },
          });
          fit = { model: r.model, pipeline: r.pipeline, fold: r.fold };
          keepFit(runId, fit);
        } else {
          fits.delete(runId);
          fits.set(runId, fit);
        }
        const { rows, yTrue, trainRows } = fitRows(artifacts, fit.fold, ds.table.numRows);
        const explanation = await explainFit({
          spec: run.spec,
          ...(artifacts.classes ? { classes: artifacts.classes } : {}),
          fit,
          source: ds,
          rows,
          yTrue,
          trainRows,
          request,
          cancel,
          onProgress: (p) => void onProgress(p),
        });
        const which = fit.fold < 0 ? 'the model refitted for the locked final test set' : run.spec.split.kind === 'kfold' ? 'the first fold’s model' : 'the holdout model';
        const notes = [
          `Explains ${which}${how === 'refit' ? ', refitted deterministically (same spec, dataset version, seed and backend) because it was no longer in memory' : ''}, on the ${rows.length} rows it was scored on.`,
        ];
        return { explanation, model: how, notes };
      }),
    ),

  compareRuns: (a, b, metric, jobId, onProgress) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const load = async (runId: string) => {
          const id = asRunId(runId);
          return { run: await runs.getRun(db, id), artifacts: await runs.getRunArtifacts(db, id) };
        };
        return compareRuns(await load(a), await load(b), metric, { cancel, onProgress: (p) => void onProgress(p) });
      }),
    ),

  saveRowNote: (runId, row, text) => guarded(() => runs.saveRowNote(db, asRunId(runId), row, text)),

  saveDecision: (runId, decision) => guarded(() => runs.saveDecision(db, asRunId(runId), decision)),
};

Comlink.expose(api);
