import type { EnvironmentInfo, SampleInfo } from '../../../workers/api.ts';
import type { StaleSchemaEvent } from '../../../workers/workspace-api.ts';
import type { DatasetRecord, RunRecord } from '../../core/track/types.ts';
import { pointCallback, studio, toUiError, type Studio, type UiError } from '../worker-client.ts';
import { Diagnostics } from './Diagnostics.svelte.ts';
import { ExperimentPlan } from './ExperimentPlan.svelte.ts';
import { ImportJob } from './ImportJob.svelte.ts';
import { TrainingJob } from './TrainingJob.svelte.ts';

/** The app's shared state: what is stored (datasets, runs), the environment, and the error banner. */
export class StudioState {
  readonly api: Studio;
  readonly importJob: ImportJob;
  // A cache, not state: each TrainingJob is reactive itself, and nothing renders the map.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #training = new Map<string, TrainingJob>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #diagnostics = new Map<string, Diagnostics>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #plans = new Map<string, ExperimentPlan>();

  #env = $state.raw<EnvironmentInfo | null>(null);
  #envError = $state<string | null>(null);
  #samples = $state.raw<SampleInfo[]>([]);
  #datasets = $state.raw<DatasetRecord[]>([]);
  #datasetsLoaded = $state(false);
  #runs = $state.raw<RunRecord[]>([]);
  #runsLoaded = $state(false);
  #error = $state.raw<UiError | null>(null);
  #stale = $state.raw<StaleSchemaEvent | null>(null);

  constructor(api: Studio = studio()) {
    this.api = api;
    this.importJob = new ImportJob(api, (rec) => this.#afterImport(rec));
  }

  get env(): EnvironmentInfo | null {
    return this.#env;
  }
  get envError(): string | null {
    return this.#envError;
  }
  get samples(): SampleInfo[] {
    return this.#samples;
  }
  get datasets(): DatasetRecord[] {
    return this.#datasets;
  }
  get datasetsLoaded(): boolean {
    return this.#datasetsLoaded;
  }
  get runs(): RunRecord[] {
    return this.#runs;
  }
  get runsLoaded(): boolean {
    return this.#runsLoaded;
  }
  /** Set when another tab upgraded the database (reload) or this tab's upgrade waits on an older tab. */
  get stale(): StaleSchemaEvent | null {
    return this.#stale;
  }
  /** The banner's error, if any. */
  get error(): UiError | null {
    return this.#error;
  }

  showError(e: unknown): void {
    this.#error = toUiError(e);
  }
  dismissError(): void {
    this.#error = null;
  }

  /** Load everything the first screen needs; each part fails on its own. */
  init(): void {
    void this.api.watchSchema(pointCallback((e: StaleSchemaEvent) => (this.#stale = e))).catch(() => {});
    void this.#guard(async () => {
      this.#samples = await this.api.listSamples();
    });
    void this.refreshDatasets();
    void this.refreshRuns();
    this.api.environment().then(
      (env) => (this.#env = env),
      (e: unknown) => (this.#envError = toUiError(e).message),
    );
  }

  refreshDatasets(): Promise<void> {
    return this.#guard(async () => {
      const list = await this.api.listDatasets();
      this.#datasets = [...list].sort((a, b) => b.createdAt - a.createdAt);
      this.#datasetsLoaded = true;
    });
  }

  refreshRuns(): Promise<void> {
    return this.#guard(async () => {
      const list = await this.api.listRuns();
      this.#runs = [...list].sort((a, b) => b.startedAt - a.startedAt);
      this.#runsLoaded = true;
    });
  }

  dataset(id: string): DatasetRecord | undefined {
    return this.#datasets.find((d) => d.id === id);
  }

  /** The bundled sample a dataset came from, matched by name. */
  sampleFor(dataset: DatasetRecord): SampleInfo | undefined {
    if (dataset.source !== 'sample') return undefined;
    return this.#samples.find((s) => s.name === dataset.name || s.id === dataset.name || s.file === dataset.name);
  }

  async deleteDataset(id: string): Promise<void> {
    await this.#guard(async () => {
      await this.api.deleteDataset(id);
      this.#plans.delete(id);
      this.#datasets = this.#datasets.filter((d) => d.id !== id);
    });
  }

  async deleteRun(id: string): Promise<void> {
    await this.#guard(async () => {
      await this.api.deleteRun(id);
      this.#runs = this.#runs.filter((r) => r.id !== id);
    });
  }

  /** Import failures show in the import panel (with their retry), not in the banner. */
  importSample(sample: SampleInfo): Promise<DatasetRecord | undefined> {
    return this.importJob.importSample(sample.id, sample.name);
  }

  /** Put a dataset's fresh record in the list in place (e.g. after its current version changed). */
  replaceDataset(rec: DatasetRecord): void {
    this.#datasets = this.#datasets.some((d) => d.id === rec.id)
      ? this.#datasets.map((d) => (d.id === rec.id ? rec : d))
      : [rec, ...this.#datasets];
  }

  /** The training job of a dataset; it outlives the view, so leaving and coming back keeps it. */
  trainingFor(datasetId: string): TrainingJob {
    let job = this.#training.get(datasetId);
    if (!job) {
      job = new TrainingJob(this.api, () => void this.refreshRuns());
      this.#training.set(datasetId, job);
    }
    return job;
  }

  /** On-demand diagnostics of a dataset (sanity checks, learning curve); kept like its training job. */
  diagnosticsFor(datasetId: string): Diagnostics {
    let d = this.#diagnostics.get(datasetId);
    if (!d) {
      d = new Diagnostics(this.api, datasetId);
      this.#diagnostics.set(datasetId, d);
    }
    return d;
  }

  /** The experiment plan of a dataset (preview, features, custom pipeline); kept like its training job. */
  planFor(datasetId: string): ExperimentPlan {
    let plan = this.#plans.get(datasetId);
    if (!plan) {
      plan = new ExperimentPlan(this.api, datasetId);
      this.#plans.set(datasetId, plan);
    }
    return plan;
  }

  #afterImport(rec: DatasetRecord): void {
    this.#error = null;
    this.#datasets = [rec, ...this.#datasets.filter((d) => d.id !== rec.id)];
  }

  async #guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.showError(e);
    }
  }
}
