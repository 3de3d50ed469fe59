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
import type { EnvironmentInfo, SampleInfo, StudioApi, TaskGuess } from './api.ts';
import { benchtopError, serializeError } from '../src/core/errors.ts';
import { asDatasetId, asRunId, type DatasetId, type RunId } from '../src/core/ids.ts';
import { CancelSource } from '../src/core/jobs.ts';
import { ingest } from '../src/core/data/ingest.ts';
import { ipcToTable, tableToIpc } from '../src/core/data/fingerprint.ts';
import type { Dataset } from '../src/core/data/types.ts';
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
import { trackedRun } from '../src/core/track/tracked-run.ts';
import type { DatasetRecord } from '../src/core/track/types.ts';
import { BENCHTOP_VERSION } from '../src/core/version.ts';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const db = openDb();
const jobs = new Map<string, CancelSource>();
/** Decoded tables of recently used datasets: decoding IPC is cheap, but not free for 100k rows. */
const cache = new Map<DatasetId, Dataset>();
const CACHE_SIZE = 4;
const RUN_LOCK = 'benchtop-run:';
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

function remember(ds: Dataset): void {
  const id = asDatasetId(ds.fingerprint);
  cache.delete(id);
  cache.set(id, ds);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

async function loadDataset(id: DatasetId): Promise<Dataset> {
  const hit = cache.get(id);
  if (hit) return hit;
  const record = await datasets.getDataset(db, id);
  const table = ipcToTable(await datasets.datasetBytes(db, id));
  const ds: Dataset = { name: record.name, table, columns: record.columns, rows: record.rows, fingerprint: id };
  remember(ds);
  return ds;
}

async function store(ds: Dataset, source: DatasetRecord['source']): Promise<DatasetRecord> {
  const bytes = tableToIpc(ds.table);
  const existing = await db.datasets.get(asDatasetId(ds.fingerprint));
  const record: DatasetRecord = {
    id: asDatasetId(ds.fingerprint),
    name: ds.name,
    source,
    rows: ds.rows,
    columns: ds.columns,
    bytes: bytes.byteLength,
    createdAt: existing?.createdAt ?? Date.now(),
  };
  await datasets.saveDataset(db, record, bytes);
  remember(ds);
  return record;
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

const api: StudioApi = {
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

  importFile: (file, jobId, onProgress) =>
    guarded(() =>
      withJob(jobId, async (cancel) => {
        const ds = await ingest(file, { name: file.name, onProgress, cancel });
        return store(ds, 'file');
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
        return store({ ...ds, name: sample.name }, 'sample');
      }),
    ),

  listDatasets: () => guarded(() => datasets.listDatasets(db)),

  datasetTable: (id) =>
    guarded(async () => {
      const bytes = tableToIpc((await loadDataset(asDatasetId(id))).table);
      return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
    }),

  deleteDataset: (id) =>
    guarded(async () => {
      cache.delete(asDatasetId(id));
      await datasets.deleteDataset(db, asDatasetId(id));
    }),

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
        const ds = await loadDataset(asDatasetId(datasetId));
        const runId: RunId = asRunId(crypto.randomUUID());
        const work = () =>
          trackedRun(db, ds, checked, {
            tf,
            runId,
            cancel,
            onEvent: (e) => {
              if (e.type === 'backend') watchGpuDevice();
              void onEvent(e);
            },
            host: { userAgent: self.navigator.userAgent, benchtop: BENCHTOP_VERSION },
          });
        const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
        const outcome = locks ? await locks.request(RUN_LOCK + runId, work) : await work();
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

  deleteRun: (id) => guarded(() => runs.deleteRun(db, asRunId(id))),
};

Comlink.expose(api);
