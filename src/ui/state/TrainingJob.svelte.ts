import type { BackendName, ExperimentSpec } from '../../core/spec/types.ts';
import type { EpochRecord, SanityReport, TrainEvent } from '../../core/train/events.ts';
import type { RunRecord, RunStatus } from '../../core/track/types.ts';
import { eventCallback, newJobId, toUiError, type Studio, type UiError } from '../worker-client.ts';
import { jobActivity } from './JobActivity.svelte.ts';

export type TrainingStatus = 'idle' | 'running' | 'cancelling' | Exclude<RunStatus, 'running'>;

/** One training job on one dataset: streams epoch events into a history for the loss chart. */
export class TrainingJob {
  readonly #api: Studio;
  readonly #onFinished: (run: RunRecord | undefined) => void;
  #jobId: string | null = null;
  #fold: number | undefined = undefined;

  #status = $state<TrainingStatus>('idle');
  #phase = $state<string | null>(null);
  /** Done fraction of the current phase, when it reports one (the confidence intervals). */
  #phaseFraction = $state<number | null>(null);
  #history = $state.raw<EpochRecord[]>([]);
  #totalEpochs = $state(0);
  #backend = $state.raw<{ backend: string; adapter?: string } | null>(null);
  #bestEpoch = $state<number | undefined>(undefined);
  #run = $state.raw<RunRecord | null>(null);
  #error = $state.raw<UiError | null>(null);
  #startedAt = $state(0);
  #sanity = $state.raw<SanityReport | null>(null);
  #spec = $state.raw<ExperimentSpec | null>(null);
  #datasetId: string | null = null;

  constructor(api: Studio, onFinished: (run: RunRecord | undefined) => void) {
    this.#api = api;
    this.#onFinished = onFinished;
  }

  get status(): TrainingStatus {
    return this.#status;
  }
  get active(): boolean {
    return this.#status === 'running' || this.#status === 'cancelling';
  }
  get phase(): string | null {
    return this.#phase;
  }
  get phaseFraction(): number | null {
    return this.#phaseFraction;
  }
  get history(): EpochRecord[] {
    return this.#history;
  }
  get epochsDone(): number {
    return this.#history.length;
  }
  get totalEpochs(): number {
    return this.#totalEpochs;
  }
  get backend(): { backend: string; adapter?: string } | null {
    return this.#backend;
  }
  get bestEpoch(): number | undefined {
    return this.#bestEpoch;
  }
  get run(): RunRecord | null {
    return this.#run;
  }
  /** A failure: the run's recorded error, or the call's rejection. */
  get error(): UiError | null {
    return this.#error;
  }
  get startedAt(): number {
    return this.#startedAt;
  }
  /** The pre-training sanity checks: live from the event, then the run's record. */
  get sanity(): SanityReport | null {
    return this.#sanity;
  }
  /** The spec this job last started with. */
  get spec(): ExperimentSpec | null {
    return this.#spec;
  }
  /** Run the last spec again on another backend (after a GPU failure). */
  retryOn(backend: BackendName): Promise<RunRecord | undefined> {
    if (!this.#spec || !this.#datasetId) return Promise.resolve(undefined);
    return this.start(this.#datasetId, { ...this.#spec, backend });
  }

  async start(datasetId: string, spec: ExperimentSpec): Promise<RunRecord | undefined> {
    if (this.active) return undefined;
    const jobId = newJobId();
    this.#jobId = jobId;
    this.#fold = undefined;
    this.#spec = spec;
    this.#datasetId = datasetId;
    this.#sanity = null;
    this.#status = 'running';
    this.#phase = 'prepare';
    this.#phaseFraction = null;
    this.#history = [];
    this.#totalEpochs = 0;
    this.#backend = null;
    this.#bestEpoch = undefined;
    this.#run = null;
    this.#error = null;
    this.#startedAt = Date.now();
    const ended = jobActivity.begin('training');
    let run: RunRecord | undefined;
    try {
      run = await this.#api.train(
        datasetId,
        spec,
        jobId,
        eventCallback((e) => {
          if (this.#jobId === jobId) this.#onEvent(e);
        }),
      );
      this.#run = run;
      this.#history = run.history.length > 0 ? run.history : this.#history;
      this.#bestEpoch = run.bestEpoch ?? this.#bestEpoch;
      this.#sanity = run.sanity ?? this.#sanity;
      if (run.env.backend && !this.#backend) this.#backend = { backend: run.env.backend, adapter: run.env.adapter };
      this.#status = run.status === 'running' ? 'done' : run.status;
      this.#error = run.error ? { code: run.error.code, message: run.error.message } : null;
    } catch (e) {
      const err = toUiError(e);
      this.#error = err;
      this.#status = err.code === 'cancelled' ? 'cancelled' : 'failed';
    } finally {
      this.#phase = null;
      this.#phaseFraction = null;
      if (this.#jobId === jobId) this.#jobId = null;
      ended();
    }
    this.#onFinished(run);
    return run;
  }

  async cancel(): Promise<void> {
    const jobId = this.#jobId;
    if (!jobId || this.#status !== 'running') return;
    this.#status = 'cancelling';
    try {
      await this.#api.cancel(jobId);
    } catch (e) {
      this.#error = toUiError(e);
    }
  }

  #onEvent(e: TrainEvent): void {
    switch (e.type) {
      case 'phase':
        this.#phase = e.phase;
        this.#phaseFraction = e.fraction ?? null;
        break;
      case 'backend':
        this.#backend = { backend: e.backend, adapter: e.adapter };
        break;
      case 'epoch': {
        // Under cross-validation, chart the first fold only (as the run record does).
        this.#fold ??= e.fold;
        if (e.fold !== this.#fold) break;
        this.#totalEpochs = e.totalEpochs;
        this.#history = [...this.#history, e.record];
        break;
      }
      case 'sanity':
        // Checked once per experiment (the first fit); keep the first report that arrives.
        this.#sanity ??= e.report;
        break;
      case 'early-stop':
        if (e.fold === this.#fold) this.#bestEpoch = e.bestEpoch;
        break;
    }
  }
}
