/**
 * SearchApi in the studio worker. A search is a parent run: written 'running' before the first
 * trial, its record's `search` field rewritten with the resumable state after every finished
 * trial (so a reload loses at most the trials in flight), and finished with the best trial's
 * metrics. Each trial becomes a child run (parentRunId) with its cross-validated metrics; a
 * trial's fit is not kept, so child runs carry no predictions or model.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Dataset } from '../src/core/data/types.ts';
import { benchtopError, isBenchtopError, serializeError } from '../src/core/errors.ts';
import { selectBackend } from '../src/core/gpu/backend.ts';
import { asDatasetId, asRunId, type DatasetId, type RunId } from '../src/core/ids.ts';
import type { CancelSource } from '../src/core/jobs.ts';
import { runSearch } from '../src/core/search/run-search.ts';
import { createTrialPool, type TrialPool, type TrialPort } from '../src/core/search/trial-pool.ts';
import type { TrialPoolReply } from '../src/core/search/trial-worker.ts';
import type { SearchEvent, SearchResult, SearchState, TrialRecord } from '../src/core/search/types.ts';
import { applyParams } from '../src/core/spec/apply-params.ts';
import { normalize } from '../src/core/spec/normalize.ts';
import { ashaResourceField } from '../src/core/spec/normalize-search.ts';
import { parseSpec } from '../src/core/spec/parse.ts';
import { plan } from '../src/core/spec/plan.ts';
import type { ExperimentSpec, NormalizedSpec } from '../src/core/spec/types.ts';
import type { BenchtopDb } from '../src/core/track/db.ts';
import * as datasets from '../src/core/track/datasets.ts';
import { MAX_EXPERIMENT_CHARS } from '../src/core/track/run-meta.ts';
import * as runs from '../src/core/track/runs.ts';
import type { DatasetVersionId, RunEnvironment, RunRecord } from '../src/core/track/types.ts';
import { BENCHTOP_VERSION } from '../src/core/version.ts';
import type { SearchApi, SearchOutcome, SearchRunRecord } from './search-api.ts';

export interface SearchDeps {
  db: BenchtopDb;
  tf: typeof tfjs;
  loadVersion(datasetId: DatasetId, versionId: DatasetVersionId): Promise<{ ds: Dataset }>;
  withJob<T>(jobId: string, work: (cancel: CancelSource) => Promise<T>): Promise<T>;
  guarded<T>(work: () => Promise<T>): Promise<T>;
}

/** The studio worker's lock prefix (studio.worker.ts RUN_LOCK): a running run whose lock nobody holds is reaped as interrupted. */
const RUN_LOCK = 'benchtop-run:';

/**
 * Trial workers: the search's `concurrency` when it sets one (the form's "parallel trials"),
 * else every core but the one the page and this worker use; none (in-thread trials) on a single core.
 */
export function trialWorkerCount(cores: number | undefined, concurrency?: number): number {
  if (!(cores !== undefined && Number.isFinite(cores) && cores > 1)) return 0;
  return concurrency !== undefined ? Math.max(1, Math.floor(concurrency)) : Math.max(1, Math.floor(cores) - 1);
}

function browserTrialPort(k: number): TrialPort {
  const worker = new Worker(new URL('./search-trial.worker.ts', import.meta.url), { type: 'module', name: `search-trial-${k}` });
  let terminated = false;
  return {
    post: (m) => worker.postMessage(m),
    listen(onReply, onError) {
      worker.onmessage = (e: MessageEvent<TrialPoolReply>) => onReply(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        if (!terminated) onError(e.message || 'a trial worker failed to start');
      };
      worker.onmessageerror = () => onError('a trial worker could not read a message');
    },
    terminate() {
      terminated = true;
      worker.terminate();
    },
  };
}

/** The trial's experiment as runSearch builds it: the base with the trial's values, ASHA's resource, no search. */
function trialSpec(base: ExperimentSpec, t: TrialRecord, ds: Dataset): NormalizedSpec {
  const spec = applyParams(base, t.params);
  if (t.resource !== undefined) {
    const field = ashaResourceField(spec.model!.kind);
    if (field) (spec.model as unknown as Record<string, unknown>)[field] = t.resource;
  }
  return plan(spec, ds);
}

const experimentName = (name: string): string => name.trim().slice(0, MAX_EXPERIMENT_CHARS) || 'Untitled';

export function searchHandlers({ db, tf, loadVersion, withJob, guarded }: SearchDeps): SearchApi {
  /** Runs (or continues) the search of `parent` under the run lock; always leaves the parent run finished. */
  async function execute(
    parent: SearchRunRecord,
    spec: ExperimentSpec,
    ds: Dataset,
    cancel: CancelSource,
    onEvent: (e: SearchEvent) => void,
    resume?: SearchState,
  ): Promise<SearchOutcome> {
    const { search: _s, ...base } = normalize(spec);
    const cores = (self.navigator as Navigator | undefined)?.hardwareConcurrency;
    const workers = trialWorkerCount(cores, spec.search?.concurrency);
    // Pool trials run on the trial workers' cpu backend (search-trial.worker.ts); in-thread ones on the parent's.
    const env: RunEnvironment = workers > 0 ? { ...parent.env, backend: 'cpu' } : parent.env;
    if (workers > 0) delete env.adapter;
    const elapsedBefore = resume?.elapsedMs ?? 0;
    const t0 = performance.now();
    const trials: TrialRecord[] = [...(resume?.trials ?? [])];
    // Database writes run one after another, in the order the trials finished.
    let writes: Promise<unknown> = Promise.resolve();
    const enqueue = (w: () => Promise<unknown>) => (writes = writes.then(w).catch(() => {}));

    const childRun = (t: TrialRecord): RunRecord => {
      const finishedAt = Date.now();
      let childSpec: NormalizedSpec;
      try {
        childSpec = trialSpec(base, t, ds);
      } catch {
        childSpec = parent.spec;
      }
      return {
        id: asRunId(crypto.randomUUID()),
        spec: childSpec,
        datasetId: parent.datasetId,
        ...(parent.datasetVersionId ? { datasetVersionId: parent.datasetVersionId } : {}),
        datasetName: parent.datasetName,
        status: t.status,
        startedAt: finishedAt - t.durationMs,
        finishedAt,
        durationMs: t.durationMs,
        seed: childSpec.seed,
        env,
        ...(t.metrics ? { metrics: t.metrics } : {}),
        ...(t.error ? { error: t.error } : {}),
        history: [],
        ...(parent.experiment ? { experiment: parent.experiment } : {}),
        tags: [`trial ${t.trial + 1}`],
        parentRunId: parent.id,
      };
    };

    const listen = (e: SearchEvent) => {
      if (e.type === 'trial' && !e.resumed) {
        trials.push(e.trial);
        const state: SearchState = { version: 1, spec, datasetFingerprint: ds.fingerprint, elapsedMs: elapsedBefore + (performance.now() - t0), trials: [...trials] };
        const child = childRun(e.trial);
        // One transaction: a reload between the two writes left a child run that the saved
        // state did not list, so a resumed search ran that trial again (13 children of 12 trials).
        enqueue(() =>
          db.transaction('rw', db.runs, async () => {
            await runs.startRun(db, child);
            await db.runs.update(parent.id, { search: state } as Partial<RunRecord>);
          }),
        );
      }
      onEvent(e);
    };

    let pool: TrialPool | undefined;
    let result: SearchResult | undefined;
    let failure: unknown;
    try {
      pool = workers > 0 ? createTrialPool(ds, Array.from({ length: workers }, (_, k) => browserTrialPort(k))) : undefined;
      result = await runSearch(ds, spec, { tf, cancel, onEvent: listen, ...(pool ? { executor: pool } : {}), ...(resume ? { resume } : {}) });
    } catch (e) {
      failure = e;
    } finally {
      pool?.dispose();
    }
    await writes;
    const finishedAt = Date.now();
    const finished: SearchRunRecord = { ...parent, finishedAt, durationMs: finishedAt - parent.startedAt };
    if (result) {
      finished.status = result.stopReason === 'cancelled' ? 'cancelled' : 'done';
      finished.search = result.state;
      if (result.best?.metrics) finished.metrics = result.best.metrics;
      if (result.finalTest) finished.finalTest = { ...result.finalTest, key: `search:${parent.id}`, evaluation: 1 };
      delete finished.error;
    } else {
      const cancelled = isBenchtopError(failure) && failure.code === 'cancelled';
      finished.status = cancelled ? 'cancelled' : 'failed';
      finished.error = serializeError(failure);
      const saved = (await db.runs.get(parent.id)) as SearchRunRecord | undefined;
      if (saved?.search) finished.search = saved.search;
    }
    await runs.finishRun(db, finished);
    if (!result) throw failure;
    return { run: finished, result };
  }

  /** Hold the run's lock while it runs, so another tab's reaper does not mark it interrupted. */
  function locked<T>(runId: RunId, work: () => Promise<T>): Promise<T> {
    const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? (locks.request(RUN_LOCK + runId, work) as Promise<T>) : work();
  }

  async function parentRun(ds: Dataset, planned: NormalizedSpec, datasetId: DatasetId, versionId: DatasetVersionId): Promise<SearchRunRecord> {
    const active = await selectBackend(tf, planned.backend);
    const env: RunEnvironment = {
      backend: active.backend,
      ...(active.adapter ? { adapter: active.adapter } : {}),
      userAgent: self.navigator.userAgent,
      benchtop: BENCHTOP_VERSION,
      tfjs: tf.version.tfjs,
    };
    return {
      id: asRunId(crypto.randomUUID()),
      spec: planned,
      datasetId,
      datasetVersionId: versionId,
      datasetName: ds.name,
      status: 'running',
      startedAt: Date.now(),
      seed: planned.seed,
      env,
      history: [],
      experiment: experimentName(ds.name),
      tags: ['search'],
    };
  }

  return {
    search: (datasetId, spec, jobId, onEvent) =>
      guarded(() =>
        withJob(jobId, async (cancel) => {
          const checked = parseSpec(spec);
          if (!checked.search) throw benchtopError('spec_invalid', { field: 'search', reason: 'the experiment has no search; add "search": {"space": {...}}' });
          const record = await datasets.getDataset(db, asDatasetId(datasetId));
          const { ds } = await loadVersion(record.id, record.currentVersionId);
          // A spec that does not fit the data is an input error: reported, not recorded.
          const planned = plan(checked, ds);
          const parent = await parentRun(ds, planned, record.id, record.currentVersionId);
          await runs.startRun(db, parent);
          return locked(parent.id, () => execute(parent, checked, ds, cancel, onEvent));
        }),
      ),

    resumeSearch: (parentRunId, jobId, onEvent) =>
      guarded(() =>
        withJob(jobId, async (cancel) => {
          const saved = (await runs.getRun(db, asRunId(parentRunId))) as SearchRunRecord;
          const state = saved.search;
          if (!state) throw benchtopError('search_resume_mismatch', { reason: 'this run is not a search, or it stopped before any trial finished' });
          if (!saved.datasetVersionId) throw benchtopError('run_artifacts_missing');
          const { ds } = await loadVersion(saved.datasetId, saved.datasetVersionId);
          const parent: SearchRunRecord = { ...saved, status: 'running' };
          delete parent.error;
          await runs.startRun(db, parent);
          return locked(parent.id, () => execute(parent, state.spec, ds, cancel, onEvent, state));
        }),
      ),
  };
}
